using Broadcast3D.Core.Cameras;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Cli.Tests;

/// <summary><c>b3d calib extrinsics</c> and <c>b3d calib check</c> through the real CLI on the Pose2Sim demo (issue #19).</summary>
public class CalibAthleteCliTests
{
    private static string Pose2d => Path.Combine(SharedAssets.BalancingTrial, "pose-associated");

    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(3));

    [Test]
    public void CalibExtrinsics_BalancingTrial_WritesFourPosedCamerasThatCheckClean()
    {
        using var tmp = new TempFolder();
        string output = tmp.File("athlete.toml");

        ProcessRunner.Result r = B3d("calib", "extrinsics", "--intrinsics", SharedAssets.CalibrationToml, "--pose2d", Pose2d, "--out", output, "--distance", "RHip-RKnee=0.40");
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        CameraRig rig = CalibrationToml.Read(output);
        ProcessRunner.Result check = B3d("calib", "check", output, "--pose2d", Pose2d);

        Assert.Multiple(() =>
        {
            Assert.That(rig.Count, Is.EqualTo(4));
            Assert.That(rig.Cameras.Select(c => c.PositionMetres.Z), Is.All.InRange(0.5, 4.0), "cameras above the floor, m");
            Assert.That(r.StdOut, Does.Contain("metric scale from RHip-RKnee=0.4"));
            Assert.That(check.ExitCode, Is.Zero, check.StdErr);
            Assert.That(check.StdOut, Does.Not.Contain("drifted"));
        });
    }

    [Test]
    public void CalibExtrinsics_StaticTrial_ExitsOneAndWritesNothing()
    {
        using var tmp = new TempFolder();
        string output = tmp.File("athlete.toml");

        ProcessRunner.Result r = B3d("calib", "extrinsics", "--intrinsics", SharedAssets.CalibrationToml,
            "--pose2d", Path.Combine(SharedAssets.StaticTrial, "pose-associated"), "--out", output);

        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
            Assert.That(r.StdErr + r.StdOut, Does.Contain("film the athlete moving through the volume"));
            Assert.That(File.Exists(output), Is.False, "no calibration written");
        });
    }

    [Test]
    public void CalibCheck_Cam02TurnedByThreeDegrees_WarnsThatCam02Drifted()
    {
        using var tmp = new TempFolder();
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        Camera c = qualisys.Cameras[1];
        // Turned 3° about its own vertical axis: R' = Ry(3°)·R, and t' = Ry·t keeps its centre in place.
        double a = 3 * Math.PI / 180;
        var turn = new Matrix3d(Math.Cos(a), 0, Math.Sin(a), 0, 1, 0, -Math.Sin(a), 0, Math.Cos(a));
        var moved = new Camera(c.Name, c.ImageWidth, c.ImageHeight, c.Intrinsics, c.Distortion, Rodrigues.FromMatrix(turn * c.Rotation), turn * c.TranslationMetres);
        string calib = tmp.File("moved.toml");
        CalibrationToml.Write(new CameraRig([qualisys.Cameras[0], moved, qualisys.Cameras[2], qualisys.Cameras[3]]), calib);

        ProcessRunner.Result r = B3d("calib", "check", calib, "--pose2d", Pose2d);

        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
            Assert.That(r.StdOut.Split('\n').Single(l => l.StartsWith("cam_02", StringComparison.Ordinal)), Does.Contain("WARNING: drifted"));
            Assert.That(r.StdOut.Split('\n').Count(l => l.Contains("drifted", StringComparison.Ordinal)), Is.EqualTo(1), r.StdOut);
            Assert.That(r.StdErr, Does.Contain("cam_02").And.Contain("probably moved"));
        });
    }
}
