using Broadcast3D.Media.Ingest;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

/// <summary>
/// Timeline segments (issue #22): a looping file's capture times go on across the loop, its pictures do not; each
/// start-over begins a new segment so that nothing downstream interpolates motion across the cut.
/// </summary>
public class CameraReaderSegmentTests
{
    [Test]
    public void TryTake_LoopingFile_EachLoopIsANewSegmentWhileTheTimelineGoesOn()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264", frames: 5);
        using var reader = new CameraReader(0, new CameraSourceOptions { Id = "a", Source = clip, Mode = IngestMode.Offline, Loop = true });
        var frames = new List<(int Segment, double Time)>();
        for (int i = 0; i < 12 && reader.TryTake(out CameraFrame f, CancellationToken.None); i++)
        {
            using (f.Frame)
                frames.Add((f.Segment, f.CaptureTime.ToDouble()));
        }
        Assert.That(frames.Select(f => f.Segment), Is.EqualTo(new[] { 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2 }));
        Assert.That(frames.Select(f => f.Time), Is.Ordered.Ascending.And.Unique, "the capture time goes on across each loop");
    }

    [Test]
    public void TryTake_FilePlayedOnce_StaysInSegmentZero()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264", frames: 4);
        using var reader = new CameraReader(0, new CameraSourceOptions { Id = "a", Source = clip, Mode = IngestMode.Offline });
        var segments = new List<int>();
        while (reader.TryTake(out CameraFrame f, CancellationToken.None))
        {
            using (f.Frame)
                segments.Add(f.Segment);
        }
        Assert.That(segments, Is.EqualTo(new[] { 0, 0, 0, 0 }));
    }
}
