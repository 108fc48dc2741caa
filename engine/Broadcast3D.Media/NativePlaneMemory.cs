using System.Buffers;

namespace Broadcast3D.Media;

/// <summary>
/// A <see cref="Memory{T}"/> over one plane of a pooled native frame, so tracking can read decoded planes through
/// <see cref="Core.Frames.ImagePlanes"/> without a copy. One instance per plane of a pooled <see cref="VideoFrame"/>,
/// re-pointed each time the frame is viewed (no allocation per frame); the memory is valid while the viewer holds its
/// reference on the frame. Pinning is a no-op: the plane is native memory and never moves.
/// </summary>
internal sealed unsafe class NativePlaneMemory : MemoryManager<byte>
{
    private byte* _pointer;
    private int _length;

    /// <summary>Points this memory at <paramref name="length"/> bytes from <paramref name="pointer"/>.</summary>
    public void Point(byte* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)_length, nameof(elementIndex));
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
