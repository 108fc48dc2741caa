namespace Broadcast3D.Media;

/// <summary>
/// An 8-bit RGBA picture in managed memory: row y starts at <c>y * Stride</c>, 4 bytes per pixel (R, G, B, A).
/// The caller owns <see cref="Pixels"/>; not thread-safe for writes.
/// </summary>
public sealed class RgbaImage
{
    /// <summary>Creates a zeroed image with a tight stride (width × 4).</summary>
    public RgbaImage(int width, int height)
        : this(width, height, width * 4, new byte[checked(width * 4 * height)])
    {
    }

    /// <summary>Wraps existing pixels; <paramref name="pixels"/> must hold <c>stride × height</c> bytes.</summary>
    public RgbaImage(int width, int height, int stride, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width * 4);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length < (long)stride * height)
            throw new ArgumentException($"{pixels.Length} bytes cannot hold {height} rows of stride {stride}", nameof(pixels));
        Width = width;
        Height = height;
        Stride = stride;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Bytes per row (≥ Width × 4).</summary>
    public int Stride { get; }

    /// <summary>The pixel bytes, <see cref="Stride"/> × <see cref="Height"/>.</summary>
    public byte[] Pixels { get; }

    /// <summary>The 4 bytes of pixel (x, y).</summary>
    public Span<byte> Pixel(int x, int y) => Pixels.AsSpan(y * Stride + x * 4, 4);

    /// <summary>Row <paramref name="y"/>, Width × 4 bytes.</summary>
    public Span<byte> Row(int y) => Pixels.AsSpan(y * Stride, Width * 4);
}
