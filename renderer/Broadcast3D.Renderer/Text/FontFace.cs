using System.Reflection;
using Broadcast3D.Renderer.Interop.FreeType;
using HarfBuzzSharp;
using HbBuffer = HarfBuzzSharp.Buffer;
using HbFace = HarfBuzzSharp.Face;
using HbFont = HarfBuzzSharp.Font;

namespace Broadcast3D.Renderer.Text;

/// <summary>
/// A font file at one pixel size: HarfBuzz shapes strings into glyph ids and positions (kerning, combining marks,
/// right-to-left runs), FreeType renders those glyphs to anti-aliased coverage. Advances are FreeType's hinted
/// ones (whole pixels, as the rasterised glyphs were designed for), GPOS kerning and mark offsets come from
/// HarfBuzz on top. Owns its FT_Library and FT_Face (<see cref="System.Runtime.InteropServices.SafeHandle"/>s:
/// released even when Dispose is forgotten) and its HarfBuzz objects (HarfBuzzSharp's own finalisable wrappers).
/// Not thread-safe.
/// </summary>
public sealed unsafe class FontFace : IDisposable
{
    /// <summary>The default font (Debian's fonts-dejavu-core); <c>B3D_FONT</c> overrides it.</summary>
    public const string DefaultFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>The default bold font.</summary>
    public const string DefaultBoldFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    /// <summary>
    /// Distinct strings whose shaping is kept per face: more than the names, numbers and captions of a show (two team
    /// sheets and officials are under 100), while a label that changes every frame (a clock, a speed) cannot grow the
    /// cache without bound (about 0.5 MB when full for 20-glyph labels); when full it starts again.
    /// </summary>
    public const int MaxCachedStrings = 1024;

    // One set of callbacks for every face: HarfBuzz asks the font data (the face's FreeType handle) for advances.
    private static readonly Lazy<FontFunctions> s_hintedAdvances = new(CreateFontFunctions);

    private readonly FreeTypeLibrary _ft;
    private readonly FreeTypeLibraryHandle _library;
    private readonly FreeTypeFaceHandle _face;
    private readonly Blob _hbBlob;
    private readonly HbFace _hbFace;
    private readonly HbFont _hbOpenType;
    private readonly HbFont _hbFont;
    private readonly HbBuffer _hbBuffer = new();
    private readonly Dictionary<string, ShapedText> _shaped = new(StringComparer.Ordinal);
    private readonly List<(int Start, int Length, bool RightToLeft)> _runs = [];
    private readonly List<ShapedGlyph> _glyphs = [];

    /// <summary>Opens <paramref name="path"/> at <paramref name="pixelSize"/> pixels per em; throws <see cref="FontException"/> naming the file.</summary>
    public FontFace(string path, int pixelSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelSize, 1);
        _ft = FreeTypeLibrary.TryGet(out string error) ?? throw new FontException(error);
        if (!File.Exists(path))
            throw new FontException($"font file not found: {path} ({FreeTypeLibrary.InstallHint}, or set B3D_FONT)");
        _library = FreeTypeLibraryHandle.Create(_ft);
        try
        {
            _face = FreeTypeFaceHandle.Open(_ft, _library, path);
        }
        catch
        {
            _library.Dispose();
            throw;
        }
        nint face = _face.DangerousGetHandle();
        _ft.Check(_ft.SetPixelSizes(face, 0, (uint)pixelSize), $"setting {path} to {pixelSize}px");
        PixelSize = pixelSize;
        Path = path;
        nint size = *(nint*)(face + FreeTypeLayout.FaceSize);
        byte* metrics = (byte*)size + FreeTypeLayout.SizeMetrics;
        // 26.6 fixed point: 64 units per pixel.
        Ascender = *(nint*)(metrics + FreeTypeLayout.MetricsAscender) / 64f;
        Descender = -*(nint*)(metrics + FreeTypeLayout.MetricsDescender) / 64f;
        LineHeight = *(nint*)(metrics + FreeTypeLayout.MetricsHeight) / 64f;

