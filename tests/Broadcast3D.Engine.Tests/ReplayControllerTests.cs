using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The replay commands through a real <see cref="FrameChannel"/> (virtual clock: every tick, in order) over a real
/// recording of two cameras whose pictures carry their frame numbers: what the channel shows tick by tick.
/// </summary>
public class ReplayControllerTests
{
    // cam01 and cam02 with the same 100 stamped pictures: recorded once for every test that replays that recording
    // (replaying only reads it); the tests that need other clocks record their own.
    private TempFolder _twoCameras = null!;

    [OneTimeSetUp]
    public void RecordTwoCameras()
    {
        _twoCameras = new TempFolder();
        Record(_twoCameras, index =>
        {
            StampedRecording.Record(index, "cam01", 100);
            StampedRecording.Record(index, "cam02", 100);
        });
    }

    [OneTimeTearDown]
    public void DeleteRecording() => _twoCameras.Dispose();

    [Test]
    public void Play_HalfSpeed_EveryStampOfTheClipTwiceThenHeldOnTheLast()
    {
        List<int?> shown = Replay(_twoCameras, 84, (controller, _) =>
        {
            controller.MarkIn(ReplayTime.Parse("1.2s", "in"));
            controller.MarkOut(ReplayTime.Parse("00:00:02:20", "out"));
            controller.Cue("cam01");
            controller.Play(0.5);
        }, out Outcome outcome);
        List<int?> expected = [.. Enumerable.Range(30, 40).SelectMany(n => new int?[] { n, n }), 69, 69, 69, 69];
        Assert.That(shown, Is.EqualTo(expected));
        Assert.That(outcome.Errors, Is.Zero);
        Assert.That(outcome.State.Playing, Is.False, "stopped at the end of the clip");
    }

    [Test]
    public void SwitchCamera_MidClip_SameInstantFromTheOtherCamera()
    {
        List<int?> shown = Replay(_twoCameras, 30, (controller, channel) =>
        {
            controller.MarkIn(ReplayTime.Parse("1s", "in"));
            controller.MarkOut(ReplayTime.Parse("3s", "out"));
            controller.Cue("cam01");
            controller.Play(1);
        }, out Outcome outcome, atTick: (10, c => c.SwitchCamera("cam02")));
        Assert.That(shown, Is.EqualTo(Enumerable.Range(25, 30).Select(n => (int?)n)), "no picture lost or repeated at the switch");
        Assert.That(outcome.State.Camera, Is.EqualTo("cam02"));
    }

    [Test]
    public void Jog_BackAcrossASegment_ShowsThatPicture()
    {
        List<int?> shown = Replay(_twoCameras, 25, (controller, _) =>
        {
            controller.MarkIn(ReplayTime.Parse("0s", "in"));
            controller.MarkOut(ReplayTime.Parse("4s", "out"));
            controller.Cue("cam01");
            controller.Play(2);
        }, out _, atTick: (20, c => c.Jog(-30)));
        // Ticks 0–20 show 0, 2, ..., 40; the jog is applied before tick 21: 40 + 2 (already advanced) − 30 = 12, held.
        Assert.That(shown.Take(21), Is.EqualTo(Enumerable.Range(0, 21).Select(n => (int?)(n * 2))));
        Assert.That(shown.Skip(21), Has.All.EqualTo(12));
    }

