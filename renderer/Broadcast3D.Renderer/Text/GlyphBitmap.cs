namespace Broadcast3D.Renderer.Text;

/// <summary>
/// One rendered glyph: 8-bit coverage rows (top first, <see cref="Width"/> bytes each, no padding) and its
/// placement relative to the pen on the baseline, in pixels (y down: the bitmap's top is <see cref="Top"/> pixels
/// above the baseline).
/// </summary>
public sealed record GlyphBitmap(int Width, int Height, int Left, int Top, float AdvancePixels, byte[] Coverage);
