using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>The label look shared by the built-ins: white bold text on a dark translucent box, about 1/30 of the picture high.</summary>
internal static class LabelText
{
    public static readonly Vector4 Colour = new(1f, 1f, 1f, 1f);
    public static readonly Vector4 Box = new(0.04f, 0.06f, 0.08f, 0.7f);

    // About 1/30 of the picture height: readable at 720p, not covering the athlete.
    public static int Pixels(IOverlayCanvas canvas) => Math.Max(12, canvas.Height / 30);

    public static TextStyle Style(IOverlayCanvas canvas, float opacity) =>
        new(Pixels(canvas), Colour with { W = Colour.W * opacity }) { Box = Box with { W = Box.W * opacity } };
}
