using System.Globalization;
using System.Text;
using Broadcast3D.Renderer.Interop.FreeType;
using Broadcast3D.Renderer.Text;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Gpu.Tests;

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
        ("FT_LOAD_RENDER", FreeTypeLayout.LoadRender),
        ("FT_PIXEL_MODE_GRAY", FreeTypeLayout.PixelModeGray),
    ];

    [Test]
    public void Offsets_CompiledAgainstInstalledHeaders_Match()
    {
        using var temp = new TempFolder();
        var c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <ft2build.h>\n#include FT_FREETYPE_H\nint main(void){\n");
        foreach ((string expression, _) in s_fields)
            c.Append(CultureInfo.InvariantCulture, $"printf(\"%ld\\n\", (long)({expression}));\n");
        c.Append("return 0;}\n");
        File.WriteAllText(temp.File("offsets.c"), c.ToString());
        ProcessRunner.Result build = ProcessRunner.Run("gcc", ["-I/usr/include/freetype2", temp.File("offsets.c"), "-o", temp.File("offsets")]);
        Assert.That(build.ExitCode, Is.Zero, $"gcc failed (install libfreetype-dev: scripts/setup.sh): {build.StdErr}");
        string[] lines = ProcessRunner.Run(temp.File("offsets"), []).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            for (int i = 0; i < s_fields.Length; i++)
                Assert.That(s_fields[i].Ours, Is.EqualTo(int.Parse(lines[i], CultureInfo.InvariantCulture)), s_fields[i].Expression);
        });
    }

    [Test]
    public void Render_LetterAtDefaultFont_HasCoverageAndMetrics()
    {
        using FontFace face = FontFace.OpenDefault(32);
        GlyphBitmap a = face.Render('A');
        GlyphBitmap space = face.Render(' ');
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
