using Silk.NET.OpenGL;

namespace Broadcast3D.Gpu;

/// <summary>
/// Immutable-size GPU memory (shader storage, pixel pack). Owned by the thread that owns its <see cref="GpuDevice"/>;
/// dispose it before the device.
/// </summary>
public sealed unsafe class GpuBuffer : IDisposable
{
    private readonly GpuDevice _device;

    internal GpuBuffer(GpuDevice device, BufferDescription description, ReadOnlySpan<byte> initialData)
    {
        _device = device;
        SizeInBytes = description.SizeInBytes;
        Usage = description.Usage;
        GL gl = device.Gl;
        Handle = gl.CreateBuffer();
        BufferStorageMask flags = 0;
        if ((description.Usage & BufferUsage.Dynamic) != 0)
            flags |= BufferStorageMask.DynamicStorageBit;
        if ((description.Usage & BufferUsage.Readback) != 0)
            flags |= BufferStorageMask.MapReadBit | BufferStorageMask.ClientStorageBit;
        // Storage is allocated at full size; initial data (possibly shorter) is uploaded separately.
        gl.NamedBufferStorage(Handle, (nuint)SizeInBytes, null, flags | BufferStorageMask.DynamicStorageBit);
        if (!initialData.IsEmpty)
        {
            fixed (byte* p = initialData)
                gl.NamedBufferSubData(Handle, 0, (nuint)initialData.Length, p);
        }
        device.Errors.Check($"creating a {SizeInBytes}-byte buffer");
    }

    /// <summary>Size in bytes.</summary>
    public long SizeInBytes { get; }

    /// <summary>CPU access declared at creation.</summary>
    public BufferUsage Usage { get; }

    internal uint Handle { get; private set; }

    /// <summary>Copies <paramref name="data"/> into the buffer at <paramref name="offsetBytes"/> (ordered with later GPU commands).</summary>
    public void Update<T>(ReadOnlySpan<T> data, long offsetBytes = 0) where T : unmanaged
    {
        _device.VerifyAccess();
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        long bytes = (long)data.Length * sizeof(T);
        if (offsetBytes < 0 || offsetBytes + bytes > SizeInBytes)
            throw new ArgumentOutOfRangeException(nameof(offsetBytes), $"{bytes} bytes at {offsetBytes} do not fit in a {SizeInBytes}-byte buffer");
        fixed (T* p = data)
            _device.Gl.NamedBufferSubData(Handle, (nint)offsetBytes, (nuint)bytes, p);
        _device.Errors.Check("buffer update");
    }

    /// <summary>Reads <paramref name="destination"/>.Length elements from <paramref name="offsetBytes"/>; waits for pending GPU writes.</summary>
    public void Read<T>(Span<T> destination, long offsetBytes = 0) where T : unmanaged
    {
        _device.VerifyAccess();
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        long bytes = (long)destination.Length * sizeof(T);
        if (offsetBytes < 0 || offsetBytes + bytes > SizeInBytes)
            throw new ArgumentOutOfRangeException(nameof(offsetBytes), $"{bytes} bytes at {offsetBytes} exceed a {SizeInBytes}-byte buffer");
        fixed (T* p = destination)
            _device.Gl.GetNamedBufferSubData(Handle, (nint)offsetBytes, (nuint)bytes, p);
        _device.Errors.Check("buffer read");
    }

    /// <summary>Maps the whole buffer for reading (Readback usage); the span is valid until <see cref="Unmap"/>.</summary>
    internal ReadOnlySpan<byte> MapRead()
    {
        void* p = _device.Gl.MapNamedBufferRange(Handle, 0, (nuint)SizeInBytes, MapBufferAccessMask.ReadBit);
        if (p == null)
            _device.Errors.Check("mapping a readback buffer");
        return new ReadOnlySpan<byte>(p, checked((int)SizeInBytes));
    }

    internal void Unmap() => _device.Gl.UnmapNamedBuffer(Handle);

    internal void VerifyOwner(GpuDevice device)
    {
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        if (!ReferenceEquals(device, _device))
            throw new ArgumentException("the buffer belongs to another device");
    }

    public void Dispose()
    {
        if (Handle == 0)
            return;
        _device.Gl.DeleteBuffer(Handle);
        Handle = 0;
    }
}
