using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Renderer.Text;

namespace Broadcast3D.Renderer.Diagnostics;

/// <summary><c>b3d doctor</c>'s text lines: FreeType's and HarfBuzzSharp's versions, and the default font shapes and renders a glyph. Never throws.</summary>
public sealed class FontSystemCheck : ISystemCheck
{
    private const string Category = "Text";

    public IReadOnlyList<DiagnosticItem> Run()
    {
        var items = new List<DiagnosticItem>();
        try
        {
            items.Add(DiagnosticItem.Ok(Category, "FreeType", FontFace.FreeTypeVersion()));
            items.Add(DiagnosticItem.Ok(Category, "HarfBuzz", $"HarfBuzzSharp {FontFace.HarfBuzzSharpVersion()} (shaping: kerning, combining marks, right-to-left)"));
        }
        catch (FontException ex)
        {
            items.Add(DiagnosticItem.Missing(Category, "FreeType", ex.Message));
            return items;
        }
        try
        {
            using FontFace face = FontFace.OpenDefault(32);
            GlyphBitmap g = face.Render(face.Shape("A").Glyphs[0].GlyphId);
            items.Add(g.Width > 0 && g.Height > 0
                ? DiagnosticItem.Ok(Category, "font", $"{face.Path} renders ('A' is {g.Width}x{g.Height}px at 32px)")
                : DiagnosticItem.Missing(Category, "font", $"{face.Path} rendered an empty 'A'"));
        }
        catch (FontException ex)
        {
            items.Add(DiagnosticItem.Missing(Category, "font", ex.Message));
        }
        return items;
    }
}
