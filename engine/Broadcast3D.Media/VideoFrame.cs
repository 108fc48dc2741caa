using Broadcast3D.Core.Time;
using Broadcast3D.Media.Interop;

namespace Broadcast3D.Media;

/// <summary>
/// One decoded picture in a pooled native buffer: planes in the decoder's native format or converted RGBA/BGRA.
/// Ownership: the receiver owns it until <see cref="Dispose"/>, which returns it to its pool (no copy, no
/// allocation); the spans are invalid afterwards. Not thread-safe; may be handed to another thread and disposed there.
/// </summary>
public sealed unsafe class VideoFrame : IDisposable
{
    private readonly FramePool _pool;
    private readonly FrameHandle _handle;
    private bool _rented;

    internal VideoFrame(FramePool pool)
    {
        _pool = pool;
        _handle = FrameHandle.Alloc();
        Native = _handle.Pointer;
    }

    /// <summary>The native frame this object owns for its whole life.</summary>
    internal AVFrame* Native { get; private set; }

    /// <summary>Width in pixels.</summary>
    public int Width => Live->Width;

    /// <summary>Height in pixels.</summary>
    public int Height => Live->Height;

    /// <summary>FFmpeg pixel format name of the planes ("yuv420p", "nv12", "rgba", "bgra", ...).</summary>
    public string PixelFormat => PixelFormats.Name(Live->Format);

    /// <summary>Number of planes (1 for RGBA, 3 for yuv420p, 2 for nv12).</summary>
    public int PlaneCount => LibAvUtil.PixFmtCountPlanes(Live->Format);

    /// <summary>Presentation timestamp in <see cref="TimeBase"/> ticks, as the container wrote it.</summary>
    public long Pts { get; internal set; }

    /// <summary>Seconds per <see cref="Pts"/> tick.</summary>
    public Rational TimeBase { get; internal set; }

    /// <summary>Duration in <see cref="TimeBase"/> ticks (0 when unknown).</summary>
    public long DurationTicks { get; internal set; }

    /// <summary>Presentation time in seconds from the stream's start pts, exact.</summary>
    public Rational Time { get; internal set; }

    /// <summary>True for a key (intra) frame.</summary>
    public bool IsKeyFrame => Live->KeyFrame != 0;

    /// <summary>True when the picture is two interlaced fields.</summary>
    public bool IsInterlaced => Live->InterlacedFrame != 0;

    /// <summary>For an interlaced picture, true when the top field is first in time.</summary>
    public bool TopFieldFirst => Live->TopFieldFirst != 0;

    /// <summary>Bytes per row of plane <paramref name="plane"/> (may exceed the visible width for alignment).</summary>
    public int Stride(int plane)
    {
        CheckPlane(plane);
        return Native->Linesize[plane];
    }

    /// <summary>Plane <paramref name="plane"/>: <see cref="Stride"/> bytes per row, all rows of the plane.</summary>
    public ReadOnlySpan<byte> Plane(int plane)
    {
        CheckPlane(plane);
        nuint* sizes = stackalloc nuint[4];
        nint* lines = stackalloc nint[4];
        for (int i = 0; i < 4; i++)
            lines[i] = Native->Linesize[i];
        FFmpegError.Check(LibAvUtil.ImageFillPlaneSizes(sizes, Native->Format, Native->Height, lines), "computing plane sizes");
        return new ReadOnlySpan<byte>((void*)Native->Data[plane], checked((int)sizes[plane]));
    }

    /// <summary>Bytes <see cref="CopyPacked"/> writes: all planes without row padding.</summary>
    public int PackedSize => FFmpegError.Check(LibAvUtil.ImageGetBufferSize(Live->Format, Width, Height, 1), "computing frame size");

    /// <summary>
    /// Copies the planes one after another without padding (the layout of rawvideo and <c>ffmpeg -f framemd5</c>).
    /// Returns the bytes written; throws <see cref="ArgumentException"/> when <paramref name="destination"/> is too small.
    /// </summary>
    public int CopyPacked(Span<byte> destination)
    {
        int size = PackedSize;
        if (destination.Length < size)
            throw new ArgumentException($"destination holds {destination.Length} bytes, the frame needs {size}", nameof(destination));
        int* lines = stackalloc int[8];
        for (int i = 0; i < 8; i++)
            lines[i] = Native->Linesize[i];
        nint* data = stackalloc nint[8];
        for (int i = 0; i < 8; i++)
            data[i] = Native->Data[i];
        fixed (byte* dst = destination)
            return FFmpegError.Check(LibAvUtil.ImageCopyToBuffer(dst, size, data, lines, Native->Format, Width, Height, 1), "copying frame");
    }

    /// <summary>Returns the frame to its pool. Idempotent.</summary>
    public void Dispose()
    {
        if (!_rented)
            return;
        _rented = false;
        _pool.Return(this);
    }

    internal void MarkRented() => _rented = true;

    /// <summary>The native frame, or <see cref="ObjectDisposedException"/> once returned to the pool (never a dangling read).</summary>
    private AVFrame* Live
    {
        get
        {
            ObjectDisposedException.ThrowIf(!_rented, this);
            return Native;
        }
    }

    /// <summary>Frees the native frame; only the pool calls this, when the decoder is disposed (else the finaliser does).</summary>
    internal void Free()
    {
        Native = null;
        _handle.Dispose();
    }

    private void CheckPlane(int plane)
    {
        ObjectDisposedException.ThrowIf(!_rented, this);
        if ((uint)plane >= (uint)PlaneCount)
            throw new ArgumentOutOfRangeException(nameof(plane), $"{PixelFormat} has {PlaneCount} planes");
    }
}
