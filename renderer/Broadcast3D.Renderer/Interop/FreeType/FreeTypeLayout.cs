namespace Broadcast3D.Renderer.Interop.FreeType;

/// <summary>
/// Byte offsets of the FreeType 2 struct fields we read, for LP64 (Linux x86-64/arm64: C long is 8 bytes; on
/// Windows, where long is 4 bytes, they differ and this table would need its own values). Checked against the
/// installed headers by a test that compiles an <c>offsetof</c> program with gcc.
/// </summary>
internal static class FreeTypeLayout
{
    public const int FaceGlyph = 152;           // FT_FaceRec.glyph (FT_GlyphSlot)
    public const int FaceSize = 160;            // FT_FaceRec.size (FT_Size)
    public const int SizeMetrics = 24;          // FT_SizeRec.metrics (FT_Size_Metrics)
    public const int MetricsAscender = 24;      // FT_Size_Metrics.ascender (FT_Pos, 26.6)
    public const int MetricsDescender = 32;     // FT_Size_Metrics.descender (FT_Pos, 26.6, negative)
    public const int MetricsHeight = 40;        // FT_Size_Metrics.height (FT_Pos, 26.6)
    public const int GlyphAdvance = 128;        // FT_GlyphSlotRec.advance (FT_Vector of FT_Pos, 26.6)
    public const int GlyphBitmap = 152;         // FT_GlyphSlotRec.bitmap (FT_Bitmap)
    public const int GlyphBitmapLeft = 192;     // FT_GlyphSlotRec.bitmap_left (FT_Int)
    public const int GlyphBitmapTop = 196;      // FT_GlyphSlotRec.bitmap_top (FT_Int)
    public const int BitmapRows = 0;            // FT_Bitmap.rows (unsigned int)
    public const int BitmapWidth = 4;           // FT_Bitmap.width (unsigned int)
    public const int BitmapPitch = 8;           // FT_Bitmap.pitch (int)
    public const int BitmapBuffer = 16;         // FT_Bitmap.buffer (unsigned char*)
    public const int BitmapPixelMode = 26;      // FT_Bitmap.pixel_mode (unsigned char)

    public const int LoadDefault = 0;           // FT_LOAD_DEFAULT (hinted outline, no bitmap)
    public const int LoadRender = 4;            // FT_LOAD_RENDER
    public const int PixelModeGray = 2;         // FT_PIXEL_MODE_GRAY (8-bit coverage)
}
