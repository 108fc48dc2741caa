namespace Broadcast3D.Cli.Reports;

/// <summary>
/// Where <c>b3d report</c>'s key-frame stills come from: the folder of camera videos (sorted by name, the i-th video
/// is the calibration's i-th camera, as Pose2Sim lays out a trial), the calibration TOML, and the camera drawn.
/// </summary>
internal sealed record StillSource(string VideosFolder, string CalibrationPath, string? Camera);
