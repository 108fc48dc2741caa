using Broadcast3D.Cli;
using Broadcast3D.Engine.Tests;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// <c>b3d replay export --virtual</c> with the athlete's carved mesh (issue #18) through the real process, over a
/// recording of the real Balancing trial (four calibrated cameras and a fifth without calibration): BlazePose runs on
/// the recorded pictures for the masks, the recorded 3D places the carving, the virtual camera draws the mesh.
/// </summary>
[NonParallelizable]
public class ReplayMeshCliTests
{
    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(5));

    [Test]
    public void ReplayExport_VirtualCameraOverTheTrialRecording_DrawsTheCarvedMeshNotCapsules()
    {
        using var temp = new TempFolder("b3d-replay-mesh");
        TrialRecording.Record(temp.Path, 60);
        string meshClip = temp.File("mesh.mp4"), capsuleClip = temp.File("capsules.mp4");
        string[] shot = ["replay", "export", temp.Path, "--camera", "cam01", "--in", "0.5s", "--out", "0.55s", "--virtual", "fly:side", "--freeze", "3"];

        ProcessRunner.Result r = B3d([.. shot, "--out-file", meshClip]);
        TestContext.Out.WriteLine(r.StdOut);
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.Ok), r.StdErr);
        // A freeze: one instant carved, shown on every frame of the shot; the uncalibrated camera named, not used.
        Assert.That(r.StdOut, Does.Contain("meshes: 3 of 3 virtual-camera frames, 1 carved at 1 instant(s) from cam01, cam02, cam03, cam04"));
        Assert.That(r.StdOut, Does.Contain("without calibration (not used): cam05"));

        r = B3d([.. shot, "--mesh", "none", "--out-file", capsuleClip]);
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.Ok), r.StdErr);
        Assert.That(r.StdOut, Does.Not.Contain("meshes:"));

        // The mesh takes its colours from the recorded pictures (the athlete's skin: red above green and 1.2 × blue);
        // the capsules are #00D1FF over a grey-green floor and a slate sky, with no such pixel.
        (int width, int height) = (1080, 1920);
        byte[] mesh = Frame(meshClip, 1, width, height), capsules = Frame(capsuleClip, 1, width, height);
        int meshWarm = Warm(mesh), capsuleWarm = Warm(capsules);
        TestContext.Out.WriteLine($"warm pixels: mesh {meshWarm}, capsules {capsuleWarm}");
        Assert.That(capsuleWarm, Is.LessThan(200), "the capsules' picture has no skin colour");
        Assert.That(meshWarm, Is.GreaterThan(5000), "the mesh's picture shows the athlete's skin colours");
    }

    [Test]
    public void ReplayExport_VirtualCameraWithOneCalibratedCamera_DrawsCapsulesAndSaysWhy()
    {
        using var temp = new TempFolder("b3d-replay-mesh-one");
        AthleteRecording.Record(temp.Path);
        ProcessRunner.Result r = B3d("replay", "export", temp.Path, "--camera", "cam01", "--in", "1.2s", "--out", "1.4s", "--virtual", "orbit",
            "--freeze", "2", "--out-file", temp.File("clip.mp4"));
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.Ok), r.StdErr);
        Assert.That(r.StdOut, Does.Contain("meshes: none, capsules drawn (1 recorded camera(s) with a calibration, 2 needed to carve)"));

        r = B3d("replay", "export", temp.Path, "--camera", "cam01", "--in", "1.2s", "--out", "1.4s", "--virtual", "orbit", "--mesh-voxel", "0",
            "--out-file", temp.File("clip2.mp4"));
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("--mesh-voxel 0"));
    }

    /// <summary>Frame <paramref name="index"/> of a clip as RGBA, decoded by the ffmpeg CLI (an independent decoder).</summary>
    private static byte[] Frame(string clip, int index, int width, int height)
    {
        using var tmp = new TempFolder("b3d-replay-mesh-frame");
        string raw = tmp.File("frame.rgba");
        ProcessRunner.Ffmpeg("-i", clip, "-vf", $"select=eq(n\\,{index})", "-vsync", "0", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", raw);
        byte[] rgba = File.ReadAllBytes(raw);
        Assert.That(rgba, Has.Length.EqualTo(width * height * 4), $"{clip} is {width}x{height}");
        return rgba;
    }

    private static int Warm(byte[] rgba)
    {
        int n = 0;
        for (int i = 0; i < rgba.Length; i += 4)
            n += rgba[i] > rgba[i + 1] && rgba[i] * 5 > (rgba[i + 2] * 6) + 25 ? 1 : 0;
        return n;
    }
}
