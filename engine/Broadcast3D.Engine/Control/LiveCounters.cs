namespace Broadcast3D.Engine.Control;

/// <summary>The live run's component counters, read from any thread while it runs.</summary>
/// <param name="ProgrammeCamera">The camera on the programme.</param>
/// <param name="Cameras">Each camera's reader.</param>
/// <param name="Outputs">Each output.</param>
/// <param name="SyncSets">Frame sets the camera sync made.</param>
/// <param name="SyncIncomplete">Sets missing a camera.</param>
/// <param name="SyncSkipped">Sets skipped.</param>
/// <param name="TrackingTracked">Frame sets tracked.</param>
/// <param name="TrackingSkipped">Frame sets skipped while the tracker was busy.</param>
/// <param name="TrackingRestarts">Tracker restarts after failures.</param>
/// <param name="TrackingFailure">Why tracking stopped, or null.</param>
/// <param name="Latencies">Each measured stage.</param>
public sealed record LiveCounters(string ProgrammeCamera, IReadOnlyList<CameraState> Cameras, IReadOnlyList<OutputState> Outputs,
    long SyncSets, long SyncIncomplete, long SyncSkipped, long TrackingTracked, long TrackingSkipped, int TrackingRestarts, string? TrackingFailure,
    IReadOnlyList<LatencyState> Latencies);
