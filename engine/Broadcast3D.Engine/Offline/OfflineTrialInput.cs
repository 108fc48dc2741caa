using Broadcast3D.Core.Assets;

namespace Broadcast3D.Engine.Offline;

/// <summary>
/// A recorded multi-camera trial: one video per calibrated camera (video i = calibration camera i), the
/// calibration (Pose2Sim/anipose TOML), and optionally a reference TRC to report agreement with. Immutable.
/// </summary>
/// <param name="Name">Trial name, used for output file names.</param>
/// <param name="Videos">Video files, in calibration camera order.</param>
/// <param name="CalibrationPath">Calibration TOML.</param>
/// <param name="ReferenceTrcPath">Reference 3D (TRC, Pose2Sim layout), or null.</param>
public sealed record OfflineTrialInput(string Name, IReadOnlyList<string> Videos, string CalibrationPath, string? ReferenceTrcPath)
{
    /// <summary>Folder of the Balancing trial inside the data folder.</summary>
    public const string BalancingTrialFolder = "pose2sim-demo/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial";

    /// <summary>
    /// The built-in sample: the Pose2Sim demo's 4-camera Balancing trial with its Qualisys calibration and the
    /// reference triangulation. Throws <see cref="AssetNotFoundException"/> naming the first missing file and what
    /// to set.
    /// </summary>
    public static OfflineTrialInput BalancingDemo()
    {
        var videos = new string[4];
        for (int c = 0; c < videos.Length; c++)
            videos[c] = AssetLocator.RequireData($"{BalancingTrialFolder}/videos/cam{c + 1:00}.mp4");
        string calibration = AssetLocator.RequireData("pose2sim-demo/S00_Calibration/Calib_qualisys.toml");
        string reference = AssetLocator.RequireData($"{BalancingTrialFolder}/pose-3d/S00_P00_T01_BalancingTrial_0-100.trc");
        return new OfflineTrialInput("S00_P00_T01_BalancingTrial", videos, calibration, reference);
    }
}