    [Test]
    public void BadCommands_RefusedNamingClipCameraTimeAndField_ChannelGoesOn()
    {
        var refused = new List<ReplayException>();
        List<int?> shown = Replay(_twoCameras, 6, (controller, _) =>
        {
            void Expect(Task<ReplayState> command) => command.ContinueWith(t =>
            {
                lock (refused)
                    refused.Add((ReplayException)t.Exception!.InnerException!);
            }, TaskContinuationOptions.OnlyOnFaulted);
            Expect(controller.Play(1)); // nothing cued
            controller.MarkIn(ReplayTime.Parse("2s", "in"));
            Expect(controller.MarkOut(ReplayTime.Parse("1s", "out"))); // out before in
            Expect(controller.Cue("cam01")); // no mark-out
            Expect(controller.MarkOut(ReplayTime.Parse("00:00:09:00", "out"))); // outside the recording
            controller.MarkOut(ReplayTime.Parse("3s", "out"));
            Expect(controller.Cue("cam09")); // no such camera
            controller.Cue("cam01");
            Expect(controller.Play(5)); // speed out of range
        }, out Outcome outcome);
        Assert.That(outcome.Errors, Is.EqualTo(6));
        Assert.That(outcome.Messages, Has.Some.Contains("play: no clip is cued"));
        Assert.That(outcome.Messages, Has.Some.Contains("the mark-out 00:00:01:00 (1s) is not after the mark-in 00:00:02:00 (2s)"));
        Assert.That(outcome.Messages, Has.Some.Contains("mark in and mark out before cueing (in 00:00:02:00 (2s), out not set)"));
        Assert.That(outcome.Messages, Has.Some.Contains("mark-out 00:00:09:00 (9s) is outside the recording (00:00:00:00 (0s) to 00:00:04:00 (4s))"));
        Assert.That(outcome.Messages, Has.Some.Contains("has no camera 'cam09'; cameras: cam01, cam02"));
        Assert.That(outcome.Messages, Has.Some.Contains("speed 5 is outside (0, 2]"));
        Assert.That(shown, Has.All.EqualTo(50), "the clip cued last is shown, paused on its mark-in");
        // The tasks fault as the commands are refused, with the request field each names (the control API's problem+json).
        Assert.That(() => { lock (refused) return refused.Count; }, Is.EqualTo(6).After(2000, 20));
        lock (refused)
        {
            Assert.That(refused.Select(r => r.Field), Is.EquivalentTo(new[] { "camera", "at", "at", "at", "camera", "speed" }));
            Assert.That(refused.Single(r => r.Message.Contains("cam09", StringComparison.Ordinal)).NotFound, Is.True);
        }
    }

    [Test]
    public void SwitchCamera_CamerasOnTheirOwnClocks_SameInstantThroughTheRecordedPlacement()
    {
        using var temp = new TempFolder();
        // cam02's clock reads 10 s more than cam01's for the same instant: the live sync placed it at −10 s.
        Record(temp, index =>
        {
            StampedRecording.Record(index, "cam01", 100);
            StampedRecording.Record(index, "cam02", 100, new Rational(10, 1));
            index.CameraPlaced("cam01", Rational.Zero, Rational.Zero);
            index.CameraPlaced("cam02", Rational.Zero, new Rational(-10, 1));
        });
        List<int?> shown = Replay(temp, 30, (controller, _) =>
        {
            controller.MarkIn(ReplayTime.Parse("1s", "in"));
            controller.MarkOut(ReplayTime.Parse("3s", "out"));
            controller.Cue("cam01");
            controller.Play(1);
        }, out Outcome outcome, atTick: (10, c => c.SwitchCamera("cam02")));
        Assert.That(outcome.Errors, Is.Zero, string.Join("\n", outcome.Messages));
        Assert.That(shown, Is.EqualTo(Enumerable.Range(25, 30).Select(n => (int?)n)), "no picture lost or repeated at the switch");
        Assert.That(outcome.State.Camera, Is.EqualTo("cam02"));
    }

    [Test]
    public void SwitchCamera_OwnClockWithoutPlacement_RefusedAsNoPictureThere()
    {
        using var temp = new TempFolder();
        Record(temp, index =>
        {
            StampedRecording.Record(index, "cam01", 100);
            StampedRecording.Record(index, "cam02", 100, new Rational(10, 1));
        });
        List<int?> shown = Replay(temp, 20, (controller, _) =>
        {
            controller.MarkIn(ReplayTime.Parse("1s", "in"));
            controller.MarkOut(ReplayTime.Parse("3s", "out"));
            controller.Cue("cam01");
            controller.Play(1);
        }, out Outcome outcome, atTick: (10, c => c.SwitchCamera("cam02")));
        // Unplaced, cam02's own times are taken as common ones: it has nothing at 1–3 s, and the clip goes on on cam01.
        Assert.That(outcome.Errors, Is.EqualTo(1));
        Assert.That(outcome.Messages, Has.Some.Contains("outside the recording of cam02"));
        Assert.That(shown, Is.EqualTo(Enumerable.Range(25, 20).Select(n => (int?)n)));
        Assert.That(outcome.State.Camera, Is.EqualTo("cam01"));
    }

