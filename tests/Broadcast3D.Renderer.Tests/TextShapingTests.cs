using Broadcast3D.Renderer.Text;

namespace Broadcast3D.Renderer.Tests;

/// <summary>HarfBuzz shaping of labels with the default font (DejaVu Sans): kerning, combining marks, right-to-left.</summary>
public sealed class TextShapingTests
{
    private const int PixelSize = 48;

    [Test]
    public void Shape_AvatarName_KernedAvNarrowerThanGlyphAdvances()
    {
        using FontFace face = FontFace.OpenDefault(PixelSize);
        ShapedText shaped = face.Shape("AVATAR Wałęsa Ødegaard");
        IReadOnlyList<ShapedGlyph> g = shaped.Glyphs;
        float a = face.Render(face.GlyphIndex('A')).AdvancePixels, v = face.Render(face.GlyphIndex('V')).AdvancePixels;
        TestContext.Out.WriteLine($"'AV' shaped {g[0].Advance + g[1].Advance} px, glyph advances {a} + {v} px");
        Assert.Multiple(() =>
        {
            Assert.That(g, Has.Count.EqualTo(22), "one glyph per character: ł, ę and Ø are in the font");
            Assert.That(g.Select(x => x.GlyphId), Has.None.EqualTo(0u), "no .notdef box");
            Assert.That(g[0].GlyphId, Is.EqualTo(face.GlyphIndex('A')));
            Assert.That(g[1].GlyphId, Is.EqualTo(face.GlyphIndex('V')));
            Assert.That(g[0].Advance + g[1].Advance, Is.LessThan(a + v), "A and V are kerned together");
            Assert.That(shaped.Width, Is.EqualTo(g.Sum(x => x.Advance)).Within(1e-3));
        });
    }

    [Test]
    public void Shape_LetterWithoutPrecomposedAcute_MarkLandsOnBaseGlyph()
    {
        using FontFace face = FontFace.OpenDefault(PixelSize);
        // DejaVu has no precomposed x-acute, so HarfBuzz places the combining mark with the font's anchors.
        IReadOnlyList<ShapedGlyph> g = face.Shape("x\u0301").Glyphs;
        Assert.That(g, Has.Count.EqualTo(2));
        ShapedGlyph baseGlyph = g[0], mark = g[1];
        GlyphBitmap markBitmap = face.Render(mark.GlyphId);
        // Pen positions from the start of the string: the mark is drawn at the pen after its base, moved by its offset.
        float markPen = baseGlyph.Advance + mark.OffsetX;
        float inkLeft = markPen + markBitmap.Left, inkRight = inkLeft + markBitmap.Width;
        TestContext.Out.WriteLine($"base advance {baseGlyph.Advance} px; mark pen {markPen} px, ink {inkLeft}..{inkRight} px");
        Assert.Multiple(() =>
        {
            Assert.That(baseGlyph.GlyphId, Is.EqualTo(face.GlyphIndex('x')));
            Assert.That(mark.GlyphId, Is.Not.EqualTo(0u).And.Not.EqualTo(baseGlyph.GlyphId));
            Assert.That(mark.Advance, Is.Zero, "a mark does not move the pen");
            Assert.That(mark.Cluster, Is.EqualTo(baseGlyph.Cluster), "the mark belongs to its base's cluster");
            Assert.That(markPen, Is.InRange(0f, baseGlyph.Advance), "the mark's pen position is inside the base glyph's box");
            Assert.That(inkLeft, Is.GreaterThanOrEqualTo(0f));
            Assert.That(inkRight, Is.LessThanOrEqualTo(baseGlyph.Advance));
        });
    }

    [Test]
    public void Shape_DecomposedEAcute_SameGlyphAsPrecomposed()
    {
        using FontFace face = FontFace.OpenDefault(PixelSize);
        IReadOnlyList<ShapedGlyph> decomposed = face.Shape("e\u0301").Glyphs;
        Assert.That(decomposed.Select(g => g.GlyphId), Is.EqualTo(new[] { face.GlyphIndex('\u00E9') }),
            "HarfBuzz composes e + U+0301 into the font's é");
    }

    [Test]
    public void Shape_HebrewWord_GlyphsInVisualOrder()
    {
        using FontFace face = FontFace.OpenDefault(PixelSize);
        const string Shalom = "שלום";
        IReadOnlyList<ShapedGlyph> g = face.Shape(Shalom).Glyphs;
        // Visual order is the logical order reversed: the last letter (final mem) is leftmost.
        Assert.That(g.Select(x => x.GlyphId), Is.EqualTo(Shalom.Reverse().Select(c => face.GlyphIndex(c))));
        Assert.That(g.Select(x => x.Cluster), Is.EqualTo(new[] { 3, 2, 1, 0 }));
    }

    [Test]
    public void Shape_ArabicWord_JoinedFormsInVisualOrder()
    {
        using FontFace face = FontFace.OpenDefault(PixelSize);
        const string Marhaba = "مرحبا";
        IReadOnlyList<ShapedGlyph> g = face.Shape(Marhaba).Glyphs;
        Assert.Multiple(() =>
        {
            Assert.That(g.Select(x => x.Cluster), Is.EqualTo(new[] { 4, 3, 2, 1, 0 }));
            Assert.That(g.Select(x => x.GlyphId), Has.None.EqualTo(0u));
            // Joining letters take their initial/medial/final forms, not the isolated ones of the character map.
            Assert.That(g.Select(x => x.GlyphId), Is.Not.EqualTo(Marhaba.Reverse().Select(c => face.GlyphIndex(c))));
        });
    }

    [Test]
    public void Shape_LatinHebrewAndNumber_RunsInVisualOrder()
    {
        using FontFace face = FontFace.OpenDefault(PixelSize);
        // "Ødegaard" (0-7), space (8), Hebrew (9-12) reversed, space (13) and "07" (14-15) left to right.
        IReadOnlyList<ShapedGlyph> g = face.Shape("Ødegaard שלום 07").Glyphs;
        Assert.That(g.Select(x => x.Cluster), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 11, 10, 9, 13, 14, 15 }));
    }

    [Test]
    public void Shape_HebrewParagraphWithNumber_RunsRightToLeft()
    {
        using FontFace face = FontFace.OpenDefault(PixelSize);
        // A right-to-left paragraph: the number comes first on screen, then the space, then the word reversed.
        IReadOnlyList<ShapedGlyph> g = face.Shape("שלום 07").Glyphs;
        Assert.That(g.Select(x => x.Cluster), Is.EqualTo(new[] { 5, 6, 4, 3, 2, 1, 0 }));
    }

    [Test]
    public void Shape_SameStringTwice_ReturnsCachedShaping()
    {
        using FontFace face = FontFace.OpenDefault(PixelSize);
        ShapedText first = face.Shape("Wałęsa");
        Assert.That(face.Shape(new string("Wałęsa".AsSpan())), Is.SameAs(first));
    }

    [Test]
    public void Shape_AfterDispose_Throws()
    {
        var face = FontFace.OpenDefault(PixelSize);
        face.Dispose();
        Assert.Throws<ObjectDisposedException>(() => face.Shape("A"));
    }
}
