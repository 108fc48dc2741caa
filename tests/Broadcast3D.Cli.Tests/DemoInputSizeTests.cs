using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// <c>b3d demo</c> on a sample whose videos cannot be written as yuv420p views (issue #12): refused as bad input naming
/// the video and its size before the tracking pass, not as a failure of the GPU readback minutes later.
/// </summary>
public class DemoInputSizeTests
{
    [Test]
    public void Demo_VideoWidthNotAMultipleOf8_BadInputNamingTheVideoBeforeTracking()
    {
        using var tmp = new TempFolder("b3d-demo-size");
        // The sample's layout under a B3D_SHARED of our own: its calibration and reference, videos 1084 wide (even, so
        // x264 takes them, but not a multiple of 8).
        string demo = Path.Combine(tmp.Path, "data", "pose2sim-demo");
        string trial = Path.Combine(demo, "S00_P00_SingleParticipant", "S00_P00_T01_BalancingTrial");
        Directory.CreateDirectory(Path.Combine(trial, "videos"));
        Directory.CreateDirectory(Path.Combine(trial, "pose-3d"));
        Directory.CreateDirectory(Path.Combine(demo, "S00_Calibration"));
        File.Copy(SharedAssets.CalibrationToml, Path.Combine(demo, "S00_Calibration", "Calib_qualisys.toml"));
        const string Reference = "S00_P00_T01_BalancingTrial_0-100.trc";
        File.Copy(Path.Combine(SharedAssets.BalancingTrial, "pose-3d", Reference), Path.Combine(trial, "pose-3d", Reference));
        for (int c = 1; c <= 4; c++)
        {
            ProcessRunner.Ffmpeg("-i", Path.Combine(SharedAssets.BalancingTrial, "videos", $"cam{c:00}.mp4"), "-an", "-frames:v", "3",
                "-vf", "scale=1084:1920", "-c:v", "libx264", "-preset", "ultrafast", Path.Combine(trial, "videos", $"cam{c:00}.mp4"));
        }
        string models = Path.GetDirectoryName(SharedAssets.Model("MODELS.md"))!;

        ProcessRunner.Result r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), "demo", "--frames", "2", "--out", tmp.File("out")],
            TimeSpan.FromMinutes(2), environment: new Dictionary<string, string> { ["B3D_SHARED"] = tmp.Path, ["B3D_MODELS"] = models });

        TestContext.Out.WriteLine(r.StdErr);
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain(Path.Combine(trial, "videos", "cam01.mp4") + ": 1084x1920: ").And.Contain("multiple of 8"));
        Assert.That(r.StdErr, Does.Not.Contain("   at "), "one line, no stack trace");
        Assert.That(Path.Combine(tmp.File("out"), "pose-2d"), Does.Not.Exist, "refused before the tracking pass, which makes the 2D pose folders");
    }
}
