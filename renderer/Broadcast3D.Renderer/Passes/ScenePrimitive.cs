using System.Numerics;

namespace Broadcast3D.Renderer.Passes;

/// <summary>
/// One 3D primitive for <c>Compositor.DrawScene</c>, in world metres
/// projected through the render camera (lens distortion included), exactly as the skeleton and trail drawings are
/// drawn: the pass's instance format, so a list of primitives costs no conversion. Colours are straight RGBA.
/// Cylinders and spheres are shaded and depth-tested among themselves; markers and ribbons are flat and drawn on top.
/// Make them with the factory methods; a primitive with a non-finite point is skipped by the pass.
/// </summary>
public readonly record struct ScenePrimitive
{
    private ScenePrimitive(ScenePrimitiveKind kind, Vector4 a, Vector4 b, Vector4 color) => (Kind, A, B, Color) = (kind, a, b, color);

    /// <summary>What is drawn.</summary>
    public ScenePrimitiveKind Kind { get; }

    /// <summary>Start or centre (xyz, metres); w: radius (metres) for cylinders and spheres, size or width (pixels) for markers and ribbons.</summary>
    public Vector4 A { get; }

    /// <summary>End (xyz, metres) of a cylinder or ribbon; w: a ribbon's alpha at its end (1 for a cylinder).</summary>
    public Vector4 B { get; }

    /// <summary>Straight RGBA; a ribbon's alpha at its start.</summary>
    public Vector4 Color { get; }

    /// <summary>A shaded open cylinder from <paramref name="from"/> to <paramref name="to"/> (a bone); add spheres for round ends.</summary>
    public static ScenePrimitive Cylinder(Vector3 from, Vector3 to, float radiusMetres, Vector4 color) =>
        new(ScenePrimitiveKind.Cylinder, new Vector4(from, radiusMetres), new Vector4(to, 1), color);

    /// <summary>A shaded sphere (a joint, a ball).</summary>
    public static ScenePrimitive Sphere(Vector3 centre, float radiusMetres, Vector4 color) =>
        new(ScenePrimitiveKind.Sphere, new Vector4(centre, radiusMetres), Vector4.Zero, color);

    /// <summary>A flat square of <paramref name="sizePixels"/> render-target pixels centred on the projection of <paramref name="centre"/>.</summary>
    public static ScenePrimitive Marker(Vector3 centre, float sizePixels, Vector4 color) =>
        new(ScenePrimitiveKind.Marker, new Vector4(centre, sizePixels), Vector4.Zero, color);

    /// <summary>
    /// A flat ribbon of <paramref name="widthPixels"/> between the projections of <paramref name="from"/> and
    /// <paramref name="to"/>, its alpha going from <paramref name="color"/>'s W at the start to <paramref name="endAlpha"/>.
    /// </summary>
    public static ScenePrimitive Ribbon(Vector3 from, Vector3 to, float widthPixels, Vector4 color, float endAlpha) =>
        new(ScenePrimitiveKind.Ribbon, new Vector4(from, widthPixels), new Vector4(to, endAlpha), color);
}
