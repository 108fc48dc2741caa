using System.Numerics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Media.Recording;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The copy-mode recorder's steady state allocates nothing per packet (issue #14; docs/replay.md had 1.26 KB): a
/// decoder's packet tap → <see cref="SegmentRecorder"/> thread → <see cref="RecordingIndex"/> rows, the recorder
/// thread's allocation read by its <see cref="ThreadCostBook"/> after a warm-up (the segment's opening). One long
/// segment, so what is measured is the per-packet path: the TS mux, the index row, the transaction commits.
/// </summary>
public class RecordingAllocationTests
{
    [Test]
    public void FrameWritten_SteadyStateCopyMode_RecorderThreadAllocatesNothingPerPacket()
    {
        using var temp = new TempFolder();
        var costs = new ThreadCostBook(warmUpFrames: 30);
        using (var index = new RecordingIndex(temp.Path, FrameRate.Fps60, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40)))
        {
            StampedRecording.Record(index, "cam01", 600, Rational.Zero, 60, jitterMs: 0,
                new SegmentRecorderOptions { Camera = "cam01", Folder = temp.Path, SegmentSeconds = 60, Costs = costs });
        }
        ThreadCost recorder = costs.Costs.Single(c => c.Role == "record cam01");
        TestContext.Out.WriteLine(recorder.ToString());
        Assert.That(recorder.Frames, Is.GreaterThan(300), "packets written after the warm-up (the steady state was measured)");
        // The recorder's own counter spans the whole window, so a one-off by the runtime (a method promoted by the
        // tiered JIT at a random packet: 168 B in one CI run) lands in it; SteadyAllocation's smallest-of-three cannot
        // be used on a thread the test does not run. A per-packet allocation is at least one object (24 B) a packet,
        // 24 × N; the bound is one object per 16 packets, which a one-off stays far below and any per-packet (or
        // per-few-packets) allocation exceeds.
        Assert.That(recorder.AllocatedBytes, Is.LessThan(recorder.Frames * 24 / 16), $"bytes the recorder thread allocated over {recorder.Frames} packets");
    }

    [Test]
    public void FrameWritten_ThousandRows_AllocatesNothing()
    {
        using var temp = new TempFolder();
        using var index = new RecordingIndex(temp.Path, FrameRate.Fps60, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40));
        long segment = index.SegmentOpened("cam01", temp.File("cam01-0.ts"), "h264", 320, 240, Rational.Zero);
        for (int n = 0; n < 10; n++)
            index.FrameWritten(segment, new RecordedFrame(n * 1500, FrameRate.Fps60.TimeOfFrame(n), n * 188, n, n == 0, DateTime.UtcNow.Ticks));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 10; n < 1010; n++)
            index.FrameWritten(segment, new RecordedFrame(n * 1500, FrameRate.Fps60.TimeOfFrame(n), n * 188, n, false, DateTime.UtcNow.Ticks));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero, "bytes allocated by 1000 index rows");
        index.SegmentClosed(segment, FrameRate.Fps60.TimeOfFrame(1010), 1010 * 188, 1010);
        using RecordingCatalog catalog = RecordingCatalog.Open(temp.Path);
        IReadOnlyList<IndexedFrame> rows = catalog.Frames(segment);
        Assert.That(rows, Has.Count.EqualTo(1010), "every row committed");
        Assert.That(rows.Select(r => r.Timecode), Is.EqualTo(rows.Select(r => RecordingSchema.Timecode(FrameRate.Fps60.TimeOfFrame(r.FrameInSegment), FrameRate.Fps60))),
            "the timecodes formatted on the stack read as the string form writes them");
        Assert.That(rows[1009].Timecode, Is.EqualTo("00:00:16:49"));
    }

    [Test]
    public void SkeletonsAndBlurRegionsTracked_ThousandSets_AllocateNothingAndReadBack()
    {
        // The tracking thread writes both per frame set (issue #21's blur regions beside the 3D).
        using var temp = new TempFolder();
        using var index = new RecordingIndex(temp.Path, FrameRate.Fps60, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40));
        // A run is listed by the catalog once it has a segment.
        long segment = index.SegmentOpened("cam01", temp.File("cam01-0.ts"), "h264", 320, 240, Rational.Zero);
        const int floats = 4 * 3;
        int[] ids = [3, 7];
        float[] joints = [.. Enumerable.Range(0, 2 * floats).Select(i => i * 0.25f)];
        Vector4[] regions = [new(10, 20, 30, 40), new(50, 60, 70, 80)];
        void Write(int n)
        {
            Rational time = FrameRate.Fps60.TimeOfFrame(n);
            index.SkeletonsTracked(time, ids, joints, floats);
            index.BlurRegionsTracked("cam01", time, regions);
            index.BlurRegionsTracked("cam02", time, ReadOnlySpan<Vector4>.Empty);
        }
        for (int n = 0; n < 10; n++)
            Write(n);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 10; n < 1010; n++)
            Write(n);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero, "bytes allocated by 1000 sets of skeleton and blur-region rows");
        index.SegmentClosed(segment, FrameRate.Fps60.TimeOfFrame(1010), 188, 1);
        index.Dispose();

        using RecordingCatalog catalog = RecordingCatalog.Open(temp.Path);
        RecordedRun run = catalog.Run(null);
        Rational last = FrameRate.Fps60.TimeOfFrame(1009);
        var definition = new SkeletonDefinition("four", ["a", "b", "c", "d"], []);
        IReadOnlyList<Scene.SkeletonSet> sets = catalog.Skeletons(run, Rational.Zero, last, definition, 4);
        Assert.That(sets, Has.Count.EqualTo(1010), "one set per tracked time");
        Assert.That(sets[1009].PersonIds.Take(sets[1009].Count), Is.EqualTo(ids));
        Assert.That(sets[1009].Joints.Take(2 * floats), Is.EqualTo(joints), "the joints read back as written");
        var cam1 = catalog.BlurRegions(run, "cam01", Rational.Zero, last);
        var cam2 = catalog.BlurRegions(run, "cam02", Rational.Zero, last);
        Assert.That(cam1, Has.Count.EqualTo(1010));
        Assert.That(cam1[1009].Regions, Is.EqualTo(regions));
        Assert.That(cam2, Has.Count.EqualTo(1010), "a set with nobody to blur is a row too");
        Assert.That(cam2[1009].Regions, Is.Empty);
    }
}
