using System.Globalization;
using System.Text.Json;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// Issue #21 on the real <c>b3d demo</c>: the sample capture's background person (cam01 and cam02, see DATA.md) is
/// blurred by default in every picture of those cameras' views and of the programme, while the athlete stays as
/// sharp as with <c>--blur none</c> and the 3D is the same. The two runs (default and <c>--blur none</c>) draw the
/// same first frame sets; sharpness is the variance of the Laplacian of the luma inside each person's box, taken
/// from Pose2Sim's own OpenPose detections of the trial (independent of ours), and, for the bystander, on their body:
/// within <see cref="BodyReach"/> of their detected keypoints. The demo's pose model (BlazePose) gives person masks,
/// so the bystander is blurred by the mask's slices as on air: the background inside their box beside the body
/// (between legs, below an arm) stays sharp by design, hence the box's looser bound.
/// </summary>
[NonParallelizable]
public class PrivacyDemoTests
{
    private const int Frames = 24;
    private const int Width = 1080, Height = 1920;

    /// <summary>The stated bound: on the bystander's body, at most this share of the sharpness of the unblurred picture is left.</summary>
    private const double BystanderMaxSharpness = 0.1;

    /// <summary>
    /// The stated bound inside the bystander's whole box (keypoint extent): their body blurred by the mask, the
    /// background beside it in the box not (measured 0.104–0.106 on cam01 with the mask, 0.073 with the padded box).
    /// </summary>
    private const double BystanderBoxMaxSharpness = 0.15;

    /// <summary>Pixels this close to one of the bystander's keypoints are on their body (a 1920-row picture; they stand about 700 rows tall).</summary>
    private const int BodyReach = 8;

    private TempFolder _folder = null!;
    private ProcessRunner.Result _blurred = null!, _plain = null!;

