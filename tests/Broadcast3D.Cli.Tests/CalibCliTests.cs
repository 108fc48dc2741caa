using Broadcast3D.Core.Cameras;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Cli.Tests;

/// <summary><c>b3d calib intrinsics</c> through the real CLI on the Pose2Sim demo's chessboard pictures (issue #19).</summary>
public class CalibCliTests
{
    private static string IntrinsicsFolder => SharedAssets.Data("pose2sim-demo/S00_Calibration/intrinsics");

    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(3));

    [Test]
    public void CalibIntrinsics_DemoFolders_WritesFourCamerasNearQualisysAndCoverageMaps()
    {
        using var tmp = new TempFolder();
        string output = tmp.File("intrinsics.toml");
        string coverage = Path.Combine(tmp.Path, "coverage");

        ProcessRunner.Result r = B3d("calib", "intrinsics", "--images", IntrinsicsFolder, "--board", "chessboard:4x7:60", "--out", output, "--coverage", coverage);

        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        CameraRig ours = CalibrationToml.Read(output);
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        Assert.Multiple(() =>
        {
            Assert.That(ours.Cameras.Select(c => c.Name), Is.EqualTo(new[] { "cam01", "cam02", "cam03", "cam04" }));
            for (int c = 0; c < 4; c++)
            {
                Assert.That(ours.Cameras[c].Intrinsics.M00, Is.EqualTo(qualisys.Cameras[c].Intrinsics.M00).Within(1).Percent, ours.Cameras[c].Name);
                Assert.That(File.Exists(Path.Combine(coverage, $"cam0{c + 1}_coverage.png")), Is.True, "coverage map");
            }

            Assert.That(r.StdOut, Does.Contain("cam04_07_int.jpg: rejected, outlier").And.Contain("RMS 0.2"), "per-view report");
        });
    }

    [Test]
    public void CalibIntrinsics_BoardNotInPictures_ExitsOneNamingTheFolderAndWritesNothing()
    {
        using var tmp = new TempFolder();
        string output = tmp.File("intrinsics.toml");

        ProcessRunner.Result r = B3d("calib", "intrinsics", "--images", Path.Combine(IntrinsicsFolder, "int_cam01_img"), "--board", "chessboard:5x8:60", "--out", output);

        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
            Assert.That(r.StdErr + r.StdOut, Does.Contain("int_cam01_img").And.Contain("no usable chessboard:5x8:60").And.Contain("photograph the whole board"));
            Assert.That(File.Exists(output), Is.False, "no calibration written");
        });
    }

    [TestCase("--board", "chessboard:4x7", "--board board 'chessboard:4x7'")]
    [TestCase("--every", "0", "--every 0")]
    public void CalibIntrinsics_BadOption_ExitsOneNamingTheOption(string option, string value, string expected)
    {
        using var tmp = new TempFolder();
        string[] args = ["calib", "intrinsics", "--video", Path.Combine(SharedAssets.BalancingTrial, "videos", "cam01.mp4"), "--board", "chessboard:4x7:60", "--out", tmp.File("x.toml")];
        int at = Array.IndexOf(args, option);
        args = at >= 0 ? [.. args[..(at + 1)], value, .. args[(at + 2)..]] : [.. args, option, value];

        ProcessRunner.Result r = B3d(args);

        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
            Assert.That(r.StdErr + r.StdOut, Does.Contain(expected));
        });
    }
}
