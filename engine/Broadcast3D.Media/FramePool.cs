namespace Broadcast3D.Media;

/// <summary>
/// A fixed set of <see cref="VideoFrame"/>s created up front, so that steady-state decoding allocates nothing.
/// Thread-safe: frames are rented on the decoding thread and may be returned from any thread.
/// </summary>
internal sealed class FramePool : IDisposable
{
    private readonly VideoFrame[] _all;
    private readonly Stack<VideoFrame> _free;
    private readonly Lock _lock = new();
    private bool _disposed;

    public FramePool(int size, bool keepBuffers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        KeepBuffers = keepBuffers;
        _all = new VideoFrame[size];
        _free = new Stack<VideoFrame>(size);
        for (int i = 0; i < size; i++)
        {
            _all[i] = new VideoFrame(this);
            _free.Push(_all[i]);
        }
    }

    /// <summary>True when frames keep their own (converted) buffers between uses; false when they reference decoder buffers.</summary>
    public bool KeepBuffers { get; }

    public int Size => _all.Length;

    /// <summary>A free frame; throws when the caller holds all of them (a leak or an undersized pool).</summary>
    public VideoFrame Rent()
    {
        lock (_lock)
        {
            if (_free.Count == 0)
                throw new InvalidOperationException($"all {_all.Length} pooled frames are in use: dispose frames after use or raise DecoderOptions.PoolSize");
            VideoFrame f = _free.Pop();
            f.MarkRented();
            return f;
        }
    }

    public unsafe void Return(VideoFrame frame)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                frame.Free();
                return;
            }
            if (!KeepBuffers)
                Interop.LibAvUtil.FrameUnref(frame.Native);
            _free.Push(frame);
        }
    }

    /// <summary>Frees frames not in use now; frames still held are freed when they are returned.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            while (_free.Count > 0)
                _free.Pop().Free();
        }
    }
}
