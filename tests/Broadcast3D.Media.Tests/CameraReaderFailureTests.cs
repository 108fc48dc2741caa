using System.Diagnostics;
using Broadcast3D.Core.Time;
using Broadcast3D.Media.Ingest;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

/// <summary>
/// A reader thread that meets anything but a media error (a fault of ours on this camera's data, injected here at the
/// decoder boundary) must mark the camera failed and log it, never take the process down; and files played as live
/// cameras (at their own rate, looping).
/// </summary>
public class CameraReaderFailureTests
{
    [Test]
    public void Run_NonMediaExceptionAtDecoderBoundary_CameraFailedLoggedQueueCompleted()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264", frames: 3);
        var log = new List<string>();
        using Serilog.Core.Logger logger = CollectingLog.Into(log);
        using var reader = new CameraReader(0, new CameraSourceOptions
        {
            Id = "cam07", Source = clip, Mode = IngestMode.Live,
            OpenDecoder = (_, _, _) => throw new InvalidOperationException("injected fault"),
        }, logger);
        Assert.That(reader.TryTake(out _, CancellationToken.None), Is.False, "the queue completes");
        Assert.That(reader.State, Is.EqualTo(CameraReaderState.Failed));
        Assert.That(reader.Failures, Is.EqualTo(1));
        Assert.That(reader.LastError, Is.EqualTo("InvalidOperationException: injected fault"));
        lock (log)
            Assert.That(log, Has.Some.StartsWith("cam07: the reader failed (InvalidOperationException: injected fault); camera stopped"));
    }

    [Test]
    public void Run_NonMediaExceptionOnReopenableSource_ReconnectsAndDeliversAgain()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264", frames: 5);
        int opens = 0;
        using var reader = new CameraReader(0, new CameraSourceOptions
        {
            Id = "cam07", Source = clip, Mode = IngestMode.Offline, Loop = true,
            ReconnectDelay = TimeSpan.FromMilliseconds(10),
            OpenDecoder = (source, options, token) => Interlocked.Increment(ref opens) == 1
                ? throw new InvalidOperationException("injected fault")
                : Decoder.Open(source, options, token),
        });
        for (int i = 0; i < 8; i++)
        {
            Assert.That(reader.TryTake(out CameraFrame f, CancellationToken.None), Is.True, $"frame {i} after the failure");
            f.Frame.Dispose();
        }
        Assert.That(reader.Failures, Is.EqualTo(1));
        Assert.That(reader.Reconnects, Is.EqualTo(1));
        Assert.That(reader.State, Is.EqualTo(CameraReaderState.Running).Or.EqualTo(CameraReaderState.Connecting));
    }

    [Test]
    public void PlayAtFrameRate_FileAsLiveCamera_EveryFrameAtItsOwnTimeNoneDropped()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264", rate: "50", frames: 25);
        // 8 frames (160 ms) of queue: a consumer descheduled for a few frame periods on a loaded machine must not
        // count as a drop, while a reader that did not pace would still overrun it (25 frames decode in ~30 ms).
        using var reader = new CameraReader(0, new CameraSourceOptions
        {
            Id = "a", Source = clip, Mode = IngestMode.Live, QueueCapacity = 8, PlayAtFrameRate = true,
        });
        var arrivals = new List<long>();
        var captures = new List<Rational>();
        while (reader.TryTake(out CameraFrame f, CancellationToken.None))
        {
            using (f.Frame)
            {
                arrivals.Add(f.ArrivalTimestamp);
                captures.Add(f.CaptureTime);
            }
        }
        Assert.That(reader.Dropped, Is.Zero, "a consumer at the file's rate keeps up with a paced file");
        Assert.That(captures, Has.Count.EqualTo(25));
        // Never early: frame k arrives no sooner than k frame periods after frame 0 (decoding alone takes a few ms).
        for (int k = 1; k < arrivals.Count; k++)
        {
            double since = (double)(arrivals[k] - arrivals[0]) / Stopwatch.Frequency;
            Assert.That(since, Is.GreaterThanOrEqualTo((captures[k] - captures[0]).ToDouble() - 0.001), $"frame {k} delivered early");
        }
    }

    [Test]
    public void Loop_FileEnds_PlaysAgainWithTheTimelineGoingOn()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264", frames: 10);
        using var reader = new CameraReader(0, new CameraSourceOptions { Id = "a", Source = clip, Loop = true });
        var captures = new List<Rational>();
        for (int i = 0; i < 25; i++)
        {
            Assert.That(reader.TryTake(out CameraFrame f, CancellationToken.None), Is.True, $"frame {i}: a looping file never ends");
            using (f.Frame)
                captures.Add(f.CaptureTime);
        }
        for (int i = 0; i < 25; i++)
            Assert.That(captures[i], Is.EqualTo(new Rational(i, 25)), $"frame {i} continues the timeline");
        Assert.That(reader.Reconnects, Is.Zero, "a loop is not a reconnect");
    }
}
