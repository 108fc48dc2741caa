using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Sync;
using Broadcast3D.Media.Ingest;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

public class CameraSyncTests
{
    [Test]
    public void TryNext_FourBalancingVideosOffline_HundredCompleteSetsAlignedByFrame()
    {
        string videos = Path.Combine(SharedAssets.BalancingTrial, "videos");
        var readers = Enumerable.Range(1, 4)
            .Select(i => new CameraReader(i - 1, new CameraSourceOptions { Id = $"cam0{i}", Source = Path.Combine(videos, $"cam0{i}.mp4") }))
            .ToList();
        try
        {
            using var sync = new CameraSync(readers, new CameraSyncOptions { Rate = FrameRate.Fps60 });
            long count = 0;
            while (sync.TryNext(out FrameSet? set))
            {
                Assert.That(set.Index, Is.EqualTo(count));
                Assert.That(set.Time, Is.EqualTo(FrameRate.Fps60.TimeOfFrame(count)));
                Assert.That(set.IsComplete, Is.True, $"set {count}: {set.DescribeMissing()}");
                for (int c = 0; c < 4; c++)
                {
                    FrameSlot slot = set[c];
                    Assert.That(slot.Status, Is.EqualTo(FrameSlotStatus.Fresh));
                    Assert.That(slot.CaptureTime, Is.EqualTo(set.Time));
                    Assert.That(slot.Frame!.Pts, Is.EqualTo(count * 256), "time base 1/15360 at 60 fps: 256 ticks a frame");
                    Assert.That(slot.Frame.Width, Is.EqualTo(c == 0 || c == 1 ? 1080 : 1088), $"{set.CameraId(c)} width");
                }
                count++;
            }
            Assert.That(count, Is.EqualTo(100));
            Assert.That(sync.IncompleteSets, Is.Zero);
            Assert.That(readers.Sum(r => r.Dropped), Is.Zero, "offline never drops");
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
    }

    [Test]
    public void TryNext_CameraAtHalfRate_RepeatsEveryOtherSet()
    {
        using var temp = new TempFolder();
        string fast = Clip(temp, "fast.mp4", 50, 20);
        string slow = Clip(temp, "slow.mp4", 25, 10);
        List<(FrameSlotStatus Fast, FrameSlotStatus Slow)> statuses = Run([fast, slow], new CameraSyncOptions { Rate = FrameRate.Fps50 });
        Assert.That(statuses, Has.Count.EqualTo(20));
        for (int k = 0; k < 20; k++)
        {
            Assert.That(statuses[k].Fast, Is.EqualTo(FrameSlotStatus.Fresh), $"set {k}");
            Assert.That(statuses[k].Slow, Is.EqualTo(k % 2 == 0 ? FrameSlotStatus.Fresh : FrameSlotStatus.Repeated), $"set {k}");
        }
    }

    [Test]
    public void TryNext_ConfiguredOffset_ShiftsCameraIntoLaterSets()
    {
        using var temp = new TempFolder();
        string a = Clip(temp, "a.mp4", 25, 10);
        string b = Clip(temp, "b.mp4", 25, 10);
        var readers = new List<CameraReader>
        {
            new(0, new CameraSourceOptions { Id = "a", Source = a }),
            new(1, new CameraSourceOptions { Id = "b", Source = b, Offset = new Rational(3, 25) }),
        };
        try
        {
            using var sync = new CameraSync(readers, new CameraSyncOptions { Rate = FrameRate.Fps25 });
            var bPts = new List<long?>();
            while (sync.TryNext(out FrameSet? set))
                bPts.Add(set[1].Frame?.Pts);
            Assert.That(bPts, Has.Count.EqualTo(13), "b ends 3 frames after a");
            Assert.That(bPts.Take(3), Is.All.Null, "b has nothing before its offset");
            Assert.That(bPts[3], Is.EqualTo(0), "b's first frame lands in set 3");
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
    }

    [Test]
    public void TryNext_CameraWithLaterPtsOrigin_FirstFrameEstimateAlignsIt()
    {
        using var temp = new TempFolder();
        string a = Clip(temp, "a.mp4", 25, 10);
        string b = Clip(temp, "b.mp4", 25, 10, "-output_ts_offset", "2");
        List<(FrameSlotStatus A, FrameSlotStatus B)> aligned = Run([a, b], new CameraSyncOptions { Rate = FrameRate.Fps25, OffsetEstimate = OffsetEstimate.FirstFrame });
        Assert.That(aligned, Has.Count.EqualTo(10));
        Assert.That(aligned.All(s => s is (FrameSlotStatus.Fresh, FrameSlotStatus.Fresh)), Is.True);
        List<(FrameSlotStatus A, FrameSlotStatus B)> raw = Run([a, b], new CameraSyncOptions { Rate = FrameRate.Fps25 });
        Assert.That(raw.Take(10).All(s => s.B == FrameSlotStatus.Gap), Is.True, "without the estimate b is 2 s late");
    }

    [Test]
    [Category("Live")]
    public void TryNext_LiveCameraThatNeverDelivers_SetsGoOnWithoutItAndSaySo()
    {
        var log = new List<string>();
        using var cameras = new UdpTestCameras(1, new CameraSourceOptions
        {
            Id = "dead",
            Source = "tcp://127.0.0.1:9",
            Mode = IngestMode.Live,
            ReconnectDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(40),
        });
        IReadOnlyList<CameraReader> readers = cameras.Readers;
        using var sync = new CameraSync(readers, new CameraSyncOptions
        {
            Rate = FrameRate.Fps25, Live = true, OffsetEstimate = OffsetEstimate.Arrival, Log = CollectingLog.Into(log),
        });
        NextUntil(sync, set => set[0].HasFrame, "c0 delivering");
        const int Sets = 50;
        int aFrames = 0;
        var clock = Stopwatch.StartNew();
        for (int k = 0; k < Sets; k++)
        {
            FrameSet set = Next(sync);
            Assert.That(set[1].Status, Is.EqualTo(FrameSlotStatus.Stalled));
            if (set[0].HasFrame)
                aFrames++;
            else
                Assert.That(set.DescribeMissing(), Does.StartWith("c0 "));
        }
        TestContext.Out.WriteLine($"{Sets} sets in {clock.Elapsed.TotalSeconds:0.00} s, c0 in {aFrames}");
        Assert.That(aFrames, Is.GreaterThan(Sets * 9 / 10), "the healthy camera is in the sets");
        // Paced by camera c0 (2 s); the 100 ms stall timeout paid on every set would take 5 s.
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(Sets / 25.0 * 1.5), "the dead camera is not waited for on every set");
        Assert.That(log.Where(l => l.StartsWith("dead ", StringComparison.Ordinal)), Is.EqualTo(new[] { "dead stalled at 0 s: frame sets go on without it" }), "said once, not every set");
        Assert.That(readers[1].State, Is.AnyOf(CameraReaderState.Connecting, CameraReaderState.Reconnecting));
    }

    /// <summary>
    /// Two cameras streamed live over UDP by ffmpeg; one is killed. The sets must keep the camera rate with the
    /// camera that remains: a dead camera may cost one stall timeout when it goes, not one per set (which would
    /// leave the healthy camera's frames queued behind ever later sets and the programme repeating pictures).
    /// </summary>
    [Test]
    [Category("Live")]
    public void TryNext_LiveCameraKilled_SetsKeepTheRateWithTheHealthyCamera()
    {
        using var cameras = new UdpTestCameras(2);
        var log = new List<string>();
        using var sync = new CameraSync(cameras.Readers, new CameraSyncOptions
        {
            Rate = FrameRate.Fps25, Live = true, OffsetEstimate = OffsetEstimate.Arrival, Log = CollectingLog.Into(log),
        });
        NextUntil(sync, set => set.IsComplete, "both UDP cameras delivering");
        // Both cameras running: placed by arrival, the sets are complete (a settled placement never flickers).
        int complete = 0;
        for (int k = 0; k < 50; k++)
            complete += Next(sync).IsComplete ? 1 : 0;
        Assert.That(complete, Is.GreaterThanOrEqualTo(48), "complete sets while both cameras run");

        int logBeforeKill = log.Count;
        cameras.Kill(1);
        const int After = 100; // 4 s at 25 fps, well inside the reader's 5 s read timeout
        int healthyFresh = 0, deadStalled = 0;
        var clock = Stopwatch.StartNew();
        for (int k = 0; k < After; k++)
        {
            FrameSet set = Next(sync);
            if (k < 10)
                continue; // the queue the one timeout left behind
            if (set[0].Status == FrameSlotStatus.Fresh)
                healthyFresh++;
            if (set[1].Status == FrameSlotStatus.Stalled)
                deadStalled++;
        }
        TestContext.Out.WriteLine(string.Join("\n", log));
        TestContext.Out.WriteLine($"{After} sets in {clock.Elapsed.TotalSeconds:0.00} s; healthy fresh {healthyFresh}/{After - 10}; skipped {sync.SkippedSets}");
        Assert.That(deadStalled, Is.GreaterThan((After - 10) * 9 / 10), "the killed camera is reported stalled");
        Assert.That(healthyFresh, Is.GreaterThan((After - 10) * 9 / 10), "the healthy camera's new frames are in the sets");
        // Paced by the camera (4 s); one stall timeout per set would take 10 s. Generous for a loaded machine.
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(After / 25.0 * 1.5), "sets at the camera rate, not one stall timeout each");
        Assert.That(log.Skip(logBeforeKill).Where(l => l.StartsWith("c1 ", StringComparison.Ordinal)).ToList(),
            Has.Count.EqualTo(1).And.All.StartsWith("c1 stalled at "), "the outage said once, not every set");
    }

