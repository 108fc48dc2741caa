using Broadcast3D.Core.Assets;

namespace Broadcast3D.TestSupport;

/// <summary>
/// Models and data from <c>../shared</c> for tests. A missing file fails the test with the path and what to do;
/// it never skips, so a CI without the assets is red rather than silently green.
/// </summary>
public static class SharedAssets
{
    /// <summary>Path of a model relative to the models folder; fails the test when it is absent.</summary>
    public static string Model(string relativePath) => Guard(() => AssetLocator.RequireModel(relativePath));

    /// <summary>Path of a data file or folder relative to the data folder; fails the test when it is absent.</summary>
    public static string Data(string relativePath) => Guard(() => AssetLocator.RequireData(relativePath));

    /// <summary>The Balancing trial of the Pose2Sim demo (4 cameras, 100 frames).</summary>
    public static string BalancingTrial => Data("pose2sim-demo/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial");

    /// <summary>The Static trial of the Pose2Sim demo.</summary>
    public static string StaticTrial => Data("pose2sim-demo/S00_P00_SingleParticipant/S00_P00_T00_StaticTrial");

    /// <summary>The Pose2Sim calibration in TOML.</summary>
    public static string CalibrationToml => Data("pose2sim-demo/S00_Calibration/Calib_qualisys.toml");

    private static string Guard(Func<string> find)
    {
        try
        {
            return find();
        }
        catch (AssetNotFoundException ex)
        {
            Assert.Fail(ex.Message);
            throw; // unreachable: Assert.Fail throws
        }
    }
}