    [Test]
    public void MarkIn_WithoutTime_AtTheProgrammePictureOnAir()
    {
        List<int?> shown = Replay(_twoCameras, 4, (controller, _) =>
        {
            controller.MarkIn();
            controller.MarkOut(ReplayTime.Parse("2s", "out"));
            controller.Cue("cam02");
        }, out Outcome outcome, onAir: () => new Rational(6, 5));
        Assert.That(outcome.Errors, Is.Zero, string.Join("\n", outcome.Messages));
        Assert.That(outcome.State.In, Is.EqualTo(new Rational(6, 5)));
        Assert.That(shown, Has.All.EqualTo(30), "cued on the picture that was on air (1.2 s: frame 30 at 25 fps)");
    }

    [Test]
    public void MarkIn_AfterTheMarkOut_StartsTheNextClipAndClearsTheMarkOut()
    {
        List<int?> shown = Replay(_twoCameras, 3, (controller, _) =>
        {
            controller.MarkIn(ReplayTime.Parse("1s", "in"));
            controller.MarkOut(ReplayTime.Parse("2s", "out"));
            controller.MarkIn(ReplayTime.Parse("3s", "in"));
            controller.Cue("cam01"); // refused: the new clip has no mark-out yet
            controller.MarkOut(ReplayTime.Parse("3.5s", "out"));
            controller.Cue("cam01");
        }, out Outcome outcome);
        Assert.That(outcome.Errors, Is.EqualTo(1));
        Assert.That(outcome.Messages, Has.Some.Contains("mark in and mark out before cueing (in 00:00:03:00 (3s), out not set)"));
        Assert.That((outcome.State.In, outcome.State.Out), Is.EqualTo((new Rational(3, 1), new Rational(7, 2))));
        Assert.That(shown, Has.All.EqualTo(75), "the new clip cued on its mark-in (3 s: frame 75 at 25 fps)");
    }

    [Test]
    public void MarkIn_WithoutTimeAndNoProgramme_RefusedNamingTheField()
    {
        Task<ReplayState>? mark = null;
        Replay(_twoCameras, 2, (controller, _) => mark = controller.MarkIn(), out Outcome outcome);
        Assert.That(outcome.Errors, Is.EqualTo(1));
        var refused = Assert.ThrowsAsync<ReplayException>(async () => await mark!);
        Assert.That(refused!.Field, Is.EqualTo("at"));
        Assert.That(refused.Message, Does.Contain("no programme picture is on air"));
    }

    /// <summary>Writes a recording into <paramref name="folder"/> through <paramref name="record"/>, and closes its index.</summary>
    private static void Record(TempFolder folder, Action<RecordingIndex> record)
    {
        using var index = new RecordingIndex(folder.Path, StampedRecording.Rate, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40));
        record(index);
    }

    /// <summary>
    /// Runs a replay channel over the recording in <paramref name="recording"/> for <paramref name="ticks"/> ticks
    /// with <paramref name="commands"/> posted before it starts (and <paramref name="atTick"/>'s after that tick);
    /// returns the stamp shown at each tick.
    /// </summary>
    private static List<int?> Replay(TempFolder recording, int ticks, Action<ReplayController, FrameChannel> commands, out Outcome outcome,
        (int Tick, Action<ReplayController> Command)? atTick = null, Func<Rational?>? onAir = null)
    {
        using RecordingCatalog catalog = RecordingCatalog.Open(recording.Path);
        var shown = new List<int?>();
        ReplayController controller = null!;
        var channel = new FrameChannel("replay", new VirtualFrameClock(StampedRecording.Rate), tick =>
        {
            VideoFrame? picture = controller.NextPicture();
            shown.Add(picture is null ? null : FrameStamp.Read(picture.Plane(0), picture.Stride(0)));
            if (atTick is { } at && tick.FrameIndex == at.Tick)
                at.Command(controller);
        });
        var messages = new List<string>();
        using (controller = new ReplayController(channel, catalog, output: FrameOutput.Rgba, log: CollectingLog.Into(messages), onAir: onAir))
        {
            commands(controller, channel);
            channel.Run(ticks, CancellationToken.None);
            outcome = new Outcome(controller.State, controller.Errors, messages);
        }
        return shown;
    }

    private sealed record Outcome(ReplayState State, long Errors, List<string> Messages);
}
