using Broadcast3D.Engine.Replay;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// Retention deletes the oldest segments (file and index rows) beyond the minutes or bytes kept; a segment pinned
/// by a replay in progress survives until the replay lets it go.
/// </summary>
public class ReplayRetentionTests
{
    [Test]
    public void Retention_ZeroMinutes_UnpinnedSegmentsGoPinnedOneStaysUntilReleased()
    {
        using var temp = new TempFolder();
        using var index = new RecordingIndex(temp.Path, StampedRecording.Rate, new RecordingRetention(TimeSpan.Zero, 1L << 40));
        // The first segment of the run (id 1 in a new index) is being replayed while the camera records on.
        IDisposable replay = index.Pin([1]);
        StampedRecording.Record(index, "cam01", 100);
        string[] left = Segments(temp.Path);
        Assert.That(left, Has.Length.EqualTo(1), "only the pinned segment is kept");
        Assert.That(index.SegmentsDeleted, Is.GreaterThanOrEqualTo(2));
        using (RecordingCatalog catalog = RecordingCatalog.Open(temp.Path))
        {
            IReadOnlyList<RecordedSegment> indexed = catalog.Segments(catalog.Run(null), "cam01", null, null);
            Assert.That(indexed.Select(s => s.Id), Is.EqualTo(new long[] { 1 }), "the rows of deleted segments go with them");
            Assert.That(indexed[0].Path, Is.EqualTo(left[0]));
            Assert.That(catalog.Frames(1), Is.Not.Empty, "the pinned segment's pictures are still indexed");
        }
        replay.Dispose();
        Assert.That(Segments(temp.Path), Is.Empty, "released: deleted at once");
        replay.Dispose(); // a second release changes nothing
    }

    [Test]
    public void Retention_ByteLimit_KeepsTheNewestThatFit()
    {
        using var temp = new TempFolder();
        // Far below one segment of the clip: every closed segment is over the limit as soon as it closes.
        using var index = new RecordingIndex(temp.Path, StampedRecording.Rate, new RecordingRetention(TimeSpan.FromHours(1), 1));
        StampedRecording.Record(index, "cam01", 100);
        Assert.That(Segments(temp.Path), Is.Empty);
        Assert.That(index.SegmentsDeleted, Is.GreaterThanOrEqualTo(3));
    }

    private static string[] Segments(string folder) => Directory.GetFiles(Path.Combine(folder, "cam01"), "*.ts");
}
