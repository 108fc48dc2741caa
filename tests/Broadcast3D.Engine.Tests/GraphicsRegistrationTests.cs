using System.Globalization;
using System.Text.Json;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Live;
using Broadcast3D.Engine.Offline;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// Graphics registration on air (issue #22): four cameras send stamped Balancing pictures in real time
/// (<see cref="StampedCameraRig"/>), <c>b3d run</c>'s pipeline runs in this process with a programme file, and for
/// every programme frame after warm-up the joints handed to the overlays (the 3D the compositor draws, projected
/// through the programme camera's calibration as its skeleton pass does) are compared with the Pose2Sim reference 2D
/// of the source frame the picture shows, read from its stamp in the programme file. The same rig runs with
/// <c>delayFrames: "auto"</c> and then with a fixed 2 frames.
/// </summary>
[NonParallelizable]
[Category("Live")]
public class GraphicsRegistrationTests
{
    private const int AutoSeconds = 40, FixedSeconds = 25;

    /// <summary>
    /// The tracker's own median error on pictures whose frame set it tracked (the pose of their instant, as on every
    /// picture offline), pixels at 272×480: RTMDet + BlazePose on 272×480 against Pose2Sim's OpenPose at 1088×1920,
    /// measured 7.0–8.3 px (docs/delay.md). Each run prints its own figure; on a loaded machine the channel drops
    /// most of those few pictures, so the bound does not rest on it.
    /// </summary>
    private const double TrackedErrorPixels = 8.3;

    /// <summary>
    /// Margin over <see cref="TrackedErrorPixels"/>: the other pictures are interpolated between results up to a
    /// second or more apart on a loaded 2-core machine, over which the athlete's motion is not linear, and across the
    /// rig's turns (the clip played forwards then backwards), a few pixels more. A skeleton a body-width beside the
    /// athlete is ~30 px off.
    /// </summary>
    private const double MarginPixels = 6;

    /// <summary>
    /// The automatic delay's bound in these runs (<c>maxDelayFrames</c>): the longest a configuration may give, 5 s at
    /// 60 fps (301 plates of 272×480, 59 MB). The issue bounds the delay by <c>maxDelayFrames</c>, the operator's
    /// latency budget; its default (2 s) is a budget for a machine whose tracking keeps up, and under the load of
    /// other builds on this 2-core machine four cameras' tracking needs up to 4.6 s (docs/delay.md), so a picture the
    /// default leaves unbracketed is held. What this test checks is the registration the delay gives, so it gives the
    /// delay the whole budget b3d allows; the error bounds are the same whatever the bound.
    /// </summary>
    private const int MaxDelayFrames = PipelineConfigLoader.MaxDelayFrames;

    // Body 25B ids of the Pose2Sim markers' names (DATA.md, "OpenPose JSON").
    private static readonly Dictionary<string, int> s_body25B = new()
    {
        ["Nose"] = 0, ["LShoulder"] = 5, ["RShoulder"] = 6, ["LElbow"] = 7, ["RElbow"] = 8, ["LWrist"] = 9, ["RWrist"] = 10,
        ["LHip"] = 11, ["RHip"] = 12, ["LKnee"] = 13, ["RKnee"] = 14, ["LAnkle"] = 15, ["RAnkle"] = 16, ["Neck"] = 17,
        ["Head"] = 18, ["LBigToe"] = 19, ["LSmallToe"] = 20, ["LHeel"] = 21, ["RBigToe"] = 22, ["RSmallToe"] = 23, ["RHeel"] = 24,
    };

