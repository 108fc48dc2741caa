using System.Globalization;
using System.Text.Json;
using Broadcast3D.Cli;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Offline;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Renderer.Views;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// Runs the real <c>b3d demo</c> once on the whole Balancing trial (about 2 minutes on 2 cores) and checks its
/// outputs as a user would find them: files, exact frame counts and timestamps, playable MP4s, 3D agreement with
/// the reference, and an orbit replay that shows the athlete's carved mesh (issue #18) on a floor.
/// </summary>
[NonParallelizable]
public class DemoEndToEndTests
{
    private const int Frames = 100;
    private const double Rate = 60.0;
    private static readonly string[] Videos = ["cam01_overlay", "cam02_overlay", "cam03_overlay", "cam04_overlay", "orbit_replay", "programme"];

    private TempFolder _folder = null!;
    private ProcessRunner.Result _run = null!;
    private string Out => Path.Combine(_folder.Path, "b3d-demo");
    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "b3d.dll");

    [OneTimeSetUp]
    public void RunDemo()
    {
        _folder = new TempFolder("b3d-demo-test");
        _run = ProcessRunner.Run("dotnet", [CliDll, "demo", "--out", Out], TimeSpan.FromMinutes(8));
        TestContext.Progress.WriteLine(_run.StdOut);
    }

    [OneTimeTearDown]
    public void Cleanup() => _folder.Dispose();

    [Test]
    public void Demo_DefaultRun_ExitsZeroAndWritesEveryOutput()
    {
        Assert.That(_run.ExitCode, Is.Zero, _run.StdErr);
        Assert.That(Path.Combine(Out, "summary.json"), Does.Exist);
        Assert.That(Path.Combine(Out, "S00_P00_T01_BalancingTrial_b3d.trc"), Does.Exist);
        foreach (string v in Videos)
            Assert.That(Path.Combine(Out, "video", v + ".mp4"), Does.Exist);
        for (int c = 1; c <= 4; c++)
        {
            string folder = Path.Combine(Out, "pose-2d", $"cam{c:00}_json");
            Assert.That(Directory.GetFiles(folder, "*.json"), Has.Length.EqualTo(Frames), folder);
        }
        Assert.That(_run.StdOut, Does.Contain("agreement with the reference TRC"));
        Assert.That(_run.StdOut, Does.Contain("graphics age: 0 on every frame by construction"));
    }

    [Test]
    public void Demo_OpenPoseJson_HasTheAthleteInBody25BLayout()
    {
        int withPeople = 0;
        for (int c = 1; c <= 4; c++)
        {
            foreach (string file in Directory.GetFiles(Path.Combine(Out, "pose-2d", $"cam{c:00}_json"), "*.json"))
            {
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
                JsonElement people = doc.RootElement.GetProperty("people");
                foreach (JsonElement p in people.EnumerateArray())
                    Assert.That(p.GetProperty("pose_keypoints_2d").GetArrayLength(), Is.EqualTo(SkeletonCatalog.Body25B.KeypointCount * 3), file);
                withPeople += people.GetArrayLength() > 0 ? 1 : 0;
            }
        }
        // The athlete is in every frame of every camera.
        Assert.That(withPeople, Is.EqualTo(4 * Frames));
    }

    [Test]
    public void Demo_Trc_HasExactFramesTimesAndPose2SimMarkers()
    {
        TrcData trc = TrcFile.Read(Path.Combine(Out, "S00_P00_T01_BalancingTrial_b3d.trc"));
        Assert.That(trc.FrameCount, Is.EqualTo(Frames));
        Assert.That(trc.MarkerNames, Is.EqualTo(SkeletonCatalog.Pose2SimBody25BMarkers));
        Assert.That(trc.DataRate, Is.EqualTo(Rate));
        for (int f = 0; f < Frames; f++)
        {
            Assert.That(trc.FrameNumbers[f], Is.EqualTo(f + 1));
            Assert.That(trc.Times[f], Is.EqualTo((f + 1) / Rate).Within(1e-12));
        }
    }

    [TestCaseSource(nameof(Videos))]
    public void Demo_Mp4_HasExactFrameCountTimestampsAndDecodesCleanly(string video)
    {
        string path = Path.Combine(Out, "video", video + ".mp4");
        ProcessRunner.Result probe = ProcessRunner.Run("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames,codec_name,avg_frame_rate", "-of", "json", path]);
        Assert.That(probe.ExitCode, Is.Zero, probe.StdErr);
        using JsonDocument doc = JsonDocument.Parse(probe.StdOut);
        JsonElement stream = doc.RootElement.GetProperty("streams")[0];
        Assert.That(stream.GetProperty("nb_read_frames").GetString(), Is.EqualTo(Frames.ToString(CultureInfo.InvariantCulture)));
        Assert.That(stream.GetProperty("avg_frame_rate").GetString(), Is.EqualTo("60/1"));

        ProcessRunner.Result times = ProcessRunner.Run("ffprobe", ["-v", "error", "-select_streams", "v:0",
            "-show_entries", "frame=pts_time", "-of", "csv=p=0", path]);
        double[] pts = [.. times.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => double.Parse(s.Trim().TrimEnd(','), CultureInfo.InvariantCulture))];
        Assert.That(pts, Has.Length.EqualTo(Frames));
        for (int n = 0; n < Frames; n++)
            Assert.That(pts[n], Is.EqualTo(n / Rate).Within(1e-6), $"frame {n} of {video}");

        ProcessRunner.Result decode = ProcessRunner.Run("ffmpeg", ["-v", "error", "-nostdin", "-i", path, "-f", "null", "-"]);
        Assert.That(decode.ExitCode, Is.Zero);
        Assert.That(decode.StdErr.Trim(), Is.Empty, $"ffmpeg reported errors decoding {video}");
    }

    /// <summary>
    /// The pictures go through the channel on the virtual clock: every frame set is one picture per output, none
    /// repeated or dropped (offline sinks wait), and every MP4 (overlays, orbit, programme) holds the trial's frame sets, no more, no less.
    /// </summary>
    [Test]
    public void Demo_Channel_CountsFramesZeroZeroAndEveryOverlayHasTheTrialsFrames()
    {
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "summary.json")));
        int frames = summary.RootElement.GetProperty("frames").GetInt32();
        Assert.That(frames, Is.EqualTo(Frames), "frame sets of the trial");
        JsonElement channel = summary.RootElement.GetProperty("channel");
        Assert.That(channel.GetProperty("framesOut").GetInt64(), Is.EqualTo(frames));
        Assert.That(channel.GetProperty("repeated").GetInt64(), Is.Zero);
        Assert.That(channel.GetProperty("dropped").GetInt64(), Is.Zero);
        var sinks = channel.GetProperty("sinks").EnumerateArray().ToDictionary(k => k.GetProperty("name").GetString()!);
        Assert.That(sinks.Keys, Is.EquivalentTo(Videos.Select(v => $"video/{v}.mp4")));
        foreach ((string name, JsonElement sink) in sinks)
        {
            Assert.That(sink.GetProperty("sent").GetInt64(), Is.EqualTo(frames), name);
            Assert.That(sink.GetProperty("dropped").GetInt64(), Is.Zero, name);
            ProcessRunner.Result probe = ProcessRunner.Run("ffprobe", ["-v", "error", "-count_packets", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", Path.Combine(Out, name)]);
            Assert.That(probe.ExitCode, Is.Zero, probe.StdErr);
            Assert.That(int.Parse(probe.StdOut.Trim().TrimEnd(','), CultureInfo.InvariantCulture), Is.EqualTo(frames), name);
        }
        Assert.That(_run.StdOut, Does.Contain($"channel: {frames} frames out, 0 repeated, 0 dropped"));
    }

    /// <summary>
    /// Bound, measured then defended: our 2D is BlazePose, the reference's is OpenPose BODY_25B, and the two models
    /// place hips, shoulders and the head differently by several centimetres (BlazePose's hip points sit higher and
    /// wider; Neck and Head are derived, see Body25BConverter); the reference itself reprojects with ~18 mm error.
    /// Measured on this trial (100 frames): median 48.1 mm, p90 94.9 mm. 60 / 110 mm leaves room for thread-count jitter in
    /// the models while still failing on a mislabelled camera, a swapped side or a wrong axis (hundreds of mm).
    /// </summary>
    [Test]
    public void Demo_Trc_AgreesWithReferenceWithinMeasuredBound()
    {
        TrcData ours = TrcFile.Read(Path.Combine(Out, "S00_P00_T01_BalancingTrial_b3d.trc"));
        TrcData reference = TrcFile.Read(Path.Combine(SharedAssets.BalancingTrial, "pose-3d", "S00_P00_T01_BalancingTrial_0-100.trc"));
        var distances = new List<double>();
        for (int m = 0; m < ours.MarkerCount; m++)
        {
            int r = reference.MarkerNames.ToList().IndexOf(ours.MarkerNames[m]);
            Assert.That(r, Is.GreaterThanOrEqualTo(0), ours.MarkerNames[m]);
            for (int f = 0; f < Frames; f++)
            {
                double dx = ours[f, m, 0] - reference[f, r, 0], dy = ours[f, m, 1] - reference[f, r, 1], dz = ours[f, m, 2] - reference[f, r, 2];
                double d = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz)) * 1000;
                if (!double.IsNaN(d))
                    distances.Add(d);
            }
        }
        distances.Sort();
        double median = distances[distances.Count / 2], p90 = distances[(int)(distances.Count * 0.9)];
        TestContext.Out.WriteLine($"{distances.Count} points: median {median:F1} mm, p90 {p90:F1} mm, max {distances[^1]:F0} mm");
        // 19 of 21 markers in every frame: BlazePose has no small toes, so those two columns stay empty.
        Assert.That(distances, Has.Count.GreaterThanOrEqualTo(19 * Frames * 95 / 100));
        Assert.That(median, Is.LessThan(60));
        Assert.That(p90, Is.LessThan(110));
    }

    /// <summary>
    /// Knee and hip flexion (b3d analyze's definitions) from the demo's 3D against the same angles from the reference
    /// filtered TRC. Measured 2026-12-04 on the 2-core VM: RMSE right knee 9.9°, left knee 29.9°, right hip 10.6°,
    /// left hip 26.7° (BlazePose vs OpenPose places the left leg differently while the athlete balances); bounds 1.5×.
    /// </summary>
    [TestCase("right_knee_flexion", 15.0)]
    [TestCase("left_knee_flexion", 45.0)]
    [TestCase("right_hip_flexion", 16.0)]
    [TestCase("left_hip_flexion", 40.0)]
    public void Demo_Trc_FlexionAnglesAgreeWithReferenceWithinMeasuredBound(string angle, double boundDegrees)
    {
        TrcData ours = TrcFile.Read(Path.Combine(Out, "S00_P00_T01_BalancingTrial_b3d.trc"));
        TrcData reference = TrcFile.Read(Path.Combine(SharedAssets.BalancingTrial, "pose-3d", "S00_P00_T01_BalancingTrial_0-100_filt_butterworth.trc"));
        int i = Broadcast3D.Tracking.Biomechanics.JointAngles.Definitions.Select(d => d.Name).ToList().IndexOf(angle);
        double[] a = Broadcast3D.Tracking.Biomechanics.JointAngles.Compute(ours)[i], b = Broadcast3D.Tracking.Biomechanics.JointAngles.Compute(reference)[i];
        double[] d = [.. a.Zip(b, (x, y) => x - y).Where(double.IsFinite)];
        double rmse = Math.Sqrt(d.Average(x => x * x));
        TestContext.Out.WriteLine($"{angle}: RMSE {rmse:F1}° over {d.Length} frames");
        Assert.That(d, Has.Length.EqualTo(Frames));
        Assert.That(rmse, Is.LessThan(boundDegrees));
    }

    [Test]
    public void Demo_OrbitReplay_ShowsTheCarvedMeshMovingWithTheOrbit()
    {
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "summary.json")));
        // The meshes were carved in the tracking pass: nearly every frame set has the exported athlete's mesh.
        JsonElement meshes = summary.RootElement.GetProperty("meshes");
        TestContext.Out.WriteLine(meshes.GetRawText());
        Assert.That(meshes.ValueKind, Is.EqualTo(JsonValueKind.Object), "summary.json has no meshes: the orbit replay drew capsules");
        Assert.That(meshes.GetProperty("framesWithMesh").GetInt32(), Is.GreaterThanOrEqualTo(Frames * 95 / 100), "frame sets with the athlete's mesh");
        Assert.That(meshes.GetProperty("voxelMetres").GetDouble(), Is.EqualTo(0.03), "the demo's default voxel");
        Assert.That(meshes.GetProperty("cameras").GetArrayLength(), Is.EqualTo(4));

        JsonElement o = summary.RootElement.GetProperty("orbit");
        JsonElement c = o.GetProperty("centre");
        var orbit = new OrbitCamera(new Vector3d(c.GetProperty("x").GetDouble(), c.GetProperty("y").GetDouble(), c.GetProperty("z").GetDouble()),
            o.GetProperty("radiusMetres").GetDouble(), o.GetProperty("heightMetres").GetDouble(), o.GetProperty("width").GetInt32(),
            o.GetProperty("height").GetInt32(), o.GetProperty("horizontalFieldOfViewDegrees").GetDouble(), o.GetProperty("floorBelowCentreMetres").GetDouble());
        double start = summary.RootElement.GetProperty("orbitStartRadians").GetDouble();
        double[] world = TrcFile.Read(Path.Combine(Out, "S00_P00_T01_BalancingTrial_b3d.trc")).ToWorldZUp();
        int markers = SkeletonCatalog.Pose2SimBody25BMarkers.Count;
        int[] sampled = [0, 25, 50, 75];
        byte[][] pictures = DecodeFrames(Path.Combine(Out, "video", "orbit_replay.mp4"), orbit.Width, orbit.Height, sampled);
        var centroids = new List<(double U, double V)>();
        for (int i = 0; i < sampled.Length; i++)
        {
            Camera camera = orbit.At(OrbitCamera.AngleAt(sampled[i], Frames, start));
            double su = 0, sv = 0;
            int n = 0;
            double u0 = double.MaxValue, v0 = double.MaxValue, u1 = double.MinValue, v1 = double.MinValue;
            for (int m = 0; m < markers; m++)
            {
                int o3 = ((sampled[i] * markers) + m) * 3;
                if (double.IsNaN(world[o3]))
                    continue;
                (double u, double v) = camera.Project(new Vector3d(world[o3], world[o3 + 1], world[o3 + 2]));
                Assert.That(u, Is.InRange(0, orbit.Width - 1), $"frame {sampled[i]} marker {m}");
                Assert.That(v, Is.InRange(0, orbit.Height - 1), $"frame {sampled[i]} marker {m}");
                su += u;
                sv += v;
                n++;
                (u0, v0, u1, v1) = (Math.Min(u0, u), Math.Min(v0, v), Math.Max(u1, u), Math.Max(v1, v));
            }
            Assert.That(n, Is.GreaterThan(markers / 2), $"triangulated joints in orbit frame {sampled[i]} (the comparison below needs some)");
            // The mesh takes its colours from the cameras' pictures: the athlete's skin, warm where the capsules
            // (#00D1FF), the slate background and the grey-green floor are not. Measured 42–61 k such pixels per frame
            // in the whole picture on 2026-12-05, none with capsules.
            (int warm, int boxArea) = WarmPixels(pictures[i], orbit.Width, (int)u0, (int)v0, (int)u1, (int)v1);
            TestContext.Out.WriteLine($"orbit frame {sampled[i]}: {warm} warm pixels of {boxArea} in the joints' box");
            Assert.That(warm, Is.GreaterThan(boxArea / 20), $"the mesh's picture colours inside the joints' box of orbit frame {sampled[i]}");
            Assert.That(CapsulePixels(pictures[i]), Is.LessThan(pictures[i].Length / 4 / 1000), $"capsule-coloured pixels in orbit frame {sampled[i]} (the mesh replaces them)");
            // The floor under the athlete: the bottom corners are the floor's, not the background's.
            Assert.That(Differs(pictures[i], ((orbit.Height - 5) * orbit.Width * 4) + 20), Is.True, $"floor in the bottom-left corner of orbit frame {sampled[i]}");
            centroids.Add((su / n, sv / n));
        }
        // The athlete nearly stands still while the camera turns: the skeleton's picture changes with the orbit.
        double spread = 0;
        for (int i = 1; i < sampled.Length; i++)
            spread = Math.Max(spread, Math.Abs(centroids[i].U - centroids[0].U));
        Assert.That(spread, Is.GreaterThan(5), "projected skeleton centre moves with the orbit");
    }

    [Test]
    public void Demo_MissingSharedAssets_ExitsTwoNamingTheFile()
    {
        using var empty = new TempFolder("b3d-empty-shared");
        ProcessRunner.Result r = ProcessRunner.Run("dotnet", [CliDll, "demo", "--out", empty.File("out")], TimeSpan.FromMinutes(2),
            environment: new Dictionary<string, string> { ["B3D_SHARED"] = empty.Path, ["B3D_MODELS"] = empty.Path });
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.MissingAsset), r.StdErr);
        Assert.That(r.StdErr, Does.Contain(Path.Combine(empty.Path, "data", "pose2sim-demo", "S00_P00_SingleParticipant",
            "S00_P00_T01_BalancingTrial", "videos", "cam01.mp4")));
        Assert.That(r.StdErr, Does.Contain("B3D_SHARED"));
    }

    [Test]
    public void Demo_MissingModel_ExitsTwoNamingTheModel()
    {
        using var empty = new TempFolder("b3d-empty-models");
        ProcessRunner.Result r = ProcessRunner.Run("dotnet", [CliDll, "demo", "--out", empty.File("out")], TimeSpan.FromMinutes(2),
            environment: new Dictionary<string, string> { ["B3D_MODELS"] = empty.Path });
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.MissingAsset), r.StdErr);
        Assert.That(r.StdErr, Does.Contain(Path.Combine(empty.Path, "rtmdet-nano", "end2end.onnx")));
        Assert.That(Directory.Exists(empty.File("out")), Is.False, "nothing is written before the assets are checked");
    }

    /// <summary>The orbit's background (the orbit view's clear colour, 0.125, 0.157, 0.188, in 8-bit levels).</summary>
    private static readonly byte[] Background = [32, 40, 48];

    private static bool Differs(byte[] rgba, int i) =>
        Math.Abs(rgba[i] - Background[0]) + Math.Abs(rgba[i + 1] - Background[1]) + Math.Abs(rgba[i + 2] - Background[2]) > 60;

    /// <summary>
    /// Pixels in the box (clamped to the picture) with red above green and above 1.2 × blue (skin and clothes in
    /// daylight; neither the slate background, the grey-green floor, its grid and shadow, nor the cyan capsules), and
    /// the box's area.
    /// </summary>
    private static (int Warm, int Area) WarmPixels(byte[] rgba, int width, int x0, int y0, int x1, int y1)
    {
        int height = rgba.Length / 4 / width, warm = 0;
        (x0, y0, x1, y1) = (Math.Max(0, x0), Math.Max(0, y0), Math.Min(width - 1, x1), Math.Min(height - 1, y1));
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                int i = ((y * width) + x) * 4;
                warm += rgba[i] > rgba[i + 1] && rgba[i] * 5 > (rgba[i + 2] * 6) + 25 ? 1 : 0;
            }
        }
        return (warm, (x1 - x0 + 1) * (y1 - y0 + 1));
    }

    /// <summary>Pixels of the bodies plugin's capsule hue (#00D1FF, lit: strong blue, little red).</summary>
    private static int CapsulePixels(byte[] rgba)
    {
        int n = 0;
        for (int i = 0; i < rgba.Length; i += 4)
            n += rgba[i + 2] > 150 && rgba[i] < 60 && rgba[i + 1] > 100 ? 1 : 0;
        return n;
    }

    /// <summary>Frames <paramref name="indices"/> of a video as RGBA, decoded by the ffmpeg CLI (an independent decoder).</summary>
    private static byte[][] DecodeFrames(string video, int width, int height, int[] indices)
    {
        using var tmp = new TempFolder("b3d-orbit-frames");
        string raw = tmp.File("frames.rgba");
        string select = string.Join('+', indices.Select(i => $"eq(n\\,{i})"));
        ProcessRunner.Ffmpeg("-i", video, "-vf", $"select={select}", "-vsync", "0", "-f", "rawvideo", "-pix_fmt", "rgba", raw);
        byte[] all = File.ReadAllBytes(raw);
        int size = width * height * 4;
        Assert.That(all, Has.Length.EqualTo(size * indices.Length));
        return [.. indices.Select((_, i) => all.AsSpan(i * size, size).ToArray())];
    }
}
