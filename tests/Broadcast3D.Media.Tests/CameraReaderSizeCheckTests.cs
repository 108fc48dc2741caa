using Broadcast3D.Media.Ingest;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

/// <summary>
/// <see cref="CameraSourceOptions.CheckSize"/>: a network camera's size is known only from its pictures, so the
/// reader checks them as they come (the live pipeline refuses sizes other than the calibration's). A file source
/// stands in for the stream here: the check is the reader's, whatever the source.
/// </summary>
public class CameraReaderSizeCheckTests
{
    private const string Refusal = "cameras[0] 'cam07': decodes 128×72 but the calibration's cam07 is 64×36";

    [Test]
    public void Run_SizeRefused_CameraFailedWithTheCheckMessageAndNoFrameQueued()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264", frames: 5);
        var log = new List<string>();
        using Serilog.Core.Logger logger = CollectingLog.Into(log);
        using var reader = new CameraReader(0, new CameraSourceOptions
        {
            Id = "cam07", Source = clip, Mode = IngestMode.Live,
            CheckSize = (width, height) => width == 64 && height == 36 ? null : Refusal,
        }, logger);
        Assert.That(reader.TryTake(out _, CancellationToken.None), Is.False, "no refused picture reaches the queue, which completes");
        Assert.Multiple(() =>
        {
            Assert.That(reader.State, Is.EqualTo(CameraReaderState.Failed));
            Assert.That(reader.Failures, Is.EqualTo(1));
            Assert.That(reader.FramesRead, Is.Zero);
            Assert.That(reader.LastError, Is.EqualTo(Refusal), "the check's own message, no exception type in front");
        });
        lock (log)
            Assert.That(log, Has.One.EqualTo($"cam07: {Refusal}; camera stopped"));
    }

    [Test]
    public void Run_SizeAccepted_CheckedOnceNotPerFrame()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264", frames: 12);
        int checks = 0;
        var seen = new List<(int, int)>();
        using var reader = new CameraReader(0, new CameraSourceOptions
        {
            Id = "cam07", Source = clip, Mode = IngestMode.Offline,
            CheckSize = (width, height) =>
            {
                Interlocked.Increment(ref checks);
                lock (seen)
                    seen.Add((width, height));
                return null;
            },
        });
        int frames = 0;
        while (reader.TryTake(out CameraFrame f, CancellationToken.None))
        {
            f.Frame.Dispose();
            frames++;
        }
        Assert.That(frames, Is.EqualTo(12), "every frame of an accepted size is delivered");
        Assert.That(checks, Is.EqualTo(1), "one size, one check");
        Assert.That(seen, Is.EqualTo(new[] { (128, 72) }), "the decoded picture's width and height");
    }

    [Test]
    public void Run_RefusedThenCorrected_ReopenedSourceRejoins()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264", frames: 5);
        int checks = 0;
        // The first two opens are refused (a sender at the wrong size), the third accepted (the sender corrected).
        using var reader = new CameraReader(0, new CameraSourceOptions
        {
            Id = "cam07", Source = clip, Mode = IngestMode.Offline, Loop = true, ReconnectDelay = TimeSpan.FromMilliseconds(10),
            CheckSize = (_, _) => Interlocked.Increment(ref checks) <= 2 ? Refusal : null,
        });
        Assert.That(reader.TryTake(out CameraFrame f, CancellationToken.None), Is.True, "frames after the size was corrected");
        f.Frame.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(reader.Failures, Is.EqualTo(2));
            Assert.That(reader.Reconnects, Is.EqualTo(2));
            Assert.That(reader.LastError, Is.EqualTo(Refusal));
        });
    }
}
