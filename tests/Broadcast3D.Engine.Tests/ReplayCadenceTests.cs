using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The replay cadence at the live rig's 60 fps (issue #14): a recording whose indexed capture times jitter around the
/// frame grid (pts moved by up to ±4 ms) and are not on the index's 100 ns ticks (the camera's clock starts at 10/3 s),
/// marked in and out "now" at pictures on air the way <c>b3d run</c> gives the on-air time (floored to ticks), played
/// through a real <see cref="FrameChannel"/> (virtual clock: every tick in order). Comparing the stepped position with
/// those times repeated one picture and skipped the next every third frame; the regular per-camera timeline shows
/// each picture exactly once at 1 and exactly twice at 0.5.
/// </summary>
public class ReplayCadenceTests
{
    private const int Frames = 150, In = 30, Out = 120;

    [TestCase(1.0, 1)]
    [TestCase(0.5, 2)]
    public void Play_JitteredCaptureTimesMarkedOnAir_EveryPictureShownExactlyOnceOrTwice(double speed, int times)
    {
        using var temp = new TempFolder();
        using (var index = new RecordingIndex(temp.Path, FrameRate.Fps60, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40)))
            StampedRecording.Record(index, "cam01", Frames, new Rational(10, 3), 60, jitterMs: 2);
        using RecordingCatalog catalog = RecordingCatalog.Open(temp.Path);
        List<IndexedFrame> pictures = [.. catalog.Segments(catalog.Run(null), "cam01", null, null).SelectMany(s => catalog.Frames(s.Id))];
        Assert.That(pictures, Has.Count.EqualTo(Frames), "every picture recorded and indexed");
        List<double> steps = [.. pictures.Zip(pictures.Skip(1), (a, b) => (b.Capture - a.Capture).ToDouble() * 1000)];
        Assert.That(steps.Max() - steps.Min(), Is.GreaterThan(5), "the capture times jitter (ms between pictures)");

        // The on-air time as the live programme publishes it: 100 ns ticks, floored.
        Rational onAir = pictures[In].Capture;
        var shown = new List<int?>();
        ReplayController controller = null!;
        var channel = new FrameChannel("replay", new VirtualFrameClock(FrameRate.Fps60), _ =>
        {
            VideoFrame? picture = controller.NextPicture();
            shown.Add(picture is null ? null : FrameStamp.Read(picture.Plane(0), picture.Stride(0)));
        });
        int played = (Out - In) * times;
        using (controller = new ReplayController(channel, catalog, output: FrameOutput.Rgba, onAir: () => onAir))
        {
            controller.MarkIn();
            channel.Post(() => onAir = pictures[Out].Capture);
            controller.MarkOut();
            controller.Cue("cam01");
            controller.Play(speed);
            channel.Run(played + 10, CancellationToken.None);
            Assert.That(controller.Errors, Is.Zero, controller.LastError);
            Assert.That(controller.State.Playing, Is.False, "stopped at the end of the clip");
        }
        List<int?> expected = [.. Enumerable.Range(In, Out - In).SelectMany(n => Enumerable.Repeat<int?>(n, times)), .. Enumerable.Repeat<int?>(Out - 1, 10)];
        Assert.That(shown, Is.EqualTo(expected), $"at speed {speed} every picture of the clip {times} time(s), in order, then held on the last");
    }
}