    [Test]
    public void Run_FourStampedCamerasAutoThenFixedTwoFrames_AutoDrawsEachPicturesOwnPose()
    {
        using var tmp = new TempFolder("b3d-registration");
        using var rig = new StampedCameraRig(tmp, 4);
        double[][] reference = ReferenceCam01();

        Registration auto = Run(rig, tmp, "\"auto\"", AutoSeconds, reference);
        Registration fixedTwo = Run(rig, tmp, "2", FixedSeconds, reference);

        foreach ((string name, Registration r) in new[] { ("auto", auto), ("fixed 2", fixedTwo) })
        {
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: delay {r.State.DelayFrames} frames, tracking latency p50 {r.State.TrackingLatencyP50Ms:0} ms p95 {r.State.TrackingLatencyP95Ms:0} ms, " +
                $"required p95 {r.State.RequiredP95Ms:0} ms; graphics age p50 {r.State.GraphicsAgeP50Ms:0.0} ms p95 {r.State.GraphicsAgeP95Ms:0.0} ms max " +
                $"{r.State.GraphicsAgeMaxMs:0.0} ms, {r.State.WithinOneFrameShare * 100:0.0} % ≤ 1 frame of {r.State.FramesMeasured}; registration median " +
                $"{r.MedianErrorPixels:0.0} px, p90 {r.P90ErrorPixels:0.0} px over {r.FramesCompared} frames ({r.TrackedFrames} of them tracked, median " +
                $"{r.TrackedMedianErrorPixels:0.0} px); {r.Unstamped} frames without a readable stamp, {r.TooFewJoints} with too few joints to compare"));
        }

        Assert.That(auto.State.Auto, Is.True);
        Assert.That(auto.State.FramesMeasured, Is.GreaterThan(AutoSeconds * 60 / 4), "programme frames with graphics after warm-up");
        Assert.That(auto.State.WithinOneFrameShare, Is.GreaterThanOrEqualTo(0.95), () => string.Create(CultureInfo.InvariantCulture,
            $"auto: graphics age at most one frame (tracking needed p95 {auto.State.RequiredP95Ms:0} ms, the delay ended at {auto.State.DelayFrames} " +
            $"of at most {MaxDelayFrames} frames: a need beyond the bound holds pictures)"));
        Assert.That(auto.FramesCompared, Is.GreaterThan(auto.State.FramesMeasured / 3), "frames whose stamp and drawn joints were compared");
        Assert.That(auto.MedianErrorPixels, Is.LessThanOrEqualTo(TrackedErrorPixels + MarginPixels),
            "auto: median registration error, px at 272×480, against the tracker's own");

        Assert.That(fixedTwo.State.GraphicsAgeP50Ms, Is.GreaterThan(auto.State.GraphicsAgeP50Ms + 100), "a 2-frame delay draws older poses");
        Assert.That(fixedTwo.Lines, Has.Some.StartsWith("warning: the fixed delay of 2 frames"), "the report warns of a delay shorter than tracking");
        Assert.That(fixedTwo.MedianErrorPixels, Is.GreaterThan(auto.MedianErrorPixels), "a 2-frame delay misses the athlete by more");
    }

    /// <summary>
    /// docs/delay.md's figures: the automatic delay with 2 and 4 cameras, the tracking latency it follows and the
    /// programme latency it gives (the report's "camera arrival → picture handed over" and "ingest → file" stages).
    /// </summary>
    [Explicit("measurement for docs/delay.md: about a minute each")]
    [Category("Measurement")]
    [TestCase(2)]
    [TestCase(4)]
    public void Measure_AutoDelay(int cameras)
    {
        using var tmp = new TempFolder("b3d-delay-measure");
        using var rig = new StampedCameraRig(tmp, cameras);
        Registration r = Run(rig, tmp, "\"auto\"", AutoSeconds, ReferenceCam01(), cameras);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cameras} cameras, auto: delay {r.State.DelayFrames} frames ({r.State.DelayFrames * 1000 / 60.0:0} ms), tracking latency p50 {r.State.TrackingLatencyP50Ms:0} ms " +
            $"p95 {r.State.TrackingLatencyP95Ms:0} ms, required p95 {r.State.RequiredP95Ms:0} ms; graphics age p50 {r.State.GraphicsAgeP50Ms:0.0} ms p95 " +
            $"{r.State.GraphicsAgeP95Ms:0.0} ms, {r.State.WithinOneFrameShare * 100:0.0} % ≤ 1 frame; registration median {r.MedianErrorPixels:0.0} px " +
            $"(tracked pictures {r.TrackedMedianErrorPixels:0.0} px)"));
    }

    private sealed record Registration(DelayState State, IReadOnlyList<string> Lines, double MedianErrorPixels, double P90ErrorPixels, int FramesCompared,
        int TrackedFrames, double TrackedMedianErrorPixels, int Unstamped, int TooFewJoints);

    private static Registration Run(StampedCameraRig rig, TempFolder tmp, string delay, int seconds, double[][] reference, int cameraCount = 4)
    {
        string output = tmp.File($"programme-{delay.Trim('"')}.mp4");
        string path = tmp.File($"registration-{delay.Trim('"')}.json");
        // The rig's cameras: 2 are cam01 and cam03, 4 are cam01–cam04 (calibration names).
        int[] ids = cameraCount == 2 ? [1, 3] : [1, 2, 3, 4];
        string cameras = string.Join(", ", ids.Select((c, i) => $$"""{"name": "cam{{c:00}}", "source": "{{rig.Url(i)}}"}"""));
        File.WriteAllText(path, $$"""
            {
              "frameRate": "60",
              "calibration": "{{rig.CalibrationPath}}",
              "cameras": [ {{cameras}} ],
              "outputs": [ {"type": "file", "target": "{{output}}"} ],
              "delayFrames": {{delay}},{{(delay.StartsWith('"') ? $" \"maxDelayFrames\": {MaxDelayFrames}," : "")}}
              "overlay": {"skeleton": true, "maxSkeletonAgeMs": 3000},
              "program": {"camera": "cam01", "width": {{StampedCameraRig.Width}}, "height": {{StampedCameraRig.Height}}}
            }
            """);
        PipelineConfig config = PipelineConfigLoader.Load(path);
        Camera cam01 = CalibrationToml.Read(rig.CalibrationPath).Cameras[0];
        SkeletonDefinition markers = Pose2SimMarkers.Definition;
        int[] body25B = [.. markers.KeypointNames.Select(n => s_body25B[n])];

        // Frame index → the drawn people's joints projected into the programme (u, v per marker), channel thread.
        var drawn = new Dictionary<long, double[][]>();
        var tracked = new HashSet<long>();
        var pipeline = new LivePipeline(config)
        {
            FrameDrawn = (frame, _, _, people, own) =>
            {
                if (people is null || people.Count == 0)
                    return;
                if (own)
                {
                    lock (tracked)
                        tracked.Add(frame);
                }
                var projected = new double[people.Count][];
                for (int p = 0; p < people.Count; p++)
                {
                    ReadOnlySpan<float> joints = people.PersonJoints(p);
                    projected[p] = new double[markers.KeypointCount * 2];
                    for (int m = 0; m < markers.KeypointCount; m++)
                    {
                        (double u, double v) = float.IsNaN(joints[m * 3])
                            ? (double.NaN, double.NaN)
                            : cam01.Project(new Vector3d(joints[m * 3], joints[(m * 3) + 1], joints[(m * 3) + 2]));
                        (projected[p][m * 2], projected[p][(m * 2) + 1]) = (u, v);
                    }
                }
                lock (drawn)
                    drawn[frame] = projected;
            },
        };
        LiveRunReport report = pipeline.Run(seconds * 60, CancellationToken.None);
        TestContext.Out.WriteLine(string.Join("\n", report.Lines));
        long written = rig.FramesWritten;

        // Each programme frame's stamp, from the file: frame index = pts × 60.
        ProcessRunner.Result times = ProcessRunner.Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time", "-of", "csv=p=0", output]);
        Assert.That(times.ExitCode, Is.Zero, times.StdErr);
        long[] frames = [.. times.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => (long)Math.Round(double.Parse(s.Trim().TrimEnd(','), CultureInfo.InvariantCulture) * 60))];
        const int StripRows = 40, Stride = StampedCameraRig.Width * 4;
        string strip = tmp.File($"stamps-{delay.Trim('"')}.raw");
        ProcessRunner.Result decode = ProcessRunner.Run("ffmpeg", ["-v", "error", "-nostdin", "-y", "-i", output, "-vf", $"crop={StampedCameraRig.Width}:{StripRows}:0:0", "-fps_mode", "passthrough",
            "-f", "rawvideo", "-pix_fmt", "bgra", strip]);
        Assert.That(decode.ExitCode, Is.Zero, decode.StdErr);
        byte[] stamps = File.ReadAllBytes(strip);
        Assert.That(stamps.Length, Is.EqualTo(frames.Length * StripRows * Stride), "one stamp strip per frame of the file");

        var errors = new List<double>();
        var trackedErrors = new List<double>();
        int unstamped = 0, tooFew = 0;
        for (int f = 0; f < frames.Length; f++)
        {
            if (!drawn.TryGetValue(frames[f], out double[][]? people))
                continue;
            if (FrameStamp.Read(stamps.AsSpan(f * StripRows * Stride, StripRows * Stride), Stride) is not { } low)
            {
                unstamped++;
                continue;
            }
            // The stamp holds the frame number mod 4096; the run ended moments before, well within 4096 frames.
            long n = written - 1 - ((written - 1 - low) & 0xFFF);
            double[] truth = reference[rig.SourceFrame(0, n)];
            double best = double.PositiveInfinity;
            foreach (double[] person in people)
                best = Math.Min(best, MedianDistance(person, truth, body25B));
            if (!double.IsFinite(best))
            {
                tooFew++;
                continue;
            }
            errors.Add(best);
            if (tracked.Contains(frames[f]))
                trackedErrors.Add(best);
        }
        errors.Sort();
        trackedErrors.Sort();
        static double Percentile(List<double> e, double q) => e.Count == 0 ? double.NaN : e[(int)Math.Round(q * (e.Count - 1))];
        return new Registration(report.Delay!, report.Lines, Percentile(errors, 0.5), Percentile(errors, 0.9), errors.Count,
            trackedErrors.Count, Percentile(trackedErrors, 0.5), unstamped, tooFew);
    }

    /// <summary>Median distance, stream pixels, between the drawn markers and the reference keypoints seen with likelihood ≥ 0.3.</summary>
    private static double MedianDistance(double[] drawn, double[] truth, int[] body25B)
    {
        var d = new List<double>();
        for (int m = 0; m < body25B.Length; m++)
        {
            int k = body25B[m] * 3;
            if (truth[k + 2] < 0.3 || double.IsNaN(drawn[m * 2]))
                continue;
            d.Add(Math.Sqrt(Math.Pow(drawn[m * 2] - truth[k], 2) + Math.Pow(drawn[(m * 2) + 1] - truth[k + 1], 2)));
        }
        if (d.Count < 5)
            return double.NaN; // too few joints seen to place the athlete
        d.Sort();
        return d[d.Count / 2];
    }

    /// <summary>
    /// cam01's reference 2D per source frame (Pose2Sim's associated OpenPose BODY_25B: x, y, likelihood per keypoint)
    /// scaled to the 272-wide stream as the stream's calibration is (272/1088).
    /// </summary>
    private static double[][] ReferenceCam01()
    {
        const double Scale = StampedCameraRig.Width / 1088.0;
        string folder = Path.Combine(SharedAssets.BalancingTrial, "pose-associated", "cam01_json");
        Assert.That(Directory.Exists(folder), Is.True, $"{folder} is missing: the Pose2Sim demo's associated 2D (see /work/shared/data/DATA.md)");
        string[] files = [.. Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal)];
        var frames = new double[files.Length][];
        for (int f = 0; f < files.Length; f++)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(files[f]));
            frames[f] = new double[25 * 3];
            foreach (JsonElement person in doc.RootElement.GetProperty("people").EnumerateArray())
            {
                if (!person.TryGetProperty("pose_keypoints_2d", out JsonElement k))
                    continue;
                double[] values = [.. k.EnumerateArray().Select(e => e.GetDouble())];
                for (int i = 0; i + 2 < values.Length && i + 2 < frames[f].Length; i += 3)
                    (frames[f][i], frames[f][i + 1], frames[f][i + 2]) = (values[i] * Scale, values[i + 1] * Scale, values[i + 2]);
            }
        }
        return frames;
    }
}
