namespace Broadcast3D.Engine.Replay;

/// <summary>
/// The athletes' meshes of the cued clip on a live replay channel (issue #18), as <see cref="ReplayState.Meshes"/>
/// reports them: carved off the channel thread, instant by instant from the mark-in, while the clip is cued.
/// </summary>
/// <param name="Mode"><c>carved</c> (meshes are built for this clip) or <c>none</c> (the virtual camera draws capsules).</param>
/// <param name="Frames">Instants of the clip to carve: its recorded pictures on the cued camera's timeline from the mark-in, at most <see cref="ReplayController.MaxShotFrames"/>.</param>
/// <param name="FramesDone">Instants carved or skipped so far (both count; skips have a reason in the run's log).</param>
/// <param name="FramesWithMesh">Instants with at least one athlete's mesh: a virtual camera frame at such an instant draws meshes, the others capsules.</param>
/// <param name="Building">True while the carving of this clip goes on.</param>
/// <param name="Reason">Why this clip has no meshes or stopped (fewer than two calibrated cameras, a model missing, a segment unreadable); null otherwise.</param>
public sealed record ReplayMeshState(string Mode, int Frames, int FramesDone, int FramesWithMesh, bool Building, string? Reason);
