namespace Broadcast3D.Renderer.Text;

/// <summary>
/// A string shaped by HarfBuzz for one <see cref="FontFace"/>: glyph ids (kerning, ligatures, combining marks,
/// right-to-left runs applied) in visual order, and the total advance in pixels. Immutable; cached per face.
/// </summary>
public sealed class ShapedText
{
    internal ShapedText(string text, ShapedGlyph[] glyphs)
    {
        Text = text;
        Glyphs = glyphs;
        float width = 0;
        foreach (ShapedGlyph g in glyphs)
            width += g.Advance;
        Width = width;
    }

    /// <summary>The string as given.</summary>
    public string Text { get; }

    /// <summary>The glyphs, left to right on screen.</summary>
    public IReadOnlyList<ShapedGlyph> Glyphs { get; }

    /// <summary>Sum of the advances in pixels (kerning included).</summary>
    public float Width { get; }
}
