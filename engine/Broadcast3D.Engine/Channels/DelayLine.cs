namespace Broadcast3D.Engine.Channels;

/// <summary>
/// Delays programme video by a number of frames so graphics computed from slower tracking line up with the
/// picture. A ring of <c>maxDelay + 1</c> slots allocated once; <see cref="Push"/> returns the slot that entered
/// <see cref="DelayFrames"/> pushes earlier (or null while the line is filling). The delay may change between pushes
/// (<see cref="DelayFrames"/>, up to <see cref="MaxDelayFrames"/>): one frame longer shows the last picture again (a
/// repeat), one frame shorter skips a picture; a change of n frames repeats or skips n. One thread (the channel
/// thread).
/// </summary>
/// <typeparam name="T">Slot type; the caller copies into the returned write slot and reads the delayed one.</typeparam>
public sealed class DelayLine<T>
    where T : class
{
    private readonly T[] _slots;
    private long _count;
    private int _delay;

    /// <summary>Creates a ring of fixed delay <paramref name="delayFrames"/> (0 means pass-through).</summary>
    public DelayLine(int delayFrames, Func<T> factory)
        : this(delayFrames, delayFrames, factory)
    {
    }

    /// <summary>Creates a ring whose delay starts at <paramref name="delayFrames"/> and may be set up to <paramref name="maxDelayFrames"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative delay, or a start above the maximum.</exception>
    public DelayLine(int delayFrames, int maxDelayFrames, Func<T> factory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delayFrames);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delayFrames, maxDelayFrames);
        ArgumentNullException.ThrowIfNull(factory);
        _delay = delayFrames;
        MaxDelayFrames = maxDelayFrames;
        _slots = new T[maxDelayFrames + 1];
        for (int i = 0; i < _slots.Length; i++)
            _slots[i] = factory();
    }

    /// <summary>Delay in frames from the next <see cref="Push"/> on; 0 to <see cref="MaxDelayFrames"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside 0 to <see cref="MaxDelayFrames"/>.</exception>
    public int DelayFrames
    {
        get => _delay;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxDelayFrames);
            _delay = value;
        }
    }

    /// <summary>Longest delay the ring holds, frames.</summary>
    public int MaxDelayFrames { get; }

    /// <summary>The slot to fill for the current frame.</summary>
    public T WriteSlot => _slots[_count % _slots.Length];

    /// <summary>
    /// Commits the write slot and returns the frame that is <see cref="DelayFrames"/> frames old, or null while
    /// fewer than that many frames have been pushed. The returned slot is valid until the next push.
    /// </summary>
    public T? Push()
    {
        long index = _count++;
        long delayed = index - _delay;
        return delayed < 0 ? null : _slots[delayed % _slots.Length];
    }
}
