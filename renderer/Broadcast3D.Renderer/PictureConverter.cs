using Broadcast3D.Core.Frames;
using Broadcast3D.Gpu;

namespace Broadcast3D.Renderer;

/// <summary>
/// Converts the compositor's output (premultiplied RGBA, <see cref="Compositor.Output"/>) on the GPU into one sink
/// format, written tightly packed into a buffer in exactly the byte layout of a <see cref="Picture"/> of that
/// layout (planes one after another, no row padding): <see cref="PixelLayout.Yuv420P"/> (BT.709 limited, for
/// x264), <see cref="PixelLayout.Uyvy"/> (BT.709 limited, NDI's native 4:2:2) or <see cref="PixelLayout.Rgba8"/>
/// with straight alpha (for alpha outputs). One compute pass per format (shaders/to_*.comp). Owner-thread only,
/// like the device; allocates nothing per frame.
/// </summary>
public sealed class PictureConverter : IDisposable
{
    private readonly GpuDevice _device;
    private readonly GpuProgram _program;
    private readonly int _groupsX, _groupsY;

    /// <summary>Compiles the pass for <paramref name="layout"/> at <paramref name="width"/>×<paramref name="height"/>.</summary>
    /// <exception cref="ArgumentException">The layout is not a sink format, or the size does not suit it (the message says which).</exception>
    public PictureConverter(GpuDevice device, PixelLayout layout, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(device);
        CheckSize(layout, width, height);
        _device = device;
        Layout = layout;
        Width = width;
        Height = height;
        OutputBytes = BytesFor(layout, width, height);
        (string file, int unitsX, int unitsY) = layout switch
        {
            PixelLayout.Yuv420P => ("to_yuv420p.comp", width / 8, height / 2),
            PixelLayout.Uyvy => ("to_uyvy.comp", width / 2, height),
            _ => ("to_rgba_straight.comp", width, height),
        };
        _groupsX = (unitsX + 7) / 8;
        _groupsY = (unitsY + 7) / 8;
        _program = device.CreateComputeProgram(file);
        _program.SetIVector2("size", width, height);
    }

    public PixelLayout Layout { get; }

    /// <summary>Width, pixels.</summary>
    public int Width { get; }

    /// <summary>Height, pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes one converted frame takes (the <see cref="Picture.Length"/> of the same layout and size).</summary>
    public int OutputBytes { get; }

    /// <summary>Bytes of a tightly packed <paramref name="layout"/> picture (all planes).</summary>
    public static int BytesFor(PixelLayout layout, int width, int height)
    {
        int total = 0;
        for (int p = 0; p < ImagePlanes.PlaneCount(layout); p++)
        {
            (int rowBytes, int rows) = ImagePlanes.PlaneShape(layout, width, height, p);
            total += rowBytes * rows;
        }
        return total;
    }

    /// <summary>
    /// Queues the conversion of <paramref name="source"/> (everything drawn into it already issued, e.g. after
    /// <see cref="Compositor.FlushGraphics"/>) into <paramref name="destination"/> (at least <see cref="OutputBytes"/>).
    /// Returns at once; the GPU orders later reads of the buffer after it.
    /// </summary>
    public void Convert(GpuTexture source, GpuBuffer destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Width != Width || source.Height != Height || source.Format != TextureFormat.Rgba8)
            throw new ArgumentException($"the source is a {source.Width}x{source.Height} {source.Format} texture; this converter reads {Width}x{Height} Rgba8", nameof(source));
        if (destination.SizeInBytes < OutputBytes)
            throw new ArgumentException($"the destination holds {destination.SizeInBytes} bytes; a {Width}x{Height} {Layout} picture needs {OutputBytes}", nameof(destination));
        _device.BindTexture(0, source);
        _device.BindStorageBuffer(0, destination);
        _device.Dispatch(_program, _groupsX, _groupsY);
    }

    private static void CheckSize(PixelLayout layout, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        switch (layout)
        {
            case PixelLayout.Yuv420P when width % 8 != 0 || height % 2 != 0:
                throw new ArgumentException($"the GPU yuv420p conversion needs a width that is a multiple of 8 and an even height, got {width}x{height}; choose an output size such as 1920x1080 or 1280x720");
            case PixelLayout.Uyvy when width % 2 != 0:
                throw new ArgumentException($"UYVY needs an even width, got {width}x{height}");
            case PixelLayout.Yuv420P or PixelLayout.Uyvy or PixelLayout.Rgba8:
                return;
            default:
                throw new ArgumentException($"{layout} is not a sink format the GPU converts to; use Yuv420P (x264), Uyvy (NDI) or Rgba8 (straight alpha)", nameof(layout));
        }
    }

    public void Dispose() => _program.Dispose();
}
