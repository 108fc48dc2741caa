using Broadcast3D.Gpu;
using Broadcast3D.Renderer;

namespace Broadcast3D.Engine.Rendering;

/// <summary>
/// One picture a channel draws per tick (a camera with its overlays, the orbit replay, ...), each into its own
/// <see cref="Renderer.Compositor"/> of the view's size, which its readback and sinks then take. A channel may draw
/// several views per tick. Created, drawn and disposed on the device's thread (the channel's).
/// </summary>
public abstract class ChannelView : IDisposable
{
    /// <summary>Creates the view's compositor on <paramref name="device"/>; throws <see cref="GpuException"/> for a size over the device's limit.</summary>
    /// <param name="device">The channel's device.</param>
    /// <param name="name">Name for logs and counters ("programme", "cam01", "orbit").</param>
    /// <param name="width">Picture width, pixels.</param>
    /// <param name="height">Picture height, pixels.</param>
    protected ChannelView(GpuDevice device, string name, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Device = device;
        Name = name;
        Compositor = new Compositor(device, new CompositorDescription(width, height));
    }

    /// <summary>Name for logs and counters.</summary>
    public string Name { get; }

    /// <summary>The painter the view draws with; its target holds the last drawn picture (premultiplied RGBA).</summary>
    public Compositor Compositor { get; }

    /// <summary>Picture width, pixels.</summary>
    public int Width => Compositor.Width;

    /// <summary>Picture height, pixels.</summary>
    public int Height => Compositor.Height;

    /// <summary>The device the view draws on.</summary>
    protected GpuDevice Device { get; }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the compositor; subclasses free their own textures and call this.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
            Compositor.Dispose();
    }
}
