namespace Broadcast3D.Cli.Reports;

/// <summary>
/// Where <c>b3d report</c>'s key-frame stills come from: the folder of camera videos (sorted by name, the i-th video
/// is the calibration's i-th camera, as Pose2Sim lays out a trial), the calibration TOML, the camera drawn, and
/// whether everything but the reported athlete is blurred (issue #21; the default).
/// </summary>
internal sealed record StillSource(string VideosFolder, string CalibrationPath, string? Camera, bool BlurOthers = true);
