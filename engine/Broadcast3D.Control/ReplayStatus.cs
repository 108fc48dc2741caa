using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Replay;

namespace Broadcast3D.Control;

/// <summary>
/// The replay channel's state as the API returns it (<c>GET /api/replay</c> and every replay command's answer). Times
/// are seconds on the common capture clock, with their timecode at the run's frame rate.
/// </summary>
/// <param name="Camera">The camera cued; null when nothing is.</param>
/// <param name="Playing">True while the clip plays.</param>
/// <param name="Speed">Speed of the last play.</param>
/// <param name="Position">The replay time shown last, seconds (0 when nothing is cued).</param>
/// <param name="PositionTimecode">The same as a timecode.</param>
/// <param name="In">The cued clip's mark-in, seconds; null when nothing is cued.</param>
/// <param name="Out">The cued clip's mark-out (exclusive), seconds; null when nothing is cued.</param>
/// <param name="MarkIn">The mark-in set for the next cue (seconds; null: none).</param>
/// <param name="MarkOut">The mark-out set for the next cue (seconds; null: none).</param>
/// <param name="Cameras">The cameras that can be cued.</param>
/// <param name="Errors">Replay commands refused so far.</param>
/// <param name="LastError">The last refusal (names the clip, camera and time); null when none.</param>
/// <param name="Frame">The replay channel's last frame index when this was taken: a command's answer shows from the next frame (the replay outputs' NDI timecode).</param>
/// <param name="Virtual">The virtual camera shot on air (<c>orbit</c>, <c>fly:VIEW</c>); null when the real camera is.</param>
/// <param name="Meshes">The cued clip's athlete meshes (issue #18): mode, instants to carve, done, with a mesh, still building, why none; null when nothing is cued.</param>
/// <param name="TicksDropped">Replay channel ticks dropped so far behind real time (its cadence).</param>
public sealed record ReplayStatus(string? Camera, bool Playing, double Speed, double Position, string PositionTimecode, double? In, double? Out,
    double? MarkIn, double? MarkOut, IReadOnlyList<string> Cameras, long Errors, string? LastError, long Frame, string? Virtual,
    ReplayMeshState? Meshes = null, long TicksDropped = 0)
{
    /// <summary>The status of <paramref name="state"/>, timecodes at <paramref name="rate"/>.</summary>
    public static ReplayStatus Of(ReplayState state, IReadOnlyList<string> cameras, long errors, string? lastError, FrameRate rate)
    {
        ArgumentNullException.ThrowIfNull(state);
        bool cued = state.Camera is not null;
        return new ReplayStatus(state.Camera, state.Playing, state.Speed, Seconds(state.Position),
            Timecode.FromTime(state.Position < Rational.Zero ? Rational.Zero : state.Position, rate).ToString(),
            cued ? Seconds(state.In) : null, cued ? Seconds(state.Out) : null, state.MarkIn is { } i ? Seconds(i) : null,
            state.MarkOut is { } o ? Seconds(o) : null, cameras, errors, lastError, state.Frame, state.Virtual,
            cued ? state.Meshes : null, state.TicksDropped);
    }

    private static double Seconds(Rational t) => Math.Round(t.ToDouble(), 6);
}
