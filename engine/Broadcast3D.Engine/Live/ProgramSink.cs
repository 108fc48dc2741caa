using System.Threading.Channels;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Threading;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Core.Diagnostics;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// One output (NDI, file, stream) on its own thread behind a bounded queue of <see cref="Picture"/>s, so the channel
/// thread never waits on a network or a disk: <see cref="TryPush"/> takes a reference to the picture (no copy: every
/// sink of a layout shares the one read-back picture) or, when the output already holds its capacity, drops the frame and counts
/// it (live; an offline sink waits for room instead, since the virtual clock has no deadline and a dropped frame would
/// be a missing one). The sink releases each picture once it is sent. <see cref="Complete"/> drains what is queued and
/// finalises the output (the file trailer is written even when the run was stopped with Ctrl-C). One producer thread
/// (the channel).
/// </summary>
public sealed class ProgramSink : IDisposable
{
    private readonly Action<Picture> _send;
    private readonly Action _finish;
    private readonly SemaphoreSlim _room;
    private readonly bool _waitForRoom;
    private readonly ThreadRole _producer = new("channel"), _sink;
    private readonly Channel<Picture> _queued;
    // One count per picture queued and one when completed: the sink thread blocks on it, where a blocking wait on the
    // channel's WaitToReadAsync (AsTask) allocates a Task and a thread-pool work item per picture (~110 B a frame).
    private readonly SemaphoreSlim _available = new(0);
    private readonly Thread _thread;
    private readonly ThreadAccounting? _accounting;
    private readonly Func<string>? _details;
    private long _dropped, _sent;
    private Exception? _failure;

    /// <summary>Starts the output thread.</summary>
    /// <param name="name">Output name for logs and counters ("ndi:B3D", "file:out.mp4").</param>
    /// <param name="capacity">Pictures that may wait or be in flight (2–4: enough to ride out a hiccup).</param>
    /// <param name="send">Sends one picture (sink thread); may block; must not keep the picture after it returns.</param>
    /// <param name="finish">Finalises the output after the last picture (sink thread).</param>
    /// <param name="latency">Receives ingest → sent latency per picture.</param>
    /// <param name="waitForRoom">
    /// Offline (virtual clock): <see cref="TryPush"/> waits for room instead of dropping, so every picture is sent; it
    /// still returns false at once once the output has failed. Live: false, never wait.
    /// </param>
    /// <param name="costs">
    /// The run's per-thread cost book (live): the sink thread is accounted as "sink NAME", one frame per picture sent.
    /// Null: not accounted.
    /// </param>
    /// <param name="details">What the output itself knows for the run report (an NDI output's receivers), any thread; null: nothing.</param>
    public ProgramSink(string name, int capacity, Action<Picture> send, Action finish, StageTiming latency, bool waitForRoom = false,
        ThreadCostBook? costs = null, Func<string>? details = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(finish);
        Name = name;
        _send = send;
        _finish = finish;
        _details = details;
        _room = new SemaphoreSlim(capacity, capacity);
        _waitForRoom = waitForRoom;
        _accounting = costs?.Add($"sink {name}");
        _sink = _accounting?.Role ?? new ThreadRole($"sink {name}");
        Latency = latency;
        _queued = Channel.CreateBounded<Picture>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        _thread = new Thread(Loop) { IsBackground = true, Name = $"sink {name}" };
        _thread.Start();
    }

    /// <summary>Output name.</summary>
    public string Name { get; }

    /// <summary>Ingest → sent latency of this output.</summary>
    public StageTiming Latency { get; }

    /// <summary>Pictures dropped because the output was still busy with earlier ones (or had failed).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Pictures sent.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>The output's own report (an NDI output's receivers), or null when it has none.</summary>
    public string? Details => _details?.Invoke();

    /// <summary>Why the output stopped, or null while it works.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>
    /// Queues <paramref name="picture"/> for sending, adding this sink's reference (the caller keeps its own); false
    /// (and a drop counted) when the output already holds its capacity or has failed. Never copies; never waits unless
    /// constructed to wait for room (offline).
    /// </summary>
    public bool TryPush(Picture picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        _producer.AssertSingle();
        // A failed output keeps draining its queue, so a waiting push always wakes up.
        if (Failure is not null || !(_waitForRoom ? WaitForRoom() : _room.Wait(0)))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }
        picture.Retain();
        if (!_queued.Writer.TryWrite(picture))
        {
            // Completed already (a push after Complete): the picture goes back, counted as a drop.
            _room.Release();
            picture.Release();
            Interlocked.Increment(ref _dropped);
            return false;
        }
        _available.Release();
        return true;
    }

    /// <summary>Sends what is queued, finalises the output and stops the thread. Idempotent.</summary>
    public void Complete()
    {
        if (_queued.Writer.TryComplete())
            _available.Release();
        _thread.Join();
    }

    public void Dispose()
    {
        Complete();
        _room.Dispose();
        _available.Dispose();
    }

    private bool WaitForRoom()
    {
        _room.Wait();
        return true;
    }

    private void Loop()
    {
        _sink.Claim();
        _accounting?.Start();
        // Drains until completed even after a failure, so every picture pushed is released to its pool. Each count
        // taken is a picture in the queue (released after its write) or the completion (released after the last
        // write): the queue is found empty only once completed and drained.
        while (true)
        {
            _available.Wait();
            if (!_queued.Reader.TryRead(out Picture? picture))
                break;
            try
            {
                if (Failure is null)
                {
                    _sink.Assert();
                    _send(picture);
                    if (picture.IngestTimestamp != 0) // 0: a repeat or a black picture before the first camera frame
                        Latency.Record(picture.IngestTimestamp);
                    Interlocked.Increment(ref _sent);
                    _accounting?.FrameDone();
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // An output that fails (disk full, network gone) stops alone; the channel and other outputs go on.
                Volatile.Write(ref _failure, ex);
            }
            finally
            {
                picture.Release();
                _room.Release();
            }
        }
        try
        {
            _finish();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Volatile.Write(ref _failure, _failure ?? ex);
        }
    }
}
