using Broadcast3D.Media.Ingest;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

public class CameraReaderTests
{
    [Test]
    public void Offline_ConsumerSlowerThanReader_WaitsAndNeverDrops()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264");
        using var reader = new CameraReader(0, new CameraSourceOptions { Id = "a", Source = clip, Mode = IngestMode.Offline, QueueCapacity = 1 });
        var pts = new List<long>();
        while (reader.TryTake(out CameraFrame f, CancellationToken.None))
        {
            using (f.Frame)
                pts.Add(f.Frame.Pts);
        }
        Assert.That(pts, Has.Count.EqualTo(30));
        Assert.That(pts, Is.Ordered.Ascending);
        Assert.That(reader.Dropped, Is.Zero);
        Assert.That(reader.State, Is.EqualTo(CameraReaderState.Ended));
    }

    [Test]
    public void Live_ConsumerAbsent_DropsOldestAndCountsThem()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264");
        using var reader = new CameraReader(0, new CameraSourceOptions { Id = "a", Source = clip, Mode = IngestMode.Live, QueueCapacity = 2 });
        Assert.That(reader.WaitUntilFinished(TimeSpan.FromSeconds(30)), Is.True);
        var times = new List<double>();
        while (reader.TryTake(out CameraFrame f, CancellationToken.None))
        {
            using (f.Frame)
                times.Add(f.CaptureTime.ToDouble());
        }
        Assert.That(reader.Dropped, Is.EqualTo(28));
        Assert.That(reader.FramesRead, Is.EqualTo(30));
        Assert.That(times, Is.EqualTo(new[] { 28 / 25.0, 29 / 25.0 }), "the newest frames survive");
    }

    [Test]
    public void Offset_Configured_IsAddedToCaptureTime()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264", frames: 3);
        using var reader = new CameraReader(0, new CameraSourceOptions { Id = "a", Source = clip, Offset = new Core.Time.Rational(1, 10) });
        Assert.That(reader.TryTake(out CameraFrame f, CancellationToken.None), Is.True);
        using (f.Frame)
            Assert.That(f.CaptureTime, Is.EqualTo(new Core.Time.Rational(1, 10)));
    }

    [Test]
    public void MissingFile_ReaderFailsWithMessageAndCompletesQueue()
    {
        using var reader = new CameraReader(3, new CameraSourceOptions { Id = "cam04", Source = "/nonexistent/cam04.mp4" });
        Assert.That(reader.TryTake(out _, CancellationToken.None), Is.False);
        Assert.That(reader.State, Is.EqualTo(CameraReaderState.Failed));
        Assert.That(reader.LastError, Does.Contain("/nonexistent/cam04.mp4"));
    }

    [Test]
    public void NetworkSourceUnreachable_ReconnectsWithBackoffUntilDisposed()
    {
        var log = new List<string>();
        var reader = new CameraReader(0, new CameraSourceOptions
        {
            Id = "net",
            Source = "tcp://127.0.0.1:9",
            ReconnectDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(80),
        }, CollectingLog.Into(log));
        // Refused connections fail at once, so the attempts are paced only by the backoff (20, 40, 80, 80 ms).
        Assert.That(reader.WaitUntilFinished(TimeSpan.FromMilliseconds(400)), Is.False, "a network camera keeps trying");
        reader.Dispose();
        Assert.That(reader.Reconnects, Is.InRange(2, 8));
        Assert.That(reader.State, Is.EqualTo(CameraReaderState.Stopped));
        lock (log)
            Assert.That(log[0], Does.Contain("tcp://127.0.0.1:9").And.Contain("Connection refused"));
    }
}
