using Broadcast3D.Cli;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Engine.Tests;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// <c>b3d replay list/export</c> through the real process: a recording is listed and exported; bad input gets one
/// line naming the clip, camera or time and exit code 1, never a stack trace.
/// </summary>
public class ReplayCliTests
{
    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(2));

    [Test]
    public void ReplayExport_Recording_WritesTheClipAndSaysWhat()
    {
        using var temp = new TempFolder();
        StampedRecording.Record(temp.Path, "cam01", 100);
        string clip = temp.File("clip.mp4");
        ProcessRunner.Result r = B3d("replay", "export", temp.Path, "--camera", "cam01", "--in", "00:00:01:00", "--out", "2s", "--speed", "0.5",
            "--out-file", clip);
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.Ok), r.StdErr);
        Assert.That(r.StdOut, Does.Contain($"{clip}: 50 frames from 25 recorded pictures of cam01"));
        Assert.That(StampedRecording.Stamps(clip), Has.Count.EqualTo(50));

        ProcessRunner.Result list = B3d("replay", "list", temp.Path);
        Assert.That(list.ExitCode, Is.EqualTo(CliErrors.Ok), list.StdErr);
        Assert.That(list.StdOut, Does.Contain("cam01: h264 320x240, 00:00:00:00 (0s) to 00:00:04:00 (4s) (4 s)").And.Contain("100 frames").And.Contain("gaps: none"));
    }

    [TestCase("2s", "1s", "the mark-out 1s is not after the mark-in 2s")]
    [TestCase("1s", "00:00:09:00", "outside the recording of cam01")]
    [TestCase("one", "2s", "--in 'one': not a time")]
    public void ReplayExport_BadMarks_OneLineExitOne(string markIn, string markOut, string says)
    {
        using var temp = new TempFolder();
        StampedRecording.Record(temp.Path, "cam01", 100);
        ProcessRunner.Result r = B3d("replay", "export", temp.Path, "--camera", "cam01", "--in", markIn, "--out", markOut, "--out-file", temp.File("clip.mp4"));
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr.Split('\n').Where(l => l.Contains(" ERR b3d replay export: ", StringComparison.Ordinal)), Has.Exactly(1).Items, r.StdErr);
        Assert.That(r.StdErr, Does.Contain(says));
        Assert.That(r.StdErr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void ReplayExport_UnblurredWithoutKeepUnblurred_OneLineExitOneNamingTheSetting()
    {
        using var temp = new TempFolder();
        using (var index = new RecordingIndex(temp.Path, StampedRecording.Rate, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40)))
        {
            // As b3d run records it: the pictures, the lens and the run's privacy (no region: nobody was tracked).
            StampedRecording.Record(index, "cam01", 50);
            index.CalibrationUsed("cam01", AthleteRecording.Lens());
            index.PrivacyUsed(BlurMode.Untracked, keepUnblurred: false);
        }
        string clip = temp.File("clip.mp4");
        ProcessRunner.Result r = B3d("replay", "export", temp.Path, "--camera", "cam01", "--in", "0s", "--out", "1s", "--unblurred", "--out-file", clip);
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr.Split('\n').Where(l => l.Contains(" ERR b3d replay export: ", StringComparison.Ordinal)), Has.Exactly(1).Items, r.StdErr);
        Assert.That(r.StdErr, Does.Contain("was recorded without record.keepUnblurred").And.Not.Contain("   at "));
        Assert.That(File.Exists(clip), Is.False);

        ProcessRunner.Result blurred = B3d("replay", "export", temp.Path, "--camera", "cam01", "--in", "0s", "--out", "1s", "--out-file", clip);
        Assert.That(blurred.ExitCode, Is.EqualTo(CliErrors.Ok), blurred.StdErr);
        Assert.That(blurred.StdOut, Does.Contain("frame(s) blurred by the recorded regions (privacy.blur untracked)"));
    }

    [Test]
    public void ReplayExport_GraphicsAndVirtualCamera_WritesTheClipAndSaysWhat()
    {
        using var temp = new TempFolder();
        AthleteRecording.Record(temp.Path);
        string clip = temp.File("clip.mp4");
        ProcessRunner.Result r = B3d("replay", "export", temp.Path, "--camera", "cam01", "--in", "1.2s", "--out", "1.6s", "--speed", "0.5", "--graphics",
            "--virtual", "fly:top", "--freeze", "10", "--dissolve", "5", "--out-file", clip);
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.Ok), r.StdErr);
        Assert.That(r.StdOut, Does.Contain($"{clip}: 29 frames from 10 recorded pictures of cam01").And.Contain("the first 10 from the virtual camera"));
        Assert.That(StampedRecording.Stamps(clip), Has.Count.EqualTo(29));
    }

    [TestCase("--virtual", "spin", "--virtual 'spin': not a camera move; give orbit or fly[:VIEW]")]
    [TestCase("--dissolve", "5", "--dissolve and --athlete shape a virtual camera shot: add --virtual orbit")]
    [TestCase("--freeze", "5", "a freeze of 5 frames needs a virtual camera (--virtual)")]
    public void ReplayExport_BadVirtualCamera_OneLineExitOne(string option, string value, string says)
    {
        using var temp = new TempFolder();
        StampedRecording.Record(temp.Path, "cam01", 50);
        ProcessRunner.Result r = B3d("replay", "export", temp.Path, "--camera", "cam01", "--in", "1s", "--out", "1.5s", option, value, "--out-file", temp.File("clip.mp4"));
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain(says));
        Assert.That(r.StdErr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void ReplayList_NotARecording_SaysWhatToGive()
    {
        using var temp = new TempFolder();
        ProcessRunner.Result r = B3d("replay", "list", temp.Path);
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain($"b3d replay list: recording {temp.Path}: no replay index (index.sqlite) in it; give the record.folder"));
    }
}
