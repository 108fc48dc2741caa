namespace Broadcast3D.Renderer.Text;

/// <summary>
/// One glyph of a shaped string, in visual order (left to right on screen), in pixels: the pen advances by
/// <see cref="Advance"/> after it, and the glyph is drawn at the pen moved by (<see cref="OffsetX"/>,
/// <see cref="OffsetY"/>), y up (a combining mark has advance 0 and an offset that puts it on its base).
/// <see cref="Cluster"/> is the UTF-16 index of the first character the glyph came from.
/// </summary>
public readonly record struct ShapedGlyph(uint GlyphId, float Advance, float OffsetX, float OffsetY, int Cluster);
