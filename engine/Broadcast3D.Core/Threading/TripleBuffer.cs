namespace Broadcast3D.Core.Threading;

/// <summary>
/// Lock-free latest-wins hand-off of state from one writer thread to one reader thread (tracking → renderer).
/// Three pre-allocated slots: the writer fills its private slot and publishes it with one atomic exchange; the
/// reader takes the newest published slot with another. Neither side ever waits or allocates; a reader that is
/// slower than the writer simply skips states, a faster one sees the same state again (<c>isNew</c> false).
/// Exactly one writer thread and one reader thread.
/// </summary>
/// <typeparam name="T">Slot type; slots are created once and reused, so T is usually a mutable class.</typeparam>
public sealed class TripleBuffer<T>
    where T : class
{
    // Bit 2 of _ready marks "published since the reader last took it"; bits 0-1 hold the slot index.
    private const int DirtyBit = 4;
    private readonly T[] _slots;
    private int _writeIndex;
    private int _ready = 1;
    private int _readIndex = 2;

    /// <summary>Creates the three slots with <paramref name="factory"/>.</summary>
    public TripleBuffer(Func<T> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _slots = [factory(), factory(), factory()];
    }

    /// <summary>The writer's private slot: fill it, then call <see cref="Publish"/>. Writer thread only.</summary>
    public T WriteSlot => _slots[_writeIndex];

    /// <summary>Makes the write slot the newest state and hands the writer a free slot. Writer thread only.</summary>
    public void Publish() => _writeIndex = Interlocked.Exchange(ref _ready, _writeIndex | DirtyBit) & 3;

    /// <summary>
    /// The newest published state. <paramref name="isNew"/> is false when nothing was published since the last
    /// call (the same slot is returned again). The slot stays valid until the next call. Reader thread only.
    /// </summary>
    public T Read(out bool isNew)
    {
        if ((Volatile.Read(ref _ready) & DirtyBit) == 0)
        {
            isNew = false;
            return _slots[_readIndex];
        }
        _readIndex = Interlocked.Exchange(ref _ready, _readIndex) & 3;
        isNew = true;
        return _slots[_readIndex];
    }
}
