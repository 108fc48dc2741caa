using Broadcast3D.Gpu;

namespace Broadcast3D.Renderer.Text;

/// <summary>
/// Rendered glyphs packed into one R8 coverage texture by shelves (rows of equal height), keyed by font and glyph
/// id (what HarfBuzz's shaping returns, so ligatures, marks and contextual forms each have their own entry). Glyphs are added on first use and kept; a full atlas refuses new glyphs (they are skipped and counted)
/// rather than reallocating mid-show. Owned by the device's thread.
/// </summary>
internal sealed class GlyphAtlas : IDisposable
{
    // One pixel of empty border around each glyph keeps bilinear sampling from bleeding between neighbours.
    private const int Padding = 1;

    private readonly Dictionary<(FontFace Font, uint GlyphId), AtlasGlyph> _glyphs = [];
    private int _shelfX, _shelfY, _shelfHeight;

    public GlyphAtlas(GpuDevice device, int size)
    {
        Size = size;
        Texture = device.CreateTexture(new TextureDescription(size, size, TextureFormat.R8));
        Texture.Upload(new byte[size * size]);
    }

    public int Size { get; }

    public GpuTexture Texture { get; }

    /// <summary>Glyphs that did not fit.</summary>
    public int Overflowed { get; private set; }

    /// <summary>The glyph's placement (rendering and uploading it on first use); null when the atlas is full.</summary>
    public AtlasGlyph? Get(FontFace font, uint glyphId)
    {
        if (_glyphs.TryGetValue((font, glyphId), out AtlasGlyph glyph))
            return glyph;
        GlyphBitmap bitmap = font.Render(glyphId);
        int w = bitmap.Width + (2 * Padding), h = bitmap.Height + (2 * Padding);
        if (_shelfX + w > Size)
        {
            _shelfY += _shelfHeight;
            _shelfX = 0;
            _shelfHeight = 0;
        }
        if (_shelfY + h > Size || w > Size)
        {
            Overflowed++;
            return null;
        }
        int x = _shelfX + Padding, y = _shelfY + Padding;
        if (bitmap.Width > 0 && bitmap.Height > 0)
            Texture.Upload(bitmap.Coverage, bitmap.Width, x, y, bitmap.Width, bitmap.Height);
        _shelfX += w;
        _shelfHeight = Math.Max(_shelfHeight, h);
        glyph = new AtlasGlyph(x, y, bitmap.Width, bitmap.Height, bitmap.Left, bitmap.Top);
        _glyphs.Add((font, glyphId), glyph);
        return glyph;
    }

    public void Dispose() => Texture.Dispose();
}

/// <summary>Where a glyph sits in the atlas (pixels) and how it is placed from the pen on the baseline (advances come from shaping).</summary>
internal readonly record struct AtlasGlyph(int X, int Y, int Width, int Height, int Left, int Top);