        // HarfBuzz reads the same file (glyph ids are the font's, so FreeType renders what HarfBuzz picked) and
        // works in 26.6 units: one em is pixelSize × 64.
        _hbBlob = Blob.FromFile(path);
        _hbFace = new HbFace(_hbBlob, 0);
        _hbOpenType = new HbFont(_hbFace);
        _hbOpenType.SetScale(pixelSize * 64, pixelSize * 64);
        _hbFont = new HbFont(_hbOpenType);
        _hbFont.SetScale(pixelSize * 64, pixelSize * 64);
        _hbFont.SetFontFunctions(s_hintedAdvances.Value, new AdvanceSource(_ft, _face));
    }

    /// <summary>The default font at <paramref name="pixelSize"/> (honours <c>B3D_FONT</c>).</summary>
    public static FontFace OpenDefault(int pixelSize, bool bold = false)
    {
        string? env = Environment.GetEnvironmentVariable("B3D_FONT");
        return new FontFace(!string.IsNullOrEmpty(env) ? env : bold ? DefaultBoldFontPath : DefaultFontPath, pixelSize);
    }

    public string Path { get; }
    public int PixelSize { get; }

    /// <summary>Pixels from the baseline up to the top of tall glyphs.</summary>
    public float Ascender { get; }

    /// <summary>Pixels from the baseline down to the bottom of descenders (positive).</summary>
    public float Descender { get; }

    /// <summary>Baseline-to-baseline distance in pixels.</summary>
    public float LineHeight { get; }

    /// <summary>
    /// <paramref name="text"/> shaped into glyphs in visual order. Shaped once per distinct string and cached (up to
    /// <see cref="MaxCachedStrings"/>), so drawing the same labels every frame allocates nothing.
    /// </summary>
    public ShapedText Shape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(_face.IsClosed, this);
        if (_shaped.TryGetValue(text, out ShapedText? shaped))
            return shaped;
        _glyphs.Clear();
        TextDirection.Runs(text, _runs);
        foreach ((int start, int length, bool rightToLeft) in _runs)
        {
            _hbBuffer.ClearContents();
            // The whole string is context (for joining Arabic letters across runs); only the run is shaped.
            _hbBuffer.AddUtf16(text, start, length);
            _hbBuffer.Direction = rightToLeft ? Direction.RightToLeft : Direction.LeftToRight;
            _hbBuffer.GuessSegmentProperties();
            _hbFont.Shape(_hbBuffer, []);
            GlyphInfo[] infos = _hbBuffer.GlyphInfos;
            GlyphPosition[] positions = _hbBuffer.GlyphPositions;
            for (int i = 0; i < infos.Length; i++)
            {
                _glyphs.Add(new ShapedGlyph(infos[i].Codepoint, positions[i].XAdvance / 64f,
                    positions[i].XOffset / 64f, positions[i].YOffset / 64f, (int)infos[i].Cluster));
            }
        }
        if (_shaped.Count >= MaxCachedStrings)
            _shaped.Clear();
        shaped = new ShapedText(text, [.. _glyphs]);
        _shaped.Add(text, shaped);
        return shaped;
    }

    /// <summary>The font's glyph for <paramref name="codePoint"/> (0, the .notdef box, when the font lacks it).</summary>
    public uint GlyphIndex(int codePoint)
    {
        ObjectDisposedException.ThrowIf(_face.IsClosed, this);
        return _hbOpenType.TryGetNominalGlyph(codePoint, out uint glyph) ? glyph : 0;
    }

    /// <summary>Renders glyph <paramref name="glyphId"/> (an id from <see cref="Shape"/>) to 8-bit coverage.</summary>
    public GlyphBitmap Render(uint glyphId)
    {
        ObjectDisposedException.ThrowIf(_face.IsClosed, this);
        nint face = _face.DangerousGetHandle();
        _ft.Check(_ft.LoadGlyph(face, glyphId, FreeTypeLayout.LoadRender), $"rendering glyph {glyphId} of {Path}");
        byte* slot = *(byte**)(face + FreeTypeLayout.FaceGlyph);
        byte* bitmap = slot + FreeTypeLayout.GlyphBitmap;
        int rows = (int)*(uint*)(bitmap + FreeTypeLayout.BitmapRows);
        int width = (int)*(uint*)(bitmap + FreeTypeLayout.BitmapWidth);
        int pitch = *(int*)(bitmap + FreeTypeLayout.BitmapPitch);
        byte* buffer = *(byte**)(bitmap + FreeTypeLayout.BitmapBuffer);
        byte mode = *(bitmap + FreeTypeLayout.BitmapPixelMode);
        if (rows > 0 && mode != FreeTypeLayout.PixelModeGray)
            throw new FontException($"{Path}: glyph {glyphId} rendered in pixel mode {mode}, expected 8-bit grey");
        byte[] coverage = new byte[width * rows];
        for (int y = 0; y < rows; y++)
        {
            // A negative pitch means bottom-up rows; the row pointer arithmetic handles both.
            byte* row = pitch >= 0 ? buffer + y * pitch : buffer + (rows - 1 - y) * -pitch;
            new ReadOnlySpan<byte>(row, width).CopyTo(coverage.AsSpan(y * width, width));
        }
        float advance = *(nint*)(slot + FreeTypeLayout.GlyphAdvance) / 64f;
        return new GlyphBitmap(width, rows, *(int*)(slot + FreeTypeLayout.GlyphBitmapLeft), *(int*)(slot + FreeTypeLayout.GlyphBitmapTop), advance, coverage);
    }

    /// <summary>FreeType's version as "major.minor.patch".</summary>
    public static string FreeTypeVersion()
    {
        FreeTypeLibrary ft = FreeTypeLibrary.TryGet(out string error) ?? throw new FontException(error);
        using FreeTypeLibraryHandle library = FreeTypeLibraryHandle.Create(ft);
        int major, minor, patch;
        ft.LibraryVersion(library.DangerousGetHandle(), &major, &minor, &patch);
        return $"{major}.{minor}.{patch}";
    }

    /// <summary>HarfBuzzSharp's package version (it ships its own native HarfBuzz of the matching release).</summary>
    public static string HarfBuzzSharpVersion() =>
        (typeof(Blob).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0];

    /// <summary>Releases the HarfBuzz objects, then the face, then its library. Safe to call twice.</summary>
    public void Dispose()
    {
        _hbBuffer.Dispose();
        _hbFont.Dispose();
        _hbOpenType.Dispose();
        _hbFace.Dispose();
        _hbBlob.Dispose();
        _face.Dispose();
        _library.Dispose();
        _shaped.Clear();
    }

    private static FontFunctions CreateFontFunctions()
    {
        var functions = new FontFunctions();
        functions.SetHorizontalGlyphAdvanceDelegate((_, data, glyph) => ((AdvanceSource)data).Advance(glyph), null);
        functions.MakeImmutable();
        return functions;
    }

    /// <summary>
    /// What HarfBuzz's advance callback reads: only the FreeType handles, never the <see cref="FontFace"/> (HarfBuzz
    /// keeps its font data alive, and holding the face from there would keep it from ever being collected).
    /// </summary>
    private sealed class AdvanceSource(FreeTypeLibrary ft, FreeTypeFaceHandle face)
    {
        // 26.6 advance of the hinted glyph, as FreeType lays out text without shaping. This runs inside HarfBuzz
        // (native frames): it must not throw, so a glyph FreeType cannot load advances by 0 and the
        // FontException comes from Render, in managed code, when the glyph is drawn.
        public int Advance(uint glyph)
        {
            if (face.IsClosed)
                return 0;
            nint raw = face.DangerousGetHandle();
            if (ft.LoadGlyph(raw, glyph, FreeTypeLayout.LoadDefault) != 0)
                return 0;
            byte* slot = *(byte**)(raw + FreeTypeLayout.FaceGlyph);
            return (int)*(nint*)(slot + FreeTypeLayout.GlyphAdvance);
        }
    }
}
