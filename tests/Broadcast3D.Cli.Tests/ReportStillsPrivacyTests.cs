using System.Globalization;
using System.Text.Json;
using Broadcast3D.Cli.Reports;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// The report's key-frame stills are blurred but for the reported athlete (issue #21): in the Balancing trial a second
/// person stands in the background of cam02, a hand's width beside the athlete; in the stills (real video, real GPU
/// compositor, PNG) their box loses its detail (sharpness below a tenth of the unblurred still's) while the pixels
/// around the athlete's keypoints are drawn as they are (the blur follows the body, not its bounding box), and with
/// <c>--blur none</c> nothing is blurred. Boxes and keypoints are Pose2Sim's own OpenPose detections of the trial.
/// </summary>
public class ReportStillsPrivacyTests
{
    private const string Camera = "cam_02", PoseFolder = "cam02_json";

    // The stills are the 1080×1920 video drawn at 540×960.
    private const double StillScale = 0.5;

    private static string ReferenceTrc => Path.Combine(SharedAssets.BalancingTrial, "pose-3d", "S00_P00_T01_BalancingTrial_0-100_filt_butterworth.trc");

    [Test]
    public void Render_DefaultBlur_BystanderBlurredAthleteSharp()
    {
        TrcData trc = TrcFile.Read(ReferenceTrc);
        (string, int)[] keys = [("early", 10), ("middle", 45), ("late", 80)];
        List<KeyFrameStill> blurred = KeyFrameStills.Render(trc, ReferenceTrc, keys, new StillSource(Path.Combine(SharedAssets.BalancingTrial, "videos"), SharedAssets.CalibrationToml, Camera));
        List<KeyFrameStill> plain = KeyFrameStills.Render(trc, ReferenceTrc, keys,
            new StillSource(Path.Combine(SharedAssets.BalancingTrial, "videos"), SharedAssets.CalibrationToml, Camera, BlurOthers: false));

        Assert.That(blurred, Has.Count.EqualTo(keys.Length));
        for (int i = 0; i < keys.Length; i++)
        {
            int frame = trc.FrameNumbers[keys[i].Item2] - 1;
            Box bystander = Bystander(frame);
            using var tmp = new TempFolder("b3d-report-stills");
            RgbaImage b = Decode(tmp, blurred[i]), p = Decode(tmp, plain[i]);
            double bystanderRatio = Sharpness(b, bystander) / Sharpness(p, bystander);
            double athleteSame = SameAroundAthlete(b, p, frame);
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"frame {frame}: bystander sharpness {bystanderRatio:0.000} of the unblurred still; {athleteSame:P1} of the pixels around the athlete's keypoints unchanged"));
            Assert.That(Sharpness(p, bystander), Is.GreaterThan(10), $"frame {frame}: the bystander is detailed in the unblurred still");
            Assert.That(bystanderRatio, Is.LessThan(0.1), $"frame {frame}: bystander's sharpness, blurred / unblurred");
            // The blur's edge is the reprojected 3D markers, padded: OpenPose's extremity keypoints (ears, toes) lie a few
            // pixels from it, so a few of their windows' pixels are blurred (measured 97.6–98.9 %).
            Assert.That(athleteSame, Is.GreaterThanOrEqualTo(0.95), $"frame {frame}: pixels within {KeypointWindow} px of the athlete's keypoints, blurred = unblurred");
        }
    }

    // Half side of the window around each of the athlete's keypoints that must be drawn as is, still pixels (≈ 3 cm).
    private const int KeypointWindow = 6;

    private readonly record struct Box(int X0, int Y0, int X1, int Y1);

    private static RgbaImage Decode(TempFolder tmp, KeyFrameStill still)
    {
        string png = tmp.File($"{still.Row}.png");
        File.WriteAllBytes(png, still.Png);
        return ImageFile.ReadRgba(png);
    }

    /// <summary>The person who is not the athlete (Pose2Sim's raw detections against its associated ones), in still pixels.</summary>
    private static Box Bystander(int frame)
    {
        Box athlete = Boxes(Path.Combine(SharedAssets.BalancingTrial, "pose-associated", PoseFolder), frame).Single();
        List<Box> raw = Boxes(Path.Combine(SharedAssets.BalancingTrial, "pose", PoseFolder), frame);
        Assert.That(raw, Has.Count.EqualTo(2), $"{PoseFolder} frame {frame}: the athlete and the background person");
        return raw.MaxBy(r => Math.Abs(r.X0 + r.X1 - athlete.X0 - athlete.X1) + Math.Abs(r.Y0 + r.Y1 - athlete.Y0 - athlete.Y1));
    }

    /// <summary>Share of the pixels within <see cref="KeypointWindow"/> of the athlete's detected keypoints that are the same in both stills.</summary>
    private static double SameAroundAthlete(RgbaImage blurred, RgbaImage plain, int frame)
    {
        int same = 0, all = 0;
        foreach ((double x, double y) in Keypoints(Path.Combine(SharedAssets.BalancingTrial, "pose-associated", PoseFolder), frame).Single())
        {
            int cx = (int)(x * StillScale), cy = (int)(y * StillScale);
            for (int py = Math.Max(0, cy - KeypointWindow); py <= Math.Min(plain.Height - 1, cy + KeypointWindow); py++)
            {
                for (int px = Math.Max(0, cx - KeypointWindow); px <= Math.Min(plain.Width - 1, cx + KeypointWindow); px++)
                {
                    all++;
                    if (blurred.Pixel(px, py).SequenceEqual(plain.Pixel(px, py)))
                        same++;
                }
            }
        }
        return (double)same / all;
    }

    private static List<Box> Boxes(string folder, int frame) =>
        [.. Keypoints(folder, frame).Select(k => new Box((int)(k.Min(p => p.X) * StillScale), (int)(k.Min(p => p.Y) * StillScale),
            (int)(k.Max(p => p.X) * StillScale), (int)(k.Max(p => p.Y) * StillScale)))];

    /// <summary>Per person in the frame's OpenPose JSON, the keypoints seen (confidence above 0.1), video pixels.</summary>
    private static List<List<(double X, double Y)>> Keypoints(string folder, int frame)
    {
        string file = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ElementAt(frame);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
        var people = new List<List<(double X, double Y)>>();
        foreach (JsonElement person in doc.RootElement.GetProperty("people").EnumerateArray())
        {
            if (!person.TryGetProperty("pose_keypoints_2d", out JsonElement k))
                continue;
            double[] v = [.. k.EnumerateArray().Select(e => e.GetDouble())];
            List<(double X, double Y)> seen = [.. Enumerable.Range(0, v.Length / 3).Where(i => v[(3 * i) + 2] > 0.1).Select(i => (v[3 * i], v[(3 * i) + 1]))];
            if (seen.Count > 0)
                people.Add(seen);
        }
        return people;
    }

    // Variance of the Laplacian of the green channel inside the box (clipped one pixel inside the still).
    private static double Sharpness(RgbaImage image, Box box) =>
        TestSupport.Sharpness.LaplacianVariance(image.Pixels, image.Stride, 4, 1, Math.Max(1, box.X0), Math.Max(1, box.Y0),
            Math.Min(image.Width - 2, box.X1), Math.Min(image.Height - 2, box.Y1));
}
