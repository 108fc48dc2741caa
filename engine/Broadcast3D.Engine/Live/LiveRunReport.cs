using Broadcast3D.Core.Threading;
using Broadcast3D.Engine.Channels;

namespace Broadcast3D.Engine.Live;

/// <summary>What a live run did, for the exit summary: one line per fact, counters and latencies included.</summary>
/// <param name="FramesOut">Programme frames output by the channel (the delay line's filling not counted).</param>
/// <param name="Lines">Human-readable lines (channel, delay line, sync, cameras, tracking, outputs, stages).</param>
public sealed record LiveRunReport(long FramesOut, IReadOnlyList<string> Lines)
{
    /// <summary>True when not one camera delivered a picture during the run: the programme was black throughout.</summary>
    public bool NoCameraDelivered { get; init; }

    /// <summary>The channel's counters (frames out, repeated, dropped, per output); null when the run stopped before the channel was made.</summary>
    public ChannelCounters? Channel { get; init; }

    /// <summary>The programme delay and graphics registration at the end of the run (delay, tracking latency, graphics age); null when the run stopped before the channel was made.</summary>
    public DelayState? Delay { get; init; }

    /// <summary>Full-frame copies made into the programme's and graphics layer's pictures (the readback's, one per picture).</summary>
    public long FullFrameCopies { get; init; }

    /// <summary>Pictures read back for the outputs (programme and graphics layer).</summary>
    public long PicturesReadBack { get; init; }

    /// <summary>
    /// CPU time and managed allocations of each live thread (channel, ingest, tracking, each sink and camera reader)
    /// over its steady state, the first 60 frames of each left out; a thread with fewer frames reports none.
    /// </summary>
    public IReadOnlyList<ThreadCost> ThreadCosts { get; init; } = [];
}
