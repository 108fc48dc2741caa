namespace Broadcast3D.Engine.Live;

/// <summary>What a live run did, for the exit summary: one line per fact, counters and latencies included.</summary>
/// <param name="FramesOut">Programme frames output by the channel (the delay line's filling not counted).</param>
/// <param name="Lines">Human-readable lines (channel, delay line, sync, cameras, tracking, outputs, stages).</param>
public sealed record LiveRunReport(long FramesOut, IReadOnlyList<string> Lines)
{
    /// <summary>True when not one camera delivered a picture during the run: the programme was black throughout.</summary>
    public bool NoCameraDelivered { get; init; }
}
