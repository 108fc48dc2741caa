using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// A replay channel's state after a tick or a command (<see cref="ReplayController.State"/>). Times are seconds on the
/// common capture clock (the programme's: each camera's own clock placed by the live sync).
/// </summary>
/// <param name="Camera">The camera cued; null when nothing is.</param>
/// <param name="In">Mark-in of the cued clip.</param>
/// <param name="Out">Mark-out (exclusive).</param>
/// <param name="Position">The replay time of the picture shown last.</param>
/// <param name="Speed">Speed of the last play command.</param>
/// <param name="Playing">True while the position moves.</param>
public sealed record ReplayState(string? Camera, Rational In, Rational Out, Rational Position, double Speed, bool Playing)
{
    /// <summary>Nothing cued.</summary>
    public static ReplayState Idle { get; } = new(null, Rational.Zero, Rational.Zero, Rational.Zero, 1, false);

    /// <summary>The mark-in set for the next cue (null: none).</summary>
    public Rational? MarkIn { get; init; }

    /// <summary>The mark-out set for the next cue (null: none).</summary>
    public Rational? MarkOut { get; init; }

    /// <summary>
    /// The replay channel's frame index of the last tick when the state was taken (−1 before the first): a command is
    /// applied before the next tick, whose picture carries that index on the outputs (the NDI timecode).
    /// </summary>
    public long Frame { get; init; } = -1;

    /// <summary>The virtual camera shot on air (<c>orbit</c>, <c>fly:side</c>, ...); null when the real camera is.</summary>
    public string? Virtual { get; init; }

    /// <summary>The cued clip's athlete meshes for the virtual camera (issue #18); null when nothing is cued or the channel carves none.</summary>
    public ReplayMeshState? Meshes { get; init; }

    /// <summary>Replay channel ticks dropped so far because the channel was behind real time (its cadence; 0 on a virtual clock).</summary>
    public long TicksDropped { get; init; }
}
