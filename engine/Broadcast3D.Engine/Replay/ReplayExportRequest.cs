namespace Broadcast3D.Engine.Replay;

/// <summary>What <see cref="ReplayExporter"/> exports.</summary>
/// <param name="Camera">Camera name, as in the run's configuration.</param>
/// <param name="In">Mark-in: the first picture is the one on screen at this time.</param>
/// <param name="Out">Mark-out (exclusive): must be after <paramref name="In"/>.</param>
/// <param name="Speed">Replay speed in (0, 2]: 1 real time, 0.5 half speed (each picture twice), 2 double speed.</param>
/// <param name="OutFile">The MP4 written (H.264, the recording's frame rate).</param>
public sealed record ReplayExportRequest(string Camera, ReplayTime In, ReplayTime Out, double Speed, string OutFile)
{
    /// <summary>The run to export from; null: the last run that recorded anything.</summary>
    public long? Run { get; init; }

    /// <summary>
    /// Draws the recorded 3D over the pictures (the built-in overlays <c>skeleton</c> and <c>labels</c>), sampled at
    /// each output frame's own time and projected through the camera's recorded calibration (see <see cref="ReplayGraphics"/>).
    /// </summary>
    public bool Graphics { get; init; }

    /// <summary>
    /// A virtual-camera shot before the real camera (see <see cref="VirtualCamera"/>): over the range at
    /// <see cref="Speed"/>, or frozen on the mark-in for <see cref="FreezeFrames"/>; then a cut or dissolve back to the
    /// real camera at the same instant, which plays on to the mark-out. Null: the real camera only.
    /// </summary>
    public VirtualCameraShot? Virtual { get; init; }

    /// <summary>
    /// The original pictures, without the recorded blur regions (issue #21): only for a run recorded with
    /// <c>record.keepUnblurred</c>; refused otherwise.
    /// </summary>
    public bool Unblurred { get; init; }

    /// <summary>Frames the virtual camera holds the mark-in instant for (a freeze); 0: it replays the range instead.</summary>
    public int FreezeFrames { get; init; }

    /// <summary>
    /// With <see cref="Virtual"/>: the athletes' carved meshes (issue #18) in place of the capsules, with these settings
    /// (see <see cref="Meshes.RecordingMeshes"/>: the pose model runs on the recorded pictures for the masks), the
    /// skeleton on top when <see cref="Graphics"/> is set. Null: capsules.
    /// </summary>
    public Tracking.Meshes.MeshOptions? Meshes { get; init; }
}
