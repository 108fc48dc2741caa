using System.Diagnostics;
using System.Threading.Channels;
using Broadcast3D.Engine.Channels;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// One programme output (NDI, file, stream) on its own thread behind a bounded queue of pre-allocated BGRA
/// pictures, so the channel thread never waits on a network or a disk: <see cref="TryPush"/> copies into a free
/// buffer or, when all are in flight, drops the frame and counts it (live; an offline sink waits for a free buffer
/// instead, since the virtual clock has no deadline and a dropped frame would be a missing one). <see cref="Complete"/> drains what is queued
/// and finalises the output (the file trailer is written even when the run was stopped with Ctrl-C).
/// One producer thread (the channel).
/// </summary>
public sealed class ProgramSink : IDisposable
{
    private readonly Action<ReadOnlySpan<byte>, long> _send;
    private readonly Action _finish;
    private readonly byte[][] _buffers;
    private readonly long[] _frameIndex;
    private readonly long[] _ingestTimestamp;
    private readonly Channel<int> _queued;
    private readonly Channel<int> _free;
    private readonly Thread _thread;
    private readonly bool _waitForFree;
    private long _dropped, _sent;
    private Exception? _failure;

    /// <summary>Starts the output thread.</summary>
    /// <param name="name">Output name for logs and counters ("ndi:B3D", "file:out.mp4").</param>
    /// <param name="pictureBytes">Size of one BGRA picture.</param>
    /// <param name="capacity">Pictures that may wait or be in flight (2–4: enough to ride out a hiccup).</param>
    /// <param name="send">Sends one picture (sink thread); may block.</param>
    /// <param name="finish">Finalises the output after the last picture (sink thread).</param>
    /// <param name="latency">Receives ingest → sent latency per picture.</param>
    /// <param name="waitForFree">
    /// Offline (virtual clock): <see cref="TryPush"/> waits for a free buffer instead of dropping, so every picture is
    /// sent; it still returns false at once once the output has failed. Live: false, never wait.
    /// </param>
    public ProgramSink(string name, int pictureBytes, int capacity, Action<ReadOnlySpan<byte>, long> send, Action finish, StageTiming latency,
        bool waitForFree = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Name = name;
        _send = send;
        _finish = finish;
        Latency = latency;
        _waitForFree = waitForFree;
        _buffers = new byte[capacity][];
        _frameIndex = new long[capacity];
        _ingestTimestamp = new long[capacity];
        _queued = Channel.CreateBounded<int>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        _free = Channel.CreateBounded<int>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        for (int i = 0; i < capacity; i++)
        {
            _buffers[i] = new byte[pictureBytes];
            _free.Writer.TryWrite(i);
        }
        _thread = new Thread(Loop) { IsBackground = true, Name = $"sink {name}" };
        _thread.Start();
    }

    /// <summary>Output name.</summary>
    public string Name { get; }

    /// <summary>Ingest → sent latency of this output.</summary>
    public StageTiming Latency { get; }

    /// <summary>Pictures dropped because the output was still busy with earlier ones.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Pictures sent.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Why the output stopped, or null while it works.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Queues a copy of <paramref name="bgra"/> (<paramref name="ingestTimestamp"/>: Stopwatch ticks when its
    /// camera frame was ingested, 0 when none); false (and a drop counted) when no buffer is free or the output failed.
    /// Never waits, unless constructed to wait for a free buffer (offline).</summary>
    public bool TryPush(ReadOnlySpan<byte> bgra, long frameIndex, long ingestTimestamp)
    {
        bool free = false;
        int slot = 0;
        // A failed output returns every buffer to the free list, so a waiting push always wakes up.
        while (Failure is null && !(free = _free.Reader.TryRead(out slot)) && _waitForFree)
            _free.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();
        if (!free || Failure is not null)
        {
            if (free)
                _free.Writer.TryWrite(slot);
            Interlocked.Increment(ref _dropped);
            return false;
        }
        bgra.CopyTo(_buffers[slot]);
        _frameIndex[slot] = frameIndex;
        _ingestTimestamp[slot] = ingestTimestamp;
        _queued.Writer.TryWrite(slot); // cannot fail: slots in circulation never exceed the capacity
        return true;
    }

    /// <summary>Sends what is queued, finalises the output and stops the thread. Idempotent.</summary>
    public void Complete()
    {
        _queued.Writer.TryComplete();
        _thread.Join();
    }

    public void Dispose() => Complete();

    private void Loop()
    {
        int inFlight = -1;
        try
        {
            while (_queued.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (_queued.Reader.TryRead(out int slot))
                {
                    inFlight = slot;
                    if (Failure is null)
                    {
                        _send(_buffers[slot], _frameIndex[slot]);
                        if (_ingestTimestamp[slot] != 0) // 0: a black picture before the first camera frame
                            Latency.Record(_ingestTimestamp[slot]);
                        Interlocked.Increment(ref _sent);
                    }
                    inFlight = -1;
                    _free.Writer.TryWrite(slot);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // An output that fails (disk full, network gone) stops alone; the channel and other outputs go on.
            Volatile.Write(ref _failure, ex);
            // Every buffer goes back, the one that failed too, so a producer waiting for a free one wakes up.
            if (inFlight >= 0)
                _free.Writer.TryWrite(inFlight);
            while (_queued.Reader.TryRead(out int slot))
                _free.Writer.TryWrite(slot);
        }
        try
        {
            _finish();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Volatile.Write(ref _failure, _failure ?? ex);
        }
        Debug.Assert(_queued.Reader.Completion.IsCompleted || Failure is not null, "sink loop ends only when completed or failed");
    }
}
