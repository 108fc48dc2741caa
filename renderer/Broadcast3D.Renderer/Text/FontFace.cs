using System.Runtime.InteropServices;
using Broadcast3D.Renderer.Interop.FreeType;

namespace Broadcast3D.Renderer.Text;

/// <summary>
/// A font file opened with FreeType at one pixel size, rendering anti-aliased glyphs. Owns its own FT_Library,
/// so faces are independent; one face is not thread-safe.
/// </summary>
public sealed unsafe class FontFace : IDisposable
{
    /// <summary>The default font (Debian's fonts-dejavu-core); <c>B3D_FONT</c> overrides it.</summary>
    public const string DefaultFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>The default bold font.</summary>
    public const string DefaultBoldFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    private readonly FreeTypeLibrary _ft;
    private nint _library;
    private nint _face;

    /// <summary>Opens <paramref name="path"/> at <paramref name="pixelSize"/> pixels per em; throws <see cref="FontException"/> naming the file.</summary>
    public FontFace(string path, int pixelSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelSize, 1);
        _ft = FreeTypeLibrary.TryGet(out string error) ?? throw new FontException(error);
        if (!File.Exists(path))
            throw new FontException($"font file not found: {path} ({FreeTypeLibrary.InstallHint}, or set B3D_FONT)");
        nint library;
        _ft.Check(_ft.InitFreeType(&library), "FT_Init_FreeType");
        _library = library;
        nint face;
        byte* utf8 = (byte*)Marshal.StringToCoTaskMemUTF8(path);
        try
        {
            int e = _ft.NewFace(_library, utf8, 0, &face);
            if (e != 0)
            {
                _ft.DoneFreeType(_library);
                _library = 0;
                _ft.Check(e, $"opening font {path}");
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem((nint)utf8);
        }
        _face = face;
        _ft.Check(_ft.SetPixelSizes(_face, 0, (uint)pixelSize), $"setting {path} to {pixelSize}px");
        PixelSize = pixelSize;
        Path = path;
        nint size = *(nint*)(_face + FreeTypeLayout.FaceSize);
        byte* metrics = (byte*)size + FreeTypeLayout.SizeMetrics;
        // 26.6 fixed point: 64 units per pixel.
        Ascender = *(nint*)(metrics + FreeTypeLayout.MetricsAscender) / 64f;
        Descender = -*(nint*)(metrics + FreeTypeLayout.MetricsDescender) / 64f;
        LineHeight = *(nint*)(metrics + FreeTypeLayout.MetricsHeight) / 64f;
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

    /// <summary>Renders <paramref name="codePoint"/> to 8-bit coverage (a missing glyph renders FreeType's .notdef box).</summary>
    public GlyphBitmap Render(int codePoint)
    {
        ObjectDisposedException.ThrowIf(_face == 0, this);
        _ft.Check(_ft.LoadChar(_face, (nuint)codePoint, FreeTypeLayout.LoadRender), $"rendering U+{codePoint:X4} with {Path}");
        byte* slot = *(byte**)(_face + FreeTypeLayout.FaceGlyph);
        byte* bitmap = slot + FreeTypeLayout.GlyphBitmap;
        int rows = (int)*(uint*)(bitmap + FreeTypeLayout.BitmapRows);
        int width = (int)*(uint*)(bitmap + FreeTypeLayout.BitmapWidth);
        int pitch = *(int*)(bitmap + FreeTypeLayout.BitmapPitch);
        byte* buffer = *(byte**)(bitmap + FreeTypeLayout.BitmapBuffer);
        byte mode = *(bitmap + FreeTypeLayout.BitmapPixelMode);
        if (rows > 0 && mode != FreeTypeLayout.PixelModeGray)
            throw new FontException($"{Path}: U+{codePoint:X4} rendered in pixel mode {mode}, expected 8-bit grey");
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
        nint library;
        ft.Check(ft.InitFreeType(&library), "FT_Init_FreeType");
        int major, minor, patch;
        ft.LibraryVersion(library, &major, &minor, &patch);
        ft.DoneFreeType(library);
        return $"{major}.{minor}.{patch}";
    }

    public void Dispose()
    {
        if (_face != 0)
            _ft.DoneFace(_face);
        if (_library != 0)
            _ft.DoneFreeType(_library);
        _face = 0;
        _library = 0;
    }
}
