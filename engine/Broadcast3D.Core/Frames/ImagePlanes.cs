namespace Broadcast3D.Core.Frames;

/// <summary>
/// A read-only view of one picture's planes as decoded (no conversion): the layout, the size, up to three planes with
/// their strides, and the Y'CbCr matrix and range of YUV layouts. Tracking samples its tensors straight from these
/// planes; the GPU plate uploads them as they are. The view owns nothing: whoever made it keeps the memory alive and
/// unchanged while a callee reads it (a decoded frame until it is released, a managed buffer while it is in use).
/// </summary>
public readonly record struct ImagePlanes
{
    /// <summary>Creates a view; checks that every plane the layout needs is present and large enough.</summary>
    /// <exception cref="ArgumentException">A plane is missing or shorter than its rows need (names the plane).</exception>
    public ImagePlanes(PixelLayout layout, int width, int height, ReadOnlyMemory<byte> plane0, int stride0,
        ReadOnlyMemory<byte> plane1 = default, int stride1 = 0, ReadOnlyMemory<byte> plane2 = default, int stride2 = 0,
        YuvMatrix matrix = YuvMatrix.Bt709, bool fullRange = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Layout = layout;
        Width = width;
        Height = height;
        Plane0 = plane0;
        Stride0 = stride0;
        Plane1 = plane1;
        Stride1 = stride1;
        Plane2 = plane2;
        Stride2 = stride2;
        Matrix = matrix;
        FullRange = fullRange;
        for (int p = 0; p < PlaneCount(layout); p++)
        {
            (int rowBytes, int rows) = PlaneShape(layout, width, height, p);
            int stride = Stride(p);
            if (stride < rowBytes)
                throw new ArgumentException($"plane {p} of a {width}×{height} {layout} picture needs a stride of at least {rowBytes} bytes, got {stride}");
            long needed = ((long)stride * (rows - 1)) + rowBytes;
            if (Plane(p).Length < needed)
                throw new ArgumentException($"plane {p} of a {width}×{height} {layout} picture needs {needed} bytes, got {Plane(p).Length}");
        }
    }

    /// <summary>A tightly packed RGBA picture (stride 4·width unless given).</summary>
    public static ImagePlanes Rgba(ReadOnlyMemory<byte> pixels, int width, int height, int stride = 0) =>
        new(PixelLayout.Rgba8, width, height, pixels, stride == 0 ? width * 4 : stride);

    public PixelLayout Layout { get; }

    /// <summary>Width, pixels.</summary>
    public int Width { get; }

    /// <summary>Height, pixels.</summary>
    public int Height { get; }

    public ReadOnlyMemory<byte> Plane0 { get; }
    public int Stride0 { get; }
    public ReadOnlyMemory<byte> Plane1 { get; }
    public int Stride1 { get; }
    public ReadOnlyMemory<byte> Plane2 { get; }
    public int Stride2 { get; }

    /// <summary>Y'CbCr matrix of YUV layouts.</summary>
    public YuvMatrix Matrix { get; }

    /// <summary>True for full-range (JPEG) YUV, false for limited (studio, 16–235) range.</summary>
    public bool FullRange { get; }

    /// <summary>Plane <paramref name="plane"/> (0–2).</summary>
    public ReadOnlyMemory<byte> Plane(int plane) => plane switch
    {
        0 => Plane0,
        1 => Plane1,
        2 => Plane2,
        _ => throw new ArgumentOutOfRangeException(nameof(plane), $"{Layout} has {PlaneCount(Layout)} planes"),
    };

    /// <summary>Bytes per row of plane <paramref name="plane"/>.</summary>
    public int Stride(int plane) => plane switch
    {
        0 => Stride0,
        1 => Stride1,
        2 => Stride2,
        _ => throw new ArgumentOutOfRangeException(nameof(plane), $"{Layout} has {PlaneCount(Layout)} planes"),
    };

    /// <summary>Planes of <paramref name="layout"/>.</summary>
    public static int PlaneCount(PixelLayout layout) => layout switch
    {
        PixelLayout.Rgba8 or PixelLayout.Uyvy => 1,
        PixelLayout.Nv12 => 2,
        PixelLayout.Yuv420P or PixelLayout.Yuv420P10 => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown pixel layout"),
    };

    /// <summary>Visible bytes per row and rows of plane <paramref name="plane"/> of a <paramref name="width"/>×<paramref name="height"/> picture.</summary>
    public static (int RowBytes, int Rows) PlaneShape(PixelLayout layout, int width, int height, int plane)
    {
        int chromaWidth = (width + 1) / 2, chromaHeight = (height + 1) / 2;
        return (layout, plane) switch
        {
            (PixelLayout.Rgba8, 0) => (width * 4, height),
            (PixelLayout.Uyvy, 0) => (chromaWidth * 4, height),
            (PixelLayout.Yuv420P or PixelLayout.Nv12, 0) => (width, height),
            (PixelLayout.Yuv420P, 1 or 2) => (chromaWidth, chromaHeight),
            (PixelLayout.Nv12, 1) => (chromaWidth * 2, chromaHeight),
            (PixelLayout.Yuv420P10, 0) => (width * 2, height),
            (PixelLayout.Yuv420P10, 1 or 2) => (chromaWidth * 2, chromaHeight),
            _ => throw new ArgumentOutOfRangeException(nameof(plane), $"{layout} has {PlaneCount(layout)} planes"),
        };
    }
}
