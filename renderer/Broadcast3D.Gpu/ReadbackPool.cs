using Silk.NET.OpenGL;

namespace Broadcast3D.Gpu;

/// <summary>
/// Asynchronous readback of render targets through a fixed pool of pixel-pack buffers: <see cref="TryBegin"/>
/// queues a copy and returns at once; <see cref="TryComplete"/> copies the pixels out once the copy's fence has
/// signalled. Sized at start-up, it allocates nothing per frame. When every slot is in flight,
/// <see cref="TryBegin"/> returns false and the caller drops or repeats that frame (and counts it).
/// Owner-thread only (see <see cref="GpuDevice"/>).
/// </summary>
public sealed unsafe class ReadbackPool : IDisposable
{
    private readonly GpuDevice _device;
    private readonly GpuBuffer[] _buffers;
    private readonly GpuFence?[] _fences;

    /// <summary>Creates <paramref name="slots"/> buffers for <paramref name="width"/>×<paramref name="height"/> pixels of <paramref name="format"/>.</summary>
    public ReadbackPool(GpuDevice device, int width, int height, TextureFormat format, int slots)
    {
        ArgumentNullException.ThrowIfNull(device);
        device.VerifyAccess();
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        if (width <= 0 || height <= 0 || format == TextureFormat.Depth32F)
            throw new ArgumentOutOfRangeException(nameof(width), $"cannot read back {width}x{height} {format}");
        _device = device;
        Width = width;
        Height = height;
        Format = format;
        FrameBytes = width * height * GpuTexture.BytesPerPixel(format);
        _buffers = new GpuBuffer[slots];
        _fences = new GpuFence?[slots];
        for (int i = 0; i < slots; i++)
            _buffers[i] = device.CreateBuffer(new BufferDescription(FrameBytes, BufferUsage.Readback));
    }

    public int Width { get; }
    public int Height { get; }
    public TextureFormat Format { get; }

    /// <summary>Bytes of one read-back frame (tightly packed rows, top row first).</summary>
    public int FrameBytes { get; }

    /// <summary>Slots not in flight.</summary>
    public int FreeSlots
    {
        get
        {
            int n = 0;
            foreach (GpuFence? f in _fences)
                n += f == null ? 1 : 0;
            return n;
        }
    }

    /// <summary>Queues a copy of <paramref name="source"/>'s colour; false (nothing queued) when every slot is busy.</summary>
    public bool TryBegin(GpuFramebuffer source, out int slot)
    {
        _device.VerifyAccess();
        ArgumentNullException.ThrowIfNull(source);
        if (source.Width != Width || source.Height != Height || source.Color.Format != Format)
            throw new ArgumentException($"source is {source.Width}x{source.Height} {source.Color.Format}, the pool reads {Width}x{Height} {Format}", nameof(source));
        slot = Array.IndexOf(_fences, null);
        if (slot < 0)
            return false;
        GL gl = _device.Gl;
        gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, source.Handle);
        gl.BindBuffer(BufferTargetARB.PixelPackBuffer, _buffers[slot].Handle);
        // With a pack buffer bound, the pointer argument is an offset into it.
        gl.ReadPixels(0, 0, (uint)Width, (uint)Height, GpuTexture.PixelFormat(Format), GpuTexture.PixelType(Format), null);
        gl.BindBuffer(BufferTargetARB.PixelPackBuffer, 0);
        _device.Errors.Check("queueing a readback");
        _fences[slot] = _device.InsertFence();
        return true;
    }

    /// <summary>
    /// Copies slot <paramref name="slot"/>'s pixels into <paramref name="destination"/> (≥ <see cref="FrameBytes"/>)
    /// and frees the slot, waiting up to <paramref name="timeout"/>; false when the copy has not finished yet.
    /// </summary>
    public bool TryComplete(int slot, Span<byte> destination, TimeSpan timeout)
    {
        _device.VerifyAccess();
        if ((uint)slot >= (uint)_fences.Length || _fences[slot] == null)
            throw new ArgumentOutOfRangeException(nameof(slot), $"slot {slot} has no readback in flight");
        if (destination.Length < FrameBytes)
            throw new ArgumentException($"destination holds {destination.Length} bytes, a frame is {FrameBytes}", nameof(destination));
        GpuFence fence = _fences[slot]!;
        if (!fence.Wait(timeout))
            return false;
        _buffers[slot].MapRead()[..FrameBytes].CopyTo(destination);
        _buffers[slot].Unmap();
        _device.Errors.Check("reading a readback slot");
        fence.Dispose();
        _fences[slot] = null;
        return true;
    }

    public void Dispose()
    {
        foreach (GpuFence? f in _fences)
            f?.Dispose();
        foreach (GpuBuffer b in _buffers)
            b.Dispose();
    }
}
