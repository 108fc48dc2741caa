using Broadcast3D.Cli;
using Broadcast3D.Core.Cameras;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Tests;

/// <summary>The tracking commands of the real <c>b3d</c> CLI on the Pose2Sim demo (issue #3).</summary>
public class TrackingCliTests
{
    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(2));

    [Test]
    public void Triangulate_BalancingTrial_ReproducesReferenceTrc()
    {
        using var tmp = new TempFolder();
        string trial = SharedAssets.BalancingTrial;
        string output = tmp.File("balancing.trc");
        ProcessRunner.Result r = B3d("triangulate", "--calib", SharedAssets.CalibrationToml,
            "--pose2d", Path.Combine(trial, "pose-associated"), "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        Assert.That(r.StdOut, Does.Contain("px").And.Contain("mm"), "per-keypoint reprojection summary");

        TrcData ours = TrcFile.Read(output);
        TrcData reference = TrcFile.Read(Path.Combine(trial, "pose-3d", "S00_P00_T01_BalancingTrial_0-100.trc"));
        Assert.That((ours.FrameCount, ours.MarkerCount), Is.EqualTo((reference.FrameCount, reference.MarkerCount)));
        double maxDelta = 0;
        int compared = 0;
        for (int i = 0; i < ours.Coordinates.Length; i++)
        {
            double d = Math.Abs(ours.Coordinates[i] - reference.Coordinates[i]);
            maxDelta = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(maxDelta, d);
            compared++;
        }
        TestContext.Out.WriteLine($"max |Δ| = {maxDelta:E3} m over {compared} coordinates");
        Assert.That(compared, Is.EqualTo(100 * 21 * 3), "coordinates compared");
        Assert.That(maxDelta, Is.LessThanOrEqualTo(1e-12), "metres, through the TRC text");
    }

    [Test]
    public void Triangulate_IlgpuCpuAccelerator_EqualsReferenceTrcWithinMicrometre()
    {
        double maxDelta = TriangulateBalancingOnKernel("cpu", "ILGPU's cpu accelerator (double precision)");
        Assert.That(maxDelta, Is.LessThan(1e-6), "metres: 0.001 mm");
    }

    [Test]
    public void Triangulate_CpuFloatAccelerator_MatchesPose2SimTrcWithin2Micrometres()
    {
        double maxDelta = TriangulateBalancingOnKernel("cpu-float", "ILGPU's cpu-float accelerator (single precision)");

        // Measured 1.65e-6 m after the Butterworth filter (8.9e-7 m before it; docs/ilgpu.md): the float bound.
        Assert.That(maxDelta, Is.LessThanOrEqualTo(2e-6), "metres");
    }

    // Runs `b3d triangulate --accelerator ACCELERATOR` on the Balancing trial, checks the kernel (not the reference)
    // ran, and returns the worst coordinate difference from Pose2Sim's TRC, metres.
    private static double TriangulateBalancingOnKernel(string accelerator, string announced)
    {
        using var tmp = new TempFolder();
        string trial = SharedAssets.BalancingTrial;
        string output = tmp.File("balancing-ilgpu.trc");
        ProcessRunner.Result r = B3d("triangulate", "--calib", SharedAssets.CalibrationToml,
            "--pose2d", Path.Combine(trial, "pose-associated"), "--accelerator", accelerator, "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        Assert.That(r.StdOut, Does.Contain(announced), "the kernel ran, not the reference");

        TrcData ours = TrcFile.Read(output);
        TrcData reference = TrcFile.Read(Path.Combine(trial, "pose-3d", "S00_P00_T01_BalancingTrial_0-100.trc"));
        Assert.That((ours.FrameCount, ours.MarkerCount), Is.EqualTo((reference.FrameCount, reference.MarkerCount)));
        double maxDelta = 0;
        for (int i = 0; i < ours.Coordinates.Length; i++)
            maxDelta = Math.Max(maxDelta, Math.Abs(ours.Coordinates[i] - reference.Coordinates[i]));
        TestContext.Out.WriteLine($"--accelerator {accelerator}: worst |Δ| from Pose2Sim's TRC = {maxDelta:E2} m over {ours.Coordinates.Length} coordinates");
        return maxDelta;
    }

    [Test]
    public void Triangulate_CudaRequestedWithoutGpu_FailsNamingOptionAndChoices()
    {
        using var tmp = new TempFolder();
        ProcessRunner.Result r = B3d("triangulate", "--calib", SharedAssets.CalibrationToml,
            "--pose2d", Path.Combine(SharedAssets.BalancingTrial, "pose-associated"), "--accelerator", "cuda", "--out", tmp.File("x.trc"));
        if (r.ExitCode == 0)
        {
            Assert.That(r.StdOut, Does.Contain("ILGPU's cuda accelerator"), "a CUDA machine runs the kernel there");
            return;
        }

        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.Unavailable), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("ERR b3d triangulate: --accelerator cuda: ").And.Contain("available here: auto, ").And.Contain("cpu, reference."));
        Assert.That(File.Exists(tmp.File("x.trc")), Is.False);
    }

    [Test]
    public void Triangulate_MissingPoseFolder_FailsNamingIt()
    {
        using var tmp = new TempFolder();
        ProcessRunner.Result r = B3d("triangulate", "--calib", SharedAssets.CalibrationToml,
            "--pose2d", tmp.File("no-such-folder"), "--out", tmp.File("x.trc"));
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("ERR b3d triangulate:").And.Contain("no-such-folder"));
        Assert.That(File.Exists(tmp.File("x.trc")), Is.False);
    }

    [Test]
    public void CalibConvert_QualisysPose2SimMode_MatchesReferenceToml()
    {
        using var tmp = new TempFolder();
        string output = tmp.File("calib.toml");
        string qca = SharedAssets.Data("pose2sim-demo/S00_Calibration/Calib.qca.txt");
        ProcessRunner.Result r = B3d("calib", "convert", "--from", "qualisys", "--distortion", "pose2sim", qca, "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);

        IReadOnlyList<Camera> ours = Broadcast3D.Tracking.Calibration.CalibrationToml.Read(output).Cameras;
        IReadOnlyList<Camera> reference = Broadcast3D.Tracking.Calibration.CalibrationToml.Read(SharedAssets.CalibrationToml).Cameras;
        Assert.That(ours, Has.Count.EqualTo(reference.Count));
        for (int c = 0; c < ours.Count; c++)
        {
            Assert.That(ours[c].Name, Is.EqualTo(reference[c].Name));
            Assert.That((ours[c].TranslationMetres - reference[c].TranslationMetres).Length, Is.LessThanOrEqualTo(1e-14));
            Assert.That((ours[c].RotationVector - reference[c].RotationVector).Length, Is.LessThanOrEqualTo(1e-14));
            Assert.That(ours[c].Intrinsics.M00, Is.EqualTo(reference[c].Intrinsics.M00).Within(1e-14).Percent);
            Assert.That(ours[c].Distortion.K1, Is.EqualTo(reference[c].Distortion.K1).Within(1e-14));
        }
    }
}
