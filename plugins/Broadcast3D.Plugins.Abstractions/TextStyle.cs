using System.Numerics;

namespace Broadcast3D.Plugins;

/// <summary>
/// How text is drawn: size in output pixels (the font's em), straight RGBA colour, weight, and for
/// <see cref="IOverlayCanvas.Label"/> the colour of the box behind it (transparent for none).
/// </summary>
public readonly record struct TextStyle(int PixelSize, Vector4 Colour, bool Bold = true)
{
    /// <summary>The label box's straight RGBA (default a dark translucent slate).</summary>
    public Vector4 Box { get; init; } = new(0.04f, 0.06f, 0.08f, 0.7f);
}
