using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Media.Interop;

namespace Broadcast3D.Media;

/// <summary>
/// One decoded picture in a pooled native buffer: planes in the decoder's native format or converted RGBA/BGRA.
/// Ownership: the receiver owns it until <see cref="Dispose"/>, which returns it to its pool (no copy, no
/// allocation); the spans are invalid afterwards. Several owners share one frame without a copy (the channel's plate
/// and the tracker): each extra owner is added with <see cref="Retain"/> and disposes once; the last dispose returns
/// the frame. Retain/Dispose are thread-safe; reading may happen on several threads at once (the planes never change).
/// </summary>
public sealed unsafe class VideoFrame : IDisposable
{
    private readonly FramePool _pool;
    private readonly FrameHandle _handle;
    private int _references; // 0 while in the pool
    // Made with the frame (where its pool is filled), not on the first plane view: that view is on the live channel
    // and ingest threads, which allocate nothing per frame (issue #12), and a reopened decoder brings new frames.
    private readonly NativePlaneMemory _plane0 = new(), _plane1 = new(), _plane2 = new();

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

    /// <summary>
    /// Drops this owner's reference; the last one returns the frame to its pool. A dispose after the frame went back
    /// is ignored (one owner disposing twice); an owner added with <see cref="Retain"/> must dispose exactly once.
    /// </summary>
    public void Dispose()
    {
        while (true)
        {
            int before = Volatile.Read(ref _references);
            if (before <= 0)
                return;
            if (Interlocked.CompareExchange(ref _references, before - 1, before) != before)
                continue;
            if (before == 1)
                _pool.Return(this);
            return;
        }
    }

    /// <summary>
    /// Adds an owner without copying the picture: call before handing the frame to a second consumer, which then
    /// disposes it once like the first. Thread-safe.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The frame is back in its pool.</exception>
    public void Retain()
    {
        while (true)
        {
            int before = Volatile.Read(ref _references);
            ObjectDisposedException.ThrowIf(before <= 0, this);
            if (Interlocked.CompareExchange(ref _references, before + 1, before) == before)
                return;
        }
    }

    /// <summary>Owners holding this frame (0 once it is back in its pool).</summary>
    public int References => Volatile.Read(ref _references);

    /// <summary>
    /// The planes as decoded, without a copy, for tracking and the GPU plate: yuv420p, yuvj420p (full range), nv12,
    /// yuv420p10le and rgba frames. The matrix is the stream's (BT.601 for bt470bg/smpte170m, else BT.709: broadcast
    /// HD's, and what an unmarked stream is taken to be). Valid while this owner's reference is held; allocates
    /// nothing.
    /// </summary>
    /// <exception cref="MediaException">Another pixel format (names it; decode with an RGBA output instead).</exception>
    public ImagePlanes AsPlanes()
    {
        AVFrame* f = Live;
        string name = PixelFormat;
        PixelLayout layout = name switch
        {
            "yuv420p" or "yuvj420p" => PixelLayout.Yuv420P,
            "nv12" => PixelLayout.Nv12,
            "yuv420p10le" => PixelLayout.Yuv420P10,
            "rgba" => PixelLayout.Rgba8,
            _ => throw new MediaException($"{name} frames cannot be viewed as planes: decode with DecoderOptions.Output = Rgba, or as yuv420p, nv12, yuv420p10le"),
        };
        // AVCOL_SPC_BT470BG = 5, AVCOL_SPC_SMPTE170M = 6: the SD matrix; AVCOL_RANGE_JPEG = 2.
        YuvMatrix matrix = f->Colorspace is 5 or 6 ? YuvMatrix.Bt601 : YuvMatrix.Bt709;
        bool fullRange = name == "yuvj420p" || f->ColorRange == 2;
        int planes = ImagePlanes.PlaneCount(layout);
        ReadOnlyMemory<byte> p0 = PlaneMemory(_plane0, 0);
        ReadOnlyMemory<byte> p1 = planes > 1 ? PlaneMemory(_plane1, 1) : default;
        ReadOnlyMemory<byte> p2 = planes > 2 ? PlaneMemory(_plane2, 2) : default;
        return new ImagePlanes(layout, Width, Height, p0, f->Linesize[0], p1, planes > 1 ? f->Linesize[1] : 0,
            p2, planes > 2 ? f->Linesize[2] : 0, matrix, fullRange);
    }

    internal void MarkRented() => Volatile.Write(ref _references, 1);

    private bool IsRented => Volatile.Read(ref _references) > 0;

    private ReadOnlyMemory<byte> PlaneMemory(NativePlaneMemory memory, int plane)
    {
        ReadOnlySpan<byte> span = Plane(plane);
        fixed (byte* p = span)
            memory.Point(p, span.Length);
        return memory.Memory;
    }

    /// <summary>The native frame, or <see cref="ObjectDisposedException"/> once returned to the pool (never a dangling read).</summary>
    private AVFrame* Live
    {
        get
        {
            ObjectDisposedException.ThrowIf(!IsRented, this);
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
        ObjectDisposedException.ThrowIf(!IsRented, this);
        if ((uint)plane >= (uint)PlaneCount)
            throw new ArgumentOutOfRangeException(nameof(plane), $"{PixelFormat} has {PlaneCount} planes");
    }
}