    /// <summary>
    /// Senders sharing a clock (two ffmpeg processes started together, their timestamps counted from one instant)
    /// placed by their own timestamps rather than by arrival: the live sets are complete and pair the same instant.
    /// </summary>
    [Test]
    [Category("Live")]
    public void TryNext_LiveCamerasPlacedByTheirTimestamps_SetsComplete()
    {
        using var cameras = new UdpTestCameras(2);
        using var sync = new CameraSync(cameras.Readers, new CameraSyncOptions { Rate = FrameRate.Fps25, Live = true, OffsetEstimate = OffsetEstimate.None });
        NextUntil(sync, set => set.IsComplete, "both UDP cameras delivering");
        for (int k = 0; k < 25; k++)
            Next(sync); // the burst of frames buffered while the streams were probed settles within a second
        int complete = 0, sameInstant = 0;
        for (int k = 0; k < 50; k++)
        {
            FrameSet set = Next(sync);
            if (!set.IsComplete)
                continue;
            complete++;
            if (set[0].CaptureTime == set[1].CaptureTime)
                sameInstant++;
        }
        Assert.That(complete, Is.GreaterThanOrEqualTo(48), "complete sets");
        Assert.That(sameInstant, Is.EqualTo(complete), "each set pairs the frames stamped with one instant");
    }

