using System.Numerics;

namespace Broadcast3D.Plugins;

/// <summary>
/// What an overlay plugin draws with, for one view of one picture. World primitives are in metres (Z up) and are
/// projected through the view's camera with its lens distortion, so they land where the real lens put the athlete;
/// screen primitives are in the view's output pixels (origin top-left, pixel centres at integers). Colours are
/// straight RGBA 0–1. All 3D is drawn under all 2D; within each, in call order. Calls on the channel thread during
/// <see cref="IOverlayPlugin.Draw"/> only; primitives beyond the host's fixed pools are dropped and counted, never thrown.
/// </summary>
public interface IOverlayCanvas
{
    /// <summary>Output width, pixels.</summary>
    int Width { get; }

    /// <summary>Output height, pixels.</summary>
    int Height { get; }

    /// <summary>
    /// Projects <paramref name="world"/> (metres) to output pixels exactly as the GPU does; false (and no pixel) when
    /// it is behind the camera or not finite.
    /// </summary>
    bool TryProject(Vector3 world, out Vector2 pixel);

    /// <summary>A flat line <paramref name="widthPixels"/> wide between two world points (straight on screen: subdivide long lines so they follow the lens).</summary>
    void Line(Vector3 from, Vector3 to, Vector4 colour, float widthPixels);

    /// <summary>
    /// A polyline through <paramref name="points"/> (world), <paramref name="widthPixels"/> wide; with
    /// <paramref name="fadeIn"/> its alpha rises from 0 at the first point to <paramref name="colour"/>'s at the last (a trail).
    /// </summary>
    void Polyline(ReadOnlySpan<Vector3> points, Vector4 colour, float widthPixels, bool fadeIn = false);

    /// <summary>
    /// A shaded tube of <paramref name="radiusMetres"/> from <paramref name="from"/> to <paramref name="to"/>, depth-tested
    /// against the other shaded primitives; <paramref name="roundEnds"/> adds the hemispherical caps of a capsule.
    /// </summary>
    void Capsule(Vector3 from, Vector3 to, float radiusMetres, Vector4 colour, bool roundEnds = true);

    /// <summary>A shaded ball of <paramref name="radiusMetres"/> (a joint), depth-tested against the other shaded primitives.</summary>
    void Ball(Vector3 centre, float radiusMetres, Vector4 colour);

    /// <summary>A flat square disc of <paramref name="sizePixels"/> on the projection of <paramref name="centre"/>, drawn on top.</summary>
    void Dot(Vector3 centre, float sizePixels, Vector4 colour);

    /// <summary>A filled rectangle in output pixels.</summary>
    void Rectangle(float x, float y, float width, float height, Vector4 colour);

    /// <summary>
    /// A straight line <paramref name="widthPixels"/> wide between two points in output pixels (SDK 1.1), with square
    /// ends (half the width past each point, so the segments of a polyline join without a notch); drawn with the other
    /// 2D in call order.
    /// </summary>
    void ScreenLine(Vector2 from, Vector2 to, Vector4 colour, float widthPixels);

    /// <summary>
    /// Straight lines through <paramref name="points"/> (output pixels), <paramref name="widthPixels"/> wide (SDK 1.1);
    /// <paramref name="closed"/> joins the last point to the first. Translucent segments overlap where they join.
    /// </summary>
    void ScreenPolyline(ReadOnlySpan<Vector2> points, Vector4 colour, float widthPixels, bool closed = false);

    /// <summary>Text with its baseline starting at (<paramref name="x"/>, <paramref name="y"/>) output pixels; returns its width in pixels.</summary>
    float Text(string text, float x, float y, TextStyle style);

    /// <summary>
    /// A label: <paramref name="text"/> on <paramref name="style"/>'s box, whose bottom-left corner sits
    /// <paramref name="offsetPixels"/> from the projection of <paramref name="world"/> (skipped when behind the camera).
    /// </summary>
    void Label(Vector3 world, string text, TextStyle style, Vector2 offsetPixels);

    /// <summary>Width in pixels of <paramref name="text"/> in <paramref name="style"/>.</summary>
    float MeasureText(string text, TextStyle style);

    /// <summary>Shapes <paramref name="text"/> and rasterises its glyphs without drawing (see <see cref="IOverlayPlugin.PrepareText"/>).</summary>
    void PrepareText(string text, TextStyle style);

    /// <summary>Draws <paramref name="image"/> stretched to the rectangle (output pixels), times <paramref name="opacity"/>.</summary>
    void Image(OverlayImage image, float x, float y, float width, float height, float opacity = 1);
}
