namespace Broadcast3D.Plugins;

/// <summary>
/// An image an overlay draws (a logo, a flag): premultiplied RGBA8 pixels, rows top first, tightly packed. Create it
/// once (constructor, <see cref="IPlugin.Configure"/>); the host uploads it to the GPU at its first draw and keeps it
/// while the plugin is loaded. Immutable after creation: the pixels are copied.
/// </summary>
public sealed class OverlayImage
{
    private readonly byte[] _pixels;

    /// <summary>A <paramref name="width"/>×<paramref name="height"/> image of <paramref name="premultipliedRgba"/>.</summary>
    /// <exception cref="ArgumentException">The size is not positive or the pixels are not width × height × 4 bytes.</exception>
    public OverlayImage(int width, int height, ReadOnlySpan<byte> premultipliedRgba)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"image size {width}x{height} must be positive", nameof(width));
        if (premultipliedRgba.Length != width * height * 4)
            throw new ArgumentException($"a {width}x{height} RGBA image has {width * height * 4} bytes, not {premultipliedRgba.Length}", nameof(premultipliedRgba));
        (Width, Height) = (width, height);
        _pixels = premultipliedRgba.ToArray();
    }

    /// <summary>Width, pixels.</summary>
    public int Width { get; }

    /// <summary>Height, pixels.</summary>
    public int Height { get; }

    /// <summary>The premultiplied RGBA8 pixels.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;
}
