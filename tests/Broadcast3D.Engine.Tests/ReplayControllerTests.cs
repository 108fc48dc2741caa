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
    [Test]
    public void Play_HalfSpeed_EveryStampOfTheClipTwiceThenHeldOnTheLast()
    {
        using var temp = new TempFolder();
        List<int?> shown = Replay(temp, 84, (controller, _) =>
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
        using var temp = new TempFolder();
        List<int?> shown = Replay(temp, 30, (controller, channel) =>
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
        using var temp = new TempFolder();
        List<int?> shown = Replay(temp, 25, (controller, _) =>
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
    public void BadCommands_RefusedNamingClipCameraAndTime_ChannelGoesOn()
    {
        using var temp = new TempFolder();
        List<int?> shown = Replay(temp, 6, (controller, _) =>
        {
            controller.Play(1); // nothing cued
            controller.MarkIn(ReplayTime.Parse("2s", "in"));
            controller.MarkOut(ReplayTime.Parse("1s", "out"));
            controller.Cue("cam01"); // out before in
            controller.MarkOut(ReplayTime.Parse("00:00:09:00", "out"));
            controller.Cue("cam01"); // outside the recording
            controller.MarkOut(ReplayTime.Parse("3s", "out"));
            controller.Cue("cam09"); // no such camera
            controller.Cue("cam01");
            controller.Play(5); // speed out of range
        }, out Outcome outcome);
        Assert.That(outcome.Errors, Is.EqualTo(5));
        Assert.That(outcome.Messages, Has.Some.Contains("play: no clip is cued"));
        Assert.That(outcome.Messages, Has.Some.Contains("clip cam01 2s–1s: the mark-out 1s is not after the mark-in 2s"));
        Assert.That(outcome.Messages, Has.Some.Contains("outside the recording of cam01 (00:00:00:00 (0s) to 00:00:04:00 (4s))"));
        Assert.That(outcome.Messages, Has.Some.Contains("has no camera 'cam09'"));
        Assert.That(outcome.Messages, Has.Some.Contains("speed 5 is outside (0, 2]"));
        Assert.That(shown, Has.All.EqualTo(50), "the clip cued last is shown, paused on its mark-in");
    }

    /// <summary>
    /// Records cam01 and cam02 (the same stamped pictures), then runs a replay channel for <paramref name="ticks"/> ticks
    /// with <paramref name="commands"/> posted before it starts (and <paramref name="atTick"/>'s after that tick);
    /// returns the stamp shown at each tick.
    /// </summary>
    private static List<int?> Replay(TempFolder temp, int ticks, Action<ReplayController, FrameChannel> commands, out Outcome outcome,
        (int Tick, Action<ReplayController> Command)? atTick = null)
    {
        using (var index = new RecordingIndex(temp.Path, StampedRecording.Rate, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40)))
        {
            StampedRecording.Record(index, "cam01", 100);
            StampedRecording.Record(index, "cam02", 100);
        }
        using RecordingCatalog catalog = RecordingCatalog.Open(temp.Path);
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
        using (controller = new ReplayController(channel, catalog, output: FrameOutput.Rgba, log: CollectingLog.Into(messages)))
        {
            commands(controller, channel);
            channel.Run(ticks, CancellationToken.None);
            outcome = new Outcome(controller.State, controller.Errors, messages);
        }
        return shown;
    }

    private sealed record Outcome(ReplayState State, long Errors, List<string> Messages);
}
