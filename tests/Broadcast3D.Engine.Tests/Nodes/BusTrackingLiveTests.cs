using System.Globalization;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Live;
using Broadcast3D.Engine.Nodes;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Engine.Sync;
using Broadcast3D.Media;
using Broadcast3D.Media.Ingest;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Filtering;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.FrameSets;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Tests.Nodes;

/// <summary>
/// <c>b3d run</c> taking its 3D from the bus (<c>tracking.source: "bus"</c>, issue #20) against a real nats-server: the
/// live programme of the four Balancing cameras (file cameras played in real time, pictures read here) draws the 3D a
/// real fusion node published, matched to each picture by capture time.
/// </summary>
[NonParallelizable]
[Category("Live")]
public class BusTrackingLiveTests
{
    private const int Sets = 40;
    private const int MaxPeople = 8; // LivePipeline's: the fusion node is given the same
    private const int Neighbours = 10; // sets either side an interpolated picture's joints may come from (a busy channel)
    private static readonly string[] s_names = ["cam_01", "cam_02", "cam_03", "cam_04"];
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The reference is local tracking as <c>b3d run</c> does it (<see cref="FrameSetTracker"/>, then the live 1€
    /// smoothing per id) on every one of the first <see cref="Sets"/> frame sets; its 2D goes on the bus as camera nodes
    /// send it, a real <see cref="FusionNode"/> fuses it, and the live programme reads the fused 3D back. At a picture
    /// whose own set the channel read, the drawn joints are the local ones up to float rounding (1e-5 m); where the
    /// channel read two or more sets in one tick (a loaded machine) the picture is interpolated between the sets it had,
    /// and each joint must lie within the range local tracking gave it over the sets around the picture. Graphics matched
    /// by arrival instead of capture time would be off by the bus's latency (tens of frames here: the 3D is on the bus
    /// before the pictures play) and fail both.
    /// </summary>
    [Test]
    public async Task Run_FusionNodeOnTheBus_ProgrammeDrawsTheLocalTrackersSkeletonAtEachPicturesCaptureTime()
    {
        using var server = new NatsServerFixture();
        using var tmp = new TempFolder("b3d-busrun");
        using var limit = new CancellationTokenSource(s_limit);
        string[] videos = [.. Enumerable.Range(1, 4).Select(i => Path.Combine(SharedAssets.BalancingTrial, "videos", $"cam{i:00}.mp4"))];
        Dictionary<long, LocalSet> local = await TrackLocallyAndPublish2D(server, videos, limit.Token);

        FusionNodeSummary fused = await FusionNode.RunAsync(new FusionNodeOptions
        {
            Bus = new BusOptions { Url = server.Url }, CalibrationPath = SharedAssets.CalibrationToml, MaxPeople = MaxPeople, StallTimeout = null,
        }, null, limit.Token);
        Assert.That(fused.Sets, Is.EqualTo(Sets), "the fusion node fused every set");

        string path = WriteConfig(tmp, server.Url, SmallCopies(tmp, videos));
        var errors = new List<(long Set, double Metres, bool Own)>();
        var lines = new List<string>();
        var pipeline = new LivePipeline(PipelineConfigLoader.Load(path), CollectingLog.Into(lines))
        {
            FrameDrawn = (_, picture, _, people, own) =>
            {
                long set = (long)Math.Round(picture.Time.ToDouble() * 60);
                if (people is null || people.Count == 0 || !local.TryGetValue(set, out LocalSet? expected))
                    return;
                double worst = 0;
                for (int p = 0; p < people.Count; p++)
                {
                    if (!own)
                    {
                        // Interpolated between the sets the channel had: judged against the sets around the picture,
                        // where the person or a joint may be missing at the picture's own set and present beside it.
                        worst = Math.Max(worst, OutsideNeighbours(local, set, people.PersonIds[p], people.PersonJoints(p)));
                        continue;
                    }
                    int at = Array.IndexOf(expected.Ids, people.PersonIds[p]);
                    if (at < 0)
                    {
                        worst = double.PositiveInfinity; // a person local tracking did not have
                        continue;
                    }
                    ReadOnlySpan<float> drawn = people.PersonJoints(p);
                    for (int i = 0; i < drawn.Length; i++)
                    {
                        float want = expected.Joints[at][i];
                        if (float.IsNaN(want) != float.IsNaN(drawn[i]))
                            worst = double.PositiveInfinity;
                        else if (!float.IsNaN(want))
                            worst = Math.Max(worst, Math.Abs(want - drawn[i]));
                    }
                }
                lock (errors)
                    errors.Add((set, worst, own));
            },
        };
        LiveRunReport report = pipeline.Run(180, limit.Token);
        TestContext.Out.WriteLine(string.Join("\n", report.Lines));

        double[] own = [.. errors.Where(e => e.Own).Select(e => e.Metres).Order()];
        double[] between = [.. errors.Where(e => !e.Own).Select(e => e.Metres).Order()];
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"programme frames of sets 0–{Sets - 1} drawn at their own set: {own.Length}, max {Max(own) * 1000:0.######} mm from the local tracking; " +
            $"interpolated (the channel read two or more sets in one tick): {between.Length}, max {Max(between) * 1000:0.###} mm outside local tracking's " +
            $"joint range over ±{Neighbours} sets"));
        Assert.That(report.Lines, Has.One.StartsWith($"tracking from the bus {server.Url}: {Sets} 3D sets read"));
        Assert.That(own, Has.Length.GreaterThanOrEqualTo(10), "programme frames drawn with their own fused set");
        Assert.That(Max(own), Is.LessThanOrEqualTo(1e-5), "at its own set a picture shows local tracking's joints (float rounding)");
        Assert.That(Max(between), Is.LessThanOrEqualTo(1e-5), "an interpolated picture stays within local tracking's joints around its time");
    }

    /// <summary>
    /// No server at start: the programme starts anyway, says so naming <c>tracking.bus</c>, and retries; the server
    /// comes up and the 3D on it is drawn; the server is killed mid-run: the loss is logged and counted, the run goes
    /// on to its end and reports both.
    /// </summary>
    [Test]
    public async Task Run_BusDownAtStartThenUpThenKilled_ProgrammeNeverStopsAndTheOutagesAreCounted()
    {
        using var server = new NatsServerFixture();
        server.Server.Kill(); // its port, with nothing listening
        using var tmp = new TempFolder("b3d-busdown");
        using var limit = new CancellationTokenSource(s_limit);
        string[] videos = [.. Enumerable.Range(1, 4).Select(i => Path.Combine(SharedAssets.BalancingTrial, "videos", $"cam{i:00}.mp4"))];
        string path = WriteConfig(tmp, server.Url, SmallCopies(tmp, videos), loop: true);
        var lines = new List<string>();
        int drawnWithPeople = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(limit.Token);
        var pipeline = new LivePipeline(PipelineConfigLoader.Load(path), CollectingLog.Into(lines))
        {
            FrameDrawn = (_, _, _, people, _) =>
            {
                if (people is { Count: > 0 })
                    Interlocked.Increment(ref drawnWithPeople);
            },
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Task<LiveRunReport> run = Task.Run(() => pipeline.Run(null, stop.Token), limit.Token);

        await Until(() => Logged(lines, "tracking.bus " + server.Url + ": "), "the outage warning", lines, limit.Token);
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: the bus is down, said");
        Assert.That(drawnWithPeople, Is.Zero, "no 3D while the bus is down");
        server.Server.Restart(); // up, same port: the reader's next try connects
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: the server is up again");
        await using (NodeBus bus = await server.ConnectAsync())
        {
            // 3D at 60 fps, one person, around the capture time on air: the looping files play in real time from 0 with
            // their time line going on, so the pictures are at most the run's age; 5 s behind to 10 s ahead of it
            // covers the start-up. Sent again each round (a set sent twice is stored once) until it is drawn.
            while (Volatile.Read(ref drawnWithPeople) == 0 && !limit.IsCancellationRequested)
            {
                long now = (long)(clock.Elapsed.TotalSeconds * 60);
                for (long frame = Math.Max(0, now - 300); frame < now + 600; frame++)
                    await bus.Publish3DAsync(Synthetic(frame), limit.Token);
                await Task.Delay(200, CancellationToken.None);
            }
        }
        await Until(() => Volatile.Read(ref drawnWithPeople) > 0, "graphics from the bus", lines, limit.Token);
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: graphics from the bus drawn");
        server.Server.Kill();
        await Until(() => Logged(lines, "connection lost"), "the connection loss", lines, limit.Token);
        int before = Volatile.Read(ref drawnWithPeople);
        // Still drawing: the sets it read before the loss are ahead of the pictures.
        await Until(() => Volatile.Read(ref drawnWithPeople) > before + 30, "graphics after the loss", lines, limit.Token);
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: the loss logged, graphics go on");
        await stop.CancelAsync();
        LiveRunReport report = await run;
        TestContext.Out.WriteLine(string.Join("\n", report.Lines));
        TestContext.Out.WriteLine(string.Join("\n", lines.Where(l => l.Contains("tracking.bus", StringComparison.Ordinal))));

        Assert.That(report.FramesOut, Is.GreaterThan(0));
        string line = report.Lines.Single(l => l.StartsWith("tracking from the bus", StringComparison.Ordinal));
        Assert.That(Count(line, "failed connections"), Is.GreaterThanOrEqualTo(1), line);
        Assert.That(Count(line, "disconnects"), Is.GreaterThanOrEqualTo(1), line);
        Assert.That(Count(line, "3D sets read"), Is.GreaterThan(0), line);
        Assert.That(lines, Has.Some.Contains($"tracking.bus {server.Url}: ").And.Contain("retrying every second"));
    }

    /// <summary>
    /// A bus-fed run with <c>record</c>: the recording's index holds the 3D the run took from the bus as the programme
    /// was handed it (smoothed by the live 1€ filter, as local tracking's is recorded), at each set's capture time,
    /// and each camera's blur regions of those people under the default blur (sets too late for their pictures under
    /// load are neither handed on nor recorded: the expected joints follow the recorded ones). The 3D is the Balancing trial's
    /// reference (Pose2Sim's markers, the athlete in every camera's view), published as the fusion node publishes it.
    /// </summary>
    [Test]
    public async Task Run_RecordOnTheBus_IndexHoldsTheBusThreeDAsHandedOnAndEachCamerasBlurRegions()
    {
        using var server = new NatsServerFixture();
        using var tmp = new TempFolder("b3d-busrecord");
        using var limit = new CancellationTokenSource(s_limit);
        string[] videos = [.. Enumerable.Range(1, 4).Select(i => Path.Combine(SharedAssets.BalancingTrial, "videos", $"cam{i:00}.mp4"))];
        TrcData reference = TrcFile.Read(OfflineTrialInput.BalancingDemo().ReferenceTrcPath!);
        int markers = Pose2SimMarkers.Definition.KeypointCount;
        Assert.That(reference.MarkerNames, Is.EqualTo(Pose2SimMarkers.Definition.KeypointNames), "the reference TRC is in Pose2Sim's marker order");
        var published = new Dictionary<long, double[]>();
        var points = new double[markers * 3];
        await using (NodeBus bus = await server.ConnectAsync())
        {
            for (int f = 0; f < reference.FrameCount; f++)
            {
                var person = new Person3D { Id = 1 };
                for (int m = 0; m < markers; m++)
                {
                    // TRC (X, Y, Z) = world (Y, Z, X): back to the world's Z-up axes.
                    int at = ((f * markers) + m) * 3;
                    points[3 * m] = reference.Coordinates[at + 2];
                    points[(3 * m) + 1] = reference.Coordinates[at];
                    points[(3 * m) + 2] = reference.Coordinates[at + 1];
                    person.Points.Add(points[3 * m]);
                    person.Points.Add(points[(3 * m) + 1]);
                    person.Points.Add(points[(3 * m) + 2]);
                    person.ErrorsPixels.Add(1.0);
                    person.ExcludedCameras.Add(0);
                }
                var set = new FrameSet3D
                {
                    Version = NodeWire.Version, Frame = f, TimeNumerator = f, TimeDenominator = 60, MarkerCount = (uint)markers, CamerasPresent = 4, CamerasTotal = 4,
                };
                set.People.Add(person);
                await bus.Publish3DAsync(set, limit.Token);
                published[f] = [.. points];
            }
        }

        string recording = tmp.File("recording");
        string path = WriteConfig(tmp, server.Url, SmallCopies(tmp, videos), record: recording);
        var lines = new List<string>();
        LiveRunReport report = new LivePipeline(PipelineConfigLoader.Load(path), CollectingLog.Into(lines)).Run(180, limit.Token);
        TestContext.Out.WriteLine(string.Join("\n", report.Lines));

        using RecordingCatalog catalog = RecordingCatalog.Open(recording);
        RecordedRun run = catalog.Run(null);
        IReadOnlyList<SkeletonSet> recorded = catalog.Skeletons(run, Rational.Zero, new Rational(3600, 1), Pose2SimMarkers.Definition, MaxPeople);
        string handedOn = report.Lines.Single(l => l.StartsWith("tracking from the bus", StringComparison.Ordinal));
        long handed = Count(handedOn, "handed to the programme");
        TestContext.Out.WriteLine($"{recorded.Count} sets in the index, {handed} handed to the programme");
        Assert.That(handed, Is.GreaterThanOrEqualTo(30), handedOn);
        Assert.That(recorded, Has.Count.EqualTo(handed), "every set handed to the programme is in the index, once");
        // The feed smooths the sets it hands on, in order (a set too late for its pictures is neither smoothed nor
        // recorded): the expected joints are the published 3D of the recorded sets through the same live 1€ filter.
        var smoother = new LiveSkeletonSmoother(markers, MaxPeople);
        double worst = 0;
        foreach (SkeletonSet set in recorded)
        {
            long frame = (long)Math.Round(set.Time.ToDouble() * 60);
            Assert.That(set.Time.ToDouble(), Is.EqualTo(frame / 60.0).Within(1e-6), "recorded at the set's capture time (the index keeps microseconds)");
            Assert.That(published.TryGetValue(frame, out double[]? sent), Is.True, $"set {frame} was published");
            Assert.That((set.Count, set.PersonIds[0]), Is.EqualTo((1, 1)), $"set {frame}: the one athlete, id 1");
            sent!.CopyTo(points, 0);
            smoother.Apply(1, points, frame / 60.0);
            ReadOnlySpan<float> joints = set.PersonJoints(0);
            for (int i = 0; i < joints.Length; i++)
                worst = Math.Max(worst, Math.Abs(joints[i] - (float)points[i]));
        }
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recorded joints vs the published 3D smoothed as the feed smooths it: max {worst * 1000:0.######} mm"));
        Assert.That(worst, Is.LessThanOrEqualTo(1e-5), "the index holds the smoothed 3D the programme was handed (float rounding)");

        Assert.That(catalog.Privacy(run), Is.EqualTo(new RecordedPrivacy(Broadcast3D.Engine.Privacy.BlurMode.Untracked, KeepUnblurred: false)));
        foreach (string camera in new[] { "cam01", "cam02", "cam03", "cam04" })
        {
            IReadOnlyList<(Rational Time, System.Numerics.Vector4[] Regions)> rows = catalog.BlurRegions(run, camera, Rational.Zero, new Rational(3600, 1));
            TestContext.Out.WriteLine($"{camera}: {rows.Count} blur rows, {rows.Count(r => r.Regions.Length > 0)} with regions");
            Assert.That(rows, Has.Count.EqualTo(handed), $"{camera}: a blur row per set handed on");
            Assert.That(rows.Count(r => r.Regions.Length > 0), Is.GreaterThan(rows.Count / 2), $"{camera}: the athlete's regions");
        }
    }

    private sealed record LocalSet(int[] Ids, float[][] Joints);

    /// <summary>
    /// Local tracking of the first <see cref="Sets"/> frame sets, every set in order (FrameSetTracker as the live
    /// worker runs it, smoothed as it publishes); each set's 2D published as the camera nodes do, then their ends.
    /// </summary>
    private static async Task<Dictionary<long, LocalSet>> TrackLocallyAndPublish2D(NatsServerFixture server, string[] videos, CancellationToken cancellation)
    {
        var result = new Dictionary<long, LocalSet>();
        var rig = CalibrationToml.Read(SharedAssets.CalibrationToml);
        var inference = new InferenceOptions(ExecutionProvider.Auto, Environment.ProcessorCount);
        var stages = new PipelineStages();
        using var tracker = new FrameSetTracker(rig, new Pose2DPipeline(
            ModelCatalog.CreateDetector(ModelCatalog.Resolve("rtmdet"), inference),
            ModelCatalog.CreateEstimator(ModelCatalog.Resolve("blazepose-full"), inference), videos.Length), MaxPeople, stages, TrackingAccelerator.Reference);
        var smoother = new LiveSkeletonSmoother(Pose2SimMarkers.Definition.KeypointCount, MaxPeople);
        var points = new double[Pose2SimMarkers.Definition.KeypointCount * 3];
        FrameRate rate = FrameRate.Fps60;
        await using NodeBus bus = await server.ConnectAsync();
        List<CameraReader> readers = OfflineIngest.OpenReaders(videos, FrameOutput.Native);
        try
        {
            using CameraSync sync = OfflineIngest.Sync(readers, rate);
            var planes = new ImagePlanes[videos.Length];
            for (int s = 0; s < Sets; s++)
            {
                Assert.That(sync.TryNext(out FrameSet? set, cancellation) && set.IsComplete, Is.True, $"frame set {s} of the Balancing trial");
                for (int c = 0; c < videos.Length; c++)
                    planes[c] = set![c].Frame!.AsPlanes();
                tracker.Process(planes);
                for (int c = 0; c < videos.Length; c++)
                    await bus.Publish2DAsync(NodeWire.Encode(s_names[c], set!.Index, set[c].CaptureTime, rate, set.Segment, tracker.Poses2D[c]), cancellation);
                var ids = new int[tracker.PeopleCount];
                var joints = new float[tracker.PeopleCount][];
                for (int p = 0; p < tracker.PeopleCount; p++)
                {
                    ids[p] = tracker.PersonId(p);
                    tracker.Points(p).CopyTo(points);
                    smoother.Apply(ids[p], points, set!.Time.ToDouble());
                    joints[p] = [.. points.Select(v => (float)v)];
                }
                result[set!.Index] = new LocalSet(ids, joints);
            }
        }
        finally
        {
            OfflineIngest.Dispose(readers);
        }
        foreach (string id in s_names)
        {
            await bus.Publish2DAsync(new CameraPoses2D
            {
                Version = NodeWire.Version, Camera = id, Frame = Sets, CaptureDenominator = 1, EndOfStream = true,
                Skeleton = "BLAZEPOSE_33", KeypointCount = 33,
            }, cancellation);
        }
        return result;
    }

    /// <summary>
    /// The videos at 272×480 (same frames, same time stamps) and the calibration scaled to them: the programme reads
    /// these, so four cameras decode in real time on a loaded 2-core machine. The 3D is in metres whatever the pictures' size.
    /// </summary>
    private static (string Calibration, string[] Videos) SmallCopies(TempFolder tmp, string[] videos)
    {
        var small = new string[videos.Length];
        for (int c = 0; c < videos.Length; c++)
        {
            small[c] = tmp.File($"cam{c + 1:00}.mp4");
            ProcessRunner.Result r = ProcessRunner.Run("ffmpeg", ["-v", "error", "-nostdin", "-y", "-i", videos[c], "-vf", "scale=272:480", "-c:v", "libx264",
                "-preset", "ultrafast", "-pix_fmt", "yuv420p", small[c]]);
            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        }
        return (LiveRig.ScaledCalibration(tmp, [1, 2, 3, 4], 272 / 1088.0), small);
    }

    private static string WriteConfig(TempFolder tmp, string bus, (string Calibration, string[] Videos) rig, bool loop = false, string? record = null)
    {
        string path = tmp.File("bus.json");
        string recordField = record is null ? "" : $", \"record\": {{\"folder\": \"{record}\"}}";
        // LiveRig.ScaledCalibration names the cameras cam01…cam04.
        string cameras = string.Join(", ", rig.Videos.Select((v, c) => $$"""{"name": "cam{{c + 1:00}}", "source": "{{v}}"{{(loop ? ", \"loop\": true" : "")}}}"""));
        File.WriteAllText(path, $$"""
            {
              "frameRate": "60",
              "calibration": "{{rig.Calibration}}",
              "cameras": [ {{cameras}} ],
              "outputs": [ {"type": "file", "target": "{{tmp.File("programme.mp4")}}"} ],
              "delayFrames": 30,
              "overlay": {"skeleton": true, "maxSkeletonAgeMs": 3000},
              "sync": {"placement": "timestamps"},
              "tracking": {"source": "bus", "bus": "{{bus}}"},
              "program": {"camera": "cam01", "width": 272, "height": 480}{{recordField}}
            }
            """);
        return path;
    }

    /// <summary>One standing person (id 1) at capture time frame/60 s, Pose2Sim's markers a metre off the origin.</summary>
    private static FrameSet3D Synthetic(long frame)
    {
        int markers = Pose2SimMarkers.Definition.KeypointCount;
        var message = new FrameSet3D
        {
            Version = NodeWire.Version, Frame = frame, TimeNumerator = frame, TimeDenominator = 60, MarkerCount = (uint)markers,
            CamerasPresent = 4, CamerasTotal = 4,
        };
        var person = new Person3D { Id = 1 };
        for (int m = 0; m < markers; m++)
        {
            person.Points.Add(1.0);
            person.Points.Add(0.1 * m / markers);
            person.Points.Add(0.1 + (1.6 * m / markers));
            person.ErrorsPixels.Add(1.0);
            person.ExcludedCameras.Add(0);
        }
        message.People.Add(person);
        return message;
    }

    private static bool Logged(List<string> lines, string text)
    {
        lock (lines)
            return lines.Any(l => l.Contains(text, StringComparison.Ordinal));
    }

    private static async Task Until(Func<bool> condition, string what, List<string> lines, CancellationToken cancellation)
    {
        while (!condition())
        {
            if (cancellation.IsCancellationRequested)
            {
                lock (lines)
                    Assert.Fail($"timed out waiting for {what}; the run logged:\n{string.Join("\n", lines)}");
            }
            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>The number before <paramref name="label"/> in a report line ("…, 3 failed connections, …").</summary>
    private static long Count(string line, string label)
    {
        string before = line[..line.IndexOf(label, StringComparison.Ordinal)].TrimEnd();
        return long.Parse(before[(before.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    private static double Max(double[] sorted) => sorted.Length == 0 ? 0 : sorted[^1];

    /// <summary>
    /// How far (metres) an interpolated person's joints lie outside the range local tracking gave that id over the
    /// sets within ±<see cref="Neighbours"/> of the picture: a joint drawn missing (NaN) must be missing in one of them,
    /// a joint drawn must lie within their values; an id none of them had is infinitely wrong.
    /// </summary>
    private static double OutsideNeighbours(Dictionary<long, LocalSet> local, long set, int id, ReadOnlySpan<float> drawn)
    {
        double worst = 0;
        for (int i = 0; i < drawn.Length; i++)
        {
            double low = double.PositiveInfinity, high = double.NegativeInfinity;
            bool seen = false, missingBeside = false;
            for (long s = set - Neighbours; s <= set + Neighbours; s++)
            {
                if (!local.TryGetValue(s, out LocalSet? near) || Array.IndexOf(near.Ids, id) is not (>= 0 and var at))
                    continue;
                seen = true;
                float v = near.Joints[at][i];
                if (float.IsNaN(v))
                {
                    missingBeside = true;
                    continue;
                }
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }
            if (!seen)
                return double.PositiveInfinity; // a person local tracking did not have around this time
            double off = float.IsNaN(drawn[i]) ? (missingBeside ? 0 : double.PositiveInfinity)
                : drawn[i] < low ? low - drawn[i] : drawn[i] > high ? drawn[i] - high : 0;
            worst = Math.Max(worst, off);
        }
        return worst;
    }
}
