namespace Broadcast3D.Core.Threading;

/// <summary>
/// Ordered hand-off of frames from one writer thread to one reader thread that tick at the same nominal rate on
/// different clocks (camera pictures → the channel). Unlike <see cref="TripleBuffer{T}"/> (latest wins), every
/// frame is read in turn: when jitter brings two frames within one reader tick, the second waits for the next tick
/// instead of replacing the first, so one late frame costs one repeat and leaves a frame of cushion behind it,
/// rather than a repeat and a lost frame each time the two clocks' phases meet. The backlog is capped, bounding the
/// latency the cushion can add: a frame published while the backlog is full drops the oldest unread one
/// (<see cref="Dropped"/>). Slots are created once; a short lock guards the indices, and neither side allocates or
/// waits on the other's work.
/// </summary>
/// <typeparam name="T">Slot type; slots are created once and reused, so T is usually a mutable class.</typeparam>
public sealed class FrameQueue<T>
    where T : class
{
    private readonly T[] _slots;
    private readonly int[] _pending; // ring of slot indices, oldest at _head
    private readonly int[] _free;    // stack of slot indices
    private readonly Lock _lock = new();
    private int _head, _count, _freeCount;
    private int _write, _read;
    private long _dropped;

    /// <summary>
    /// Creates the slots with <paramref name="factory"/>; at most <paramref name="maxBacklog"/> frames wait behind
    /// the one the reader takes next.
    /// </summary>
    public FrameQueue(Func<T> factory, int maxBacklog)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBacklog, 1);
        int pendingCapacity = maxBacklog + 1; // the backlog plus the frame about to be read
        _slots = new T[pendingCapacity + 2];  // + the writer's slot + the reader's slot
        for (int i = 0; i < _slots.Length; i++)
            _slots[i] = factory();
        _pending = new int[pendingCapacity];
        _free = new int[pendingCapacity];
        for (int i = 0; i < pendingCapacity; i++)
            _free[_freeCount++] = i;
        _write = pendingCapacity;
        _read = pendingCapacity + 1;
    }

    /// <summary>The writer's private slot: fill it, then call <see cref="Publish"/>. Writer thread only.</summary>
    public T WriteSlot => _slots[_write];

    /// <summary>Frames dropped unread because the backlog was full (a reader fallen behind or stalled).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues the write slot behind the frames not yet read and hands the writer a free slot. Writer thread only.</summary>
    public void Publish()
    {
        lock (_lock)
        {
            if (_freeCount == 0)
            {
                _free[_freeCount++] = Dequeue();
                Interlocked.Increment(ref _dropped);
            }
            _pending[(_head + _count) % _pending.Length] = _write;
            _count++;
            _write = _free[--_freeCount];
        }
    }

    /// <summary>
    /// The oldest frame not yet read; <paramref name="isNew"/> is false when none is waiting (the last frame read is
    /// returned again; before any frame, a slot as the factory made it). The slot stays valid until the next call.
    /// Reader thread only.
    /// </summary>
    public T Read(out bool isNew)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                isNew = false;
                return _slots[_read];
            }
            _free[_freeCount++] = _read;
            _read = Dequeue();
            isNew = true;
            return _slots[_read];
        }
    }

    private int Dequeue()
    {
        int slot = _pending[_head];
        _head = (_head + 1) % _pending.Length;
        _count--;
        return slot;
    }
}
