using Broadcast3D.Renderer.Interop.FreeType;
using Broadcast3D.Renderer.Text;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Renderer.Tests;

/// <summary>The hard-coded FreeType offsets equal what gcc computes from the installed headers (libfreetype-dev).</summary>
public sealed class FreeTypeLayoutTests
{
    private static readonly (string Expression, int Ours)[] s_fields =
    [
        ("offsetof(FT_FaceRec, glyph)", FreeTypeLayout.FaceGlyph),
        ("offsetof(FT_FaceRec, size)", FreeTypeLayout.FaceSize),
        ("offsetof(FT_SizeRec, metrics)", FreeTypeLayout.SizeMetrics),
        ("offsetof(FT_Size_Metrics, ascender)", FreeTypeLayout.MetricsAscender),
        ("offsetof(FT_Size_Metrics, descender)", FreeTypeLayout.MetricsDescender),
        ("offsetof(FT_Size_Metrics, height)", FreeTypeLayout.MetricsHeight),
        ("offsetof(FT_GlyphSlotRec, advance)", FreeTypeLayout.GlyphAdvance),
        ("offsetof(FT_GlyphSlotRec, bitmap)", FreeTypeLayout.GlyphBitmap),
        ("offsetof(FT_GlyphSlotRec, bitmap_left)", FreeTypeLayout.GlyphBitmapLeft),
        ("offsetof(FT_GlyphSlotRec, bitmap_top)", FreeTypeLayout.GlyphBitmapTop),
        ("offsetof(FT_Bitmap, rows)", FreeTypeLayout.BitmapRows),
        ("offsetof(FT_Bitmap, width)", FreeTypeLayout.BitmapWidth),
        ("offsetof(FT_Bitmap, pitch)", FreeTypeLayout.BitmapPitch),
        ("offsetof(FT_Bitmap, buffer)", FreeTypeLayout.BitmapBuffer),
        ("offsetof(FT_Bitmap, pixel_mode)", FreeTypeLayout.BitmapPixelMode),
        ("FT_LOAD_DEFAULT", FreeTypeLayout.LoadDefault),
        ("FT_LOAD_RENDER", FreeTypeLayout.LoadRender),
        ("FT_PIXEL_MODE_GRAY", FreeTypeLayout.PixelModeGray),
    ];

    [Test]
    public void Offsets_CompiledAgainstInstalledHeaders_Match()
    {
        Dictionary<string, long> values = CHeaderProbe.Evaluate(["#include <ft2build.h>", "#include FT_FREETYPE_H"],
            s_fields.Select((f, i) => ($"f{i}", f.Expression)), ["-I/usr/include/freetype2"], "install libfreetype-dev: scripts/setup.sh");
        Assert.Multiple(() =>
        {
            for (int i = 0; i < s_fields.Length; i++)
                Assert.That(s_fields[i].Ours, Is.EqualTo(values[$"f{i}"]), s_fields[i].Expression);
        });
    }

    [Test]
    public void Render_LetterAtDefaultFont_HasCoverageAndMetrics()
    {
        using FontFace face = FontFace.OpenDefault(32);
        GlyphBitmap a = face.Render(face.GlyphIndex('A'));
        GlyphBitmap space = face.Render(face.GlyphIndex(' '));
        Assert.Multiple(() =>
        {
            Assert.That(a.Width, Is.InRange(15, 32));
            Assert.That(a.Top, Is.InRange(20, 32), "cap height of a 32px face");
            Assert.That(a.Coverage.Max(), Is.EqualTo(255), "anti-aliased glyphs have fully covered pixels");
            Assert.That(a.Coverage.Any(v => v is > 0 and < 255), Is.True, "and partially covered edge pixels");
            Assert.That(space.Width, Is.Zero);
            Assert.That(space.AdvancePixels, Is.GreaterThan(5));
            Assert.That(face.Ascender, Is.GreaterThan(face.Descender));
        });
    }

    [Test]
    public void Open_MissingFile_ThrowsNamingIt()
    {
        var ex = Assert.Throws<FontException>(() => new FontFace("/nonexistent/font.ttf", 20));
        Assert.That(ex!.Message, Does.Contain("/nonexistent/font.ttf"));
    }
}