    private string Blurred => Path.Combine(_folder.Path, "blurred");
    private string Plain => Path.Combine(_folder.Path, "plain");
    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "b3d.dll");

    [OneTimeSetUp]
    public void RunDemoTwice()
    {
        _folder = new TempFolder("b3d-privacy-demo");
        _blurred = ProcessRunner.Run("dotnet", [CliDll, "demo", "--frames", $"{Frames}", "--out", Blurred], TimeSpan.FromMinutes(8));
        _plain = ProcessRunner.Run("dotnet", [CliDll, "demo", "--frames", $"{Frames}", "--blur", "none", "--out", Plain], TimeSpan.FromMinutes(8));
        TestContext.Progress.WriteLine(_blurred.StdOut);
    }

    [OneTimeTearDown]
    public void Cleanup() => _folder.Dispose();

    [TestCase("cam01_overlay", "cam01")]
    [TestCase("cam02_overlay", "cam02")]
    [TestCase("programme", "cam01")]
    public void Demo_DefaultBlur_BystanderBlurredInEveryFrameAthleteSharp(string video, string camera)
    {
        Assert.That(_blurred.ExitCode, Is.Zero, _blurred.StdErr);
        Assert.That(_plain.ExitCode, Is.Zero, _plain.StdErr);
        byte[][] blurred = Luma(Path.Combine(Blurred, "video", video + ".mp4"));
        byte[][] plain = Luma(Path.Combine(Plain, "video", video + ".mp4"));
        double worstBystander = 0, worstBox = 0, athleteLow = double.MaxValue, athleteHigh = 0;
        for (int f = 0; f < Frames; f++)
        {
            (Box athlete, Box bystander, List<(double X, double Y)> body) = People(camera, f);
            bool OnBody(int x, int y) => body.Any(k => ((k.X - x) * (k.X - x)) + ((k.Y - y) * (k.Y - y)) <= BodyReach * BodyReach);
            double b = Sharpness(blurred[f], bystander, OnBody) / Sharpness(plain[f], bystander, OnBody);
            double a = Sharpness(blurred[f], athlete) / Sharpness(plain[f], athlete);
            worstBystander = Math.Max(worstBystander, b);
            worstBox = Math.Max(worstBox, Sharpness(blurred[f], bystander) / Sharpness(plain[f], bystander));
            athleteLow = Math.Min(athleteLow, a);
            athleteHigh = Math.Max(athleteHigh, a);
        }
        TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{video}: bystander sharpness at most {worstBystander:0.000} of the unblurred on the body, {worstBox:0.000} in the box; athlete {athleteLow:0.000}–{athleteHigh:0.000}"));
        Assert.That(worstBystander, Is.LessThan(BystanderMaxSharpness), "bystander's sharpness on the body, blurred / unblurred, worst frame");
        Assert.That(worstBox, Is.LessThan(BystanderBoxMaxSharpness), "bystander's sharpness in the box, blurred / unblurred, worst frame");
        Assert.That(athleteLow, Is.GreaterThan(0.9), "athlete's sharpness, blurred / unblurred, lowest frame");
        Assert.That(athleteHigh, Is.LessThan(1.1), "athlete's sharpness, blurred / unblurred, highest frame");
    }

    [Test]
    public void Demo_DefaultBlur_SkeletonAndPoseUnchanged()
    {
        Assert.That(_blurred.ExitCode, Is.Zero, _blurred.StdErr);
        Assert.That(_plain.ExitCode, Is.Zero, _plain.StdErr);
        foreach (string trc in new[] { "S00_P00_T01_BalancingTrial_b3d.trc", "S00_P00_T01_BalancingTrial_b3d_raw.trc" })
            Assert.That(File.ReadAllBytes(Path.Combine(Blurred, trc)), Is.EqualTo(File.ReadAllBytes(Path.Combine(Plain, trc))), trc);
        string json = Path.Combine("pose-2d", "cam01_json", "cam01_000000000005_keypoints.json");
        Assert.That(File.ReadAllBytes(Path.Combine(Blurred, json)), Is.EqualTo(File.ReadAllBytes(Path.Combine(Plain, json))));
    }

    [Test]
    public void Demo_Summary_SaysWhatWasBlurredAndNoneLeavesEverything()
    {
        using JsonDocument blurred = JsonDocument.Parse(File.ReadAllText(Path.Combine(Blurred, "summary.json")));
        using JsonDocument plain = JsonDocument.Parse(File.ReadAllText(Path.Combine(Plain, "summary.json")));
        JsonElement b = blurred.RootElement.GetProperty("privacy"), p = plain.RootElement.GetProperty("privacy");

        Assert.That(b.GetProperty("blur").GetString(), Is.EqualTo("untracked"));
        Assert.That(b.GetProperty("linked").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "demo-athlete" }));
        // cam01 and cam02 views and the programme: one bystander each, in every frame set.
        Assert.That(b.GetProperty("picturesBlurred").GetInt64(), Is.GreaterThanOrEqualTo(3 * Frames));
        Assert.That(p.GetProperty("blur").GetString(), Is.EqualTo("none"));
        Assert.That(p.GetProperty("regionsBlurred").GetInt64(), Is.Zero);
        Assert.That(_blurred.StdOut, Does.Contain("privacy: blur untracked"));
    }

    private readonly record struct Box(int X0, int Y0, int X1, int Y1);

    private static byte[][] Luma(string video)
    {
        using var tmp = new TempFolder("b3d-privacy-frames");
        string raw = tmp.File("frames.gray");
        ProcessRunner.Ffmpeg("-i", video, "-frames:v", $"{Frames}", "-f", "rawvideo", "-pix_fmt", "gray", raw);
        byte[] all = File.ReadAllBytes(raw);
        int size = Width * Height;
        Assert.That(all, Has.Length.EqualTo(size * Frames), video);
        return [.. Enumerable.Range(0, Frames).Select(i => all.AsSpan(i * size, size).ToArray())];
    }

    /// <summary>
    /// The athlete's box (Pose2Sim's associated detections) and the other person's (its raw ones) in frame
    /// <paramref name="frame"/>, with the other person's keypoints.
    /// </summary>
    private static (Box Athlete, Box Bystander, List<(double X, double Y)> BystanderKeypoints) People(string camera, int frame)
    {
        Box athlete = Boxes(Path.Combine(SharedAssets.BalancingTrial, "pose-associated", camera + "_json"), frame, []).Single();
        var keypoints = new List<List<(double X, double Y)>>();
        List<Box> raw = Boxes(Path.Combine(SharedAssets.BalancingTrial, "pose", camera + "_json"), frame, keypoints);
        int other = raw.IndexOf(raw.MaxBy(r => Math.Abs(r.X0 + r.X1 - athlete.X0 - athlete.X1) + Math.Abs(r.Y0 + r.Y1 - athlete.Y0 - athlete.Y1)));
        Assert.That(raw, Has.Count.EqualTo(2), $"{camera} frame {frame}: the athlete and the background person");
        return (athlete, raw[other], keypoints[other]);
    }

    private static List<Box> Boxes(string folder, int frame, List<List<(double X, double Y)>> keypoints)
    {
        string file = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ElementAt(frame);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
        var boxes = new List<Box>();
        foreach (JsonElement person in doc.RootElement.GetProperty("people").EnumerateArray())
        {
            if (!person.TryGetProperty("pose_keypoints_2d", out JsonElement k))
                continue;
            double[] v = [.. k.EnumerateArray().Select(e => e.GetDouble())];
            var seen = Enumerable.Range(0, v.Length / 3).Where(i => v[(3 * i) + 2] > 0.1).ToList();
            if (seen.Count == 0)
                continue;
            keypoints.Add([.. seen.Select(i => (v[3 * i], v[(3 * i) + 1]))]);
            boxes.Add(new Box((int)Math.Max(1, seen.Min(i => v[3 * i])), (int)Math.Max(1, seen.Min(i => v[(3 * i) + 1])),
                (int)Math.Min(Width - 2, seen.Max(i => v[3 * i])), (int)Math.Min(Height - 2, seen.Max(i => v[(3 * i) + 1]))));
        }
        return boxes;
    }

    // Inside the box, only the pixels `where` takes (all when null).
    private static double Sharpness(byte[] luma, Box box, Func<int, int, bool>? where = null) =>
        TestSupport.Sharpness.LaplacianVariance(luma, Width, 1, 0, box.X0, box.Y0, box.X1, box.Y1, where);
}
