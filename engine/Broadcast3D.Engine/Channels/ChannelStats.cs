using Broadcast3D.Core.Diagnostics;
namespace Broadcast3D.Engine.Channels;

/// <summary>
/// Counters and latencies of one channel, written by the channel thread and read by anyone (control API,
/// summary). Counters are 64-bit and updated with Interlocked so readers never see torn values.
/// </summary>
public sealed class ChannelStats
{
    private long _ticks;
    private long _lateTicks;
    private long _firstLateTick = -1;
    private long _droppedTicks;
    private long _repeatedFrames;
    private long _droppedFrames;
    private long _commandsApplied;

    /// <summary>Frames output.</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>
    /// Times a tick started a whole frame period or more after its deadline (the channel fell behind real time and
    /// dropped the ticks it missed).
    /// </summary>
    public long LateTicks => Interlocked.Read(ref _lateTicks);

    /// <summary>
    /// The tick at which the channel first fell a whole frame behind real time, or −1 if it never did. Late ticks
    /// at the very start would mean start-up work ran on the clock; later ones are load (the CPU was taken away).
    /// </summary>
    public long FirstLateTick => Interlocked.Read(ref _firstLateTick);

    /// <summary>Programme ticks skipped to stay on the wall clock (no frame output for them); frames out + these = ticks elapsed.</summary>
    public long DroppedTicks => Interlocked.Read(ref _droppedTicks);

    /// <summary>Ticks where a producer had nothing new and its last frame was repeated.</summary>
    public long RepeatedFrames => Interlocked.Read(ref _repeatedFrames);

    /// <summary>Frames a sink could not take (its queue was full) and dropped.</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>Control commands applied between frames.</summary>
    public long CommandsApplied => Interlocked.Read(ref _commandsApplied);

    /// <summary>Per-stage latency, one entry per named stage, in registration order.</summary>
    public IReadOnlyList<StageTiming> Stages => _stages;

    private readonly List<StageTiming> _stages = [];

    /// <summary>Registers a stage timer at start-up (not thread-safe; before the channel runs).</summary>
    public StageTiming AddStage(string name)
    {
        var s = new StageTiming(name);
        _stages.Add(s);
        return s;
    }

    internal void CountTick() => Interlocked.Increment(ref _ticks);

    /// <summary>The channel fell behind at tick <paramref name="tick"/> and skipped <paramref name="droppedTicks"/> ticks.</summary>
    internal void CountBehind(long tick, long droppedTicks)
    {
        Interlocked.CompareExchange(ref _firstLateTick, tick, -1);
        Interlocked.Increment(ref _lateTicks);
        Interlocked.Add(ref _droppedTicks, droppedTicks);
    }

    /// <summary>Counts a repeated frame (producer late).</summary>
    public void CountRepeat() => Interlocked.Increment(ref _repeatedFrames);

    /// <summary>Counts a dropped frame (sink full).</summary>
    public void CountDrop() => Interlocked.Increment(ref _droppedFrames);

    internal void CountCommand() => Interlocked.Increment(ref _commandsApplied);
}
