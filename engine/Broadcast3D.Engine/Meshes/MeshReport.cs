namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// <c>mesh.json</c>: what <c>b3d mesh</c> built and measured (issue #18). IoUs are medians over the frames meshed
/// (null where none); times are medians in milliseconds measured in this run on this machine.
/// </summary>
public sealed class MeshReport
{
    /// <summary>The trial folder.</summary>
    public required string Trial { get; init; }

    /// <summary>The calibration used.</summary>
    public required string Calibration { get; init; }

    /// <summary>Frame range asked for, sets processed, meshed and skipped (with reasons and counts).</summary>
    public required MeshFrameCounts Frames { get; init; }

    /// <summary>Per calibrated camera: silhouette IoU, leave-one-out IoU, use and skip counts.</summary>
    public required IReadOnlyList<MeshCameraFigures> Cameras { get; init; }

    /// <summary>Videos of the trial that have no calibration camera (not used).</summary>
    public required IReadOnlyList<string> CamerasWithoutCalibration { get; init; }

    /// <summary>Carving and surface settings.</summary>
    public required MeshSettingsReport Settings { get; init; }

    /// <summary>Time per frame: carving on each accelerator (ratio in this run), surface and colour, whole frame.</summary>
    public required MeshTiming Timing { get; init; }

    /// <summary>The files written, one pair per mesh.</summary>
    public required IReadOnlyList<MeshFileEntry> Meshes { get; init; }
}
