namespace Broadcast3D.Ndi;

/// <summary>
/// Size and pixel format of a frame held in one buffer with tightly packed rows: <see cref="StrideBytes"/> is
/// width × 4 for BGRA/BGRX/RGBA/RGBX and width × 2 for the UYVY part of UYVY/UYVA; UYVA's alpha plane follows at
/// <see cref="AlphaPlaneOffset"/> with rows of width bytes.
/// </summary>
public readonly record struct NdiVideoLayout
{
    /// <summary>Validates the size: positive, and even width for the 4:2:2 formats.</summary>
    public NdiVideoLayout(int width, int height, NdiPixelFormat pixelFormat)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"frame size {width}×{height} must be positive");
        if (pixelFormat is NdiPixelFormat.Uyvy or NdiPixelFormat.Uyva && width % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"{pixelFormat} needs an even width, not {width}");
        Width = width;
        Height = height;
        PixelFormat = pixelFormat;
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    public NdiPixelFormat PixelFormat { get; }

    /// <summary>Bytes from one row to the next in the first (or only) plane.</summary>
    public int StrideBytes => PixelFormat is NdiPixelFormat.Bgra or NdiPixelFormat.Bgrx or NdiPixelFormat.Rgba or NdiPixelFormat.Rgbx ? Width * 4 : Width * 2;

    /// <summary>Offset of UYVA's alpha plane in bytes; equals the first plane's size for every format.</summary>
    public int AlphaPlaneOffset => StrideBytes * Height;

    /// <summary>Bytes the whole frame occupies.</summary>
    public int SizeBytes => PixelFormat == NdiPixelFormat.Uyva ? AlphaPlaneOffset + Width * Height : AlphaPlaneOffset;

    public override string ToString() => $"{Width}×{Height} {PixelFormat}";
}
