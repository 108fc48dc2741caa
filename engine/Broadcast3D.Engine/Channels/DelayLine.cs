namespace Broadcast3D.Engine.Channels;

/// <summary>
/// Delays programme video by a fixed number of frames so graphics computed from slower tracking line up with
/// the picture. A ring of <c>delay + 1</c> slots allocated once; <see cref="Push"/> returns the slot that
/// entered <c>delay</c> pushes earlier (or null while the line is filling). One thread (the channel thread).
/// </summary>
/// <typeparam name="T">Slot type; the caller copies into the returned write slot and reads the delayed one.</typeparam>
public sealed class DelayLine<T>
    where T : class
{
    private readonly T[] _slots;
    private long _count;

    /// <summary>Creates the ring. <paramref name="delayFrames"/> 0 means pass-through.</summary>
    public DelayLine(int delayFrames, Func<T> factory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delayFrames);
        ArgumentNullException.ThrowIfNull(factory);
        DelayFrames = delayFrames;
        _slots = new T[delayFrames + 1];
        for (int i = 0; i < _slots.Length; i++)
            _slots[i] = factory();
    }

    /// <summary>Delay in frames.</summary>
    public int DelayFrames { get; }

    /// <summary>The slot to fill for the current frame.</summary>
    public T WriteSlot => _slots[_count % _slots.Length];

    /// <summary>
    /// Commits the write slot and returns the frame that is <see cref="DelayFrames"/> frames old, or null while
    /// fewer than that many frames have been pushed. The returned slot is valid until the next push.
    /// </summary>
    public T? Push()
    {
        long index = _count++;
        long delayed = index - DelayFrames;
        return delayed < 0 ? null : _slots[delayed % _slots.Length];
    }
}