    /// <summary>
    /// A camera dead for a long stretch (here ~3,500 sets of a 1 ms stall wait each, about a minute of 60 fps stream):
    /// waiting for it must allocate nothing and leave nothing behind. Before the fix every wait made a
    /// WaitToReadAsync task that stayed registered on the camera's queue until a frame came (~60 MB an hour).
    /// </summary>
    [Test]
    public void TryNext_LiveCameraDeadForThousandsOfWaits_AllocatesNothingAndMemoryStaysFlat()
    {
        using var cancel = new CancellationTokenSource();
        using var reader = new CameraReader(0, new CameraSourceOptions
        {
            Id = "dead", Source = "tcp://127.0.0.1:9", Mode = IngestMode.Live,
            ReconnectDelay = TimeSpan.FromMilliseconds(20), ReconnectMaxDelay = TimeSpan.FromMilliseconds(40),
        });
        using var sync = new CameraSync([reader], new CameraSyncOptions
        {
            Rate = FrameRate.Fps60, Live = true, OffsetEstimate = OffsetEstimate.Arrival, StallTimeout = TimeSpan.FromMilliseconds(1),
        });
        const int Window = 1000;
        long waitsBefore = sync.SetsProduced;
        TakeSets(sync, 500, cancel.Token); // warm-up: JIT, the cancellation registration's node
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        long allocated = long.MaxValue;
        for (int window = 0; window < 3; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            TakeSets(sync, Window, cancel.Token);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        TestContext.Out.WriteLine($"{sync.SetsProduced - waitsBefore} sets (each a timed-out wait); smallest window allocated {allocated} B; " +
                                  $"heap {memoryBefore} → {memoryAfter} B");
        Assert.That(reader.FramesRead, Is.Zero, "the camera stayed dead");
        Assert.That(allocated, Is.Zero, $"bytes allocated by the consumer over {Window} waits for the dead camera");
        // Nothing held per wait: 3,000 waits at the old ~300 B each would hold ~1 MB.
        Assert.That(memoryAfter - memoryBefore, Is.LessThan(64 * 1024), "heap growth over 3,000 timed-out waits");
    }

    /// <summary>A healthy live camera: the sync waits for nearly every frame, and must not make a task per wait.</summary>
    [Test]
    [Category("Live")] // a real UDP camera in real time: under other tests' load it delivers fewer fresh sets
    public void TryNext_HealthyLiveCamera_AllocatesNothingPerSet()
    {
        using var cameras = new UdpTestCameras(1);
        using var cancel = new CancellationTokenSource();
        using var sync = new CameraSync(cameras.Readers, new CameraSyncOptions { Rate = FrameRate.Fps25, Live = true, OffsetEstimate = OffsetEstimate.Arrival });
        NextUntil(sync, set => set.IsComplete, "the UDP camera delivering");
        TakeSets(sync, 25, cancel.Token);
        long allocated = long.MaxValue;
        int fresh = 0;
        for (int window = 0; window < 3; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            fresh += TakeSets(sync, 25, cancel.Token);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.That(fresh, Is.GreaterThan(60), "the camera delivered in the measured windows");
        Assert.That(allocated, Is.Zero, "bytes allocated by the consumer over 25 live sets");
    }

    /// <summary>Takes <paramref name="count"/> sets without allocating (no constraint built here); returns how many had a fresh frame.</summary>
    private static int TakeSets(CameraSync sync, int count, CancellationToken cancellation)
    {
        int fresh = 0;
        for (int k = 0; k < count; k++)
        {
            if (!sync.TryNext(out FrameSet? set, cancellation))
                throw new InvalidOperationException("the live sync ended");
            if (set[0].Status == FrameSlotStatus.Fresh)
                fresh++;
        }
        return fresh;
    }

    private static FrameSet Next(CameraSync sync) =>
        sync.TryNext(out FrameSet? set) ? set : throw new AssertionException("the live sync ended");

    /// <summary>Reads sets until <paramref name="until"/> holds; fails after 20 s (the streams' start-up).</summary>
    private static void NextUntil(CameraSync sync, Func<FrameSet, bool> until, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!until(Next(sync)))
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), what);
    }

    /// <summary>
    /// Live cameras c0…: each an ffmpeg test pattern at 25 fps streamed over UDP MPEG-TS on loopback, read by a live
    /// <see cref="CameraReader"/>. Disposing stops senders and readers.
    /// </summary>
    private sealed class UdpTestCameras : IDisposable
    {
        private readonly Process[] _senders;
        private readonly List<CameraReader> _readers = [];

        /// <summary>Starts <paramref name="count"/> cameras; readers for <paramref name="extra"/> sources follow them.</summary>
        public UdpTestCameras(int count, params CameraSourceOptions[] extra)
        {
            int[] ports = [.. Enumerable.Range(0, count).Select(_ => LoopbackPorts.FreeUdp())];
            _senders = [.. ports.Select(port => Process.Start(new ProcessStartInfo("ffmpeg",
                ["-v", "quiet", "-nostdin", "-re", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-c:v", "libx264",
                 "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-f", "mpegts", $"udp://127.0.0.1:{port}?pkt_size=1316"])
                { UseShellExecute = false })!)];
            for (int i = 0; i < count; i++)
            {
                _readers.Add(new CameraReader(i, new CameraSourceOptions
                {
                    Id = $"c{i}", Source = $"udp://127.0.0.1:{ports[i]}", Mode = IngestMode.Live,
                }));
            }
            foreach (CameraSourceOptions options in extra)
                _readers.Add(new CameraReader(_readers.Count, options));
        }

        public IReadOnlyList<CameraReader> Readers => _readers;

        /// <summary>Stops camera <paramref name="i"/>'s sender: the camera goes dark.</summary>
        public void Kill(int i)
        {
            _senders[i].Kill();
            _senders[i].WaitForExit();
        }

        public void Dispose()
        {
            foreach (Process p in _senders)
            {
                if (!p.HasExited)
                    p.Kill();
                p.Dispose();
            }
            _readers.ForEach(r => r.Dispose());
        }
    }

    private static string Clip(TempFolder temp, string name, int rate, int frames, params string[] extra)
    {
        string path = temp.File(name);
        ProcessRunner.Ffmpeg(["-f", "lavfi", "-i", $"testsrc=size=64x48:rate={rate}", "-frames:v", frames.ToString(CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast", .. extra, path]);
        return path;
    }

    private static List<(FrameSlotStatus, FrameSlotStatus)> Run(string[] clips, CameraSyncOptions options)
    {
        var readers = clips.Select((c, i) => new CameraReader(i, new CameraSourceOptions { Id = $"c{i}", Source = c })).ToList();
        var result = new List<(FrameSlotStatus, FrameSlotStatus)>();
        try
        {
            using var s = new CameraSync(readers, options);
            while (s.TryNext(out FrameSet? set))
                result.Add((set[0].Status, set[1].Status));
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
        return result;
    }
}
