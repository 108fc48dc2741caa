using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Pose2D;
using Microsoft.ML.OnnxRuntime;

namespace Broadcast3D.Tracking.Tests;

public class BlazePoseEstimatorTests
{
    [Test]
    public void Estimate_KnownCrop_MatchesBareSessionAndModelsMdFormula()
    {
        // RGBA: the expected tensor is sampled here from the same pixels.
        ImagePlanes f = TestFrames.Cam3Rgba;
        const double cx = 600, cy = 880, side = 1024; // 4 image px per tensor px, around the athlete
        using var pose = new BlazePoseEstimator(TestFrames.BlazePoseFull, TestFrames.Cpu);
        var keypoints = new Keypoint[33];
        var estimates = new PoseEstimate[1];
        pose.Estimate([f], [new PoseRequest(0, new PoseRegion(cx, cy, side, 0))], keypoints, estimates);

        const int S = BlazePoseEstimator.InputSize;
        // (cx, cy) is a pixel centre, so the crop's left edge is at cx − side/2 and tensor pixel u's centre at
        // x0 + (u + ½)·scale; crop coordinates x (0..256, edges) come back as x0 + x/256·side.
        double scale = side / S, x0 = cx - side / 2, y0 = cy - side / 2;
        var tensor = new float[S * S * 3];
        for (int v = 0; v < S; v++)
        {
            for (int u = 0; u < S; u++)
            {
                for (int c = 0; c < 3; c++)
                    tensor[(v * S + u) * 3 + c] = (float)(TestFrames.Sample(f, x0 + (u + 0.5) * scale, y0 + (v + 0.5) * scale, c, 0) / 255);
            }
        }
        using var session = new InferenceSession(TestFrames.BlazePoseFull, new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR });
        using var runOptions = new RunOptions();
        using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, S, S, 3]);
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, ["input_1"], [input], ["ld_3d", "output_poseflag"]);
        ReadOnlySpan<float> ld = outputs[0].GetTensorDataAsSpan<float>();

        Assert.That(estimates[0].Score, Is.EqualTo(outputs[1].GetTensorDataAsSpan<float>()[0]).Within(1e-4));
        Assert.That(estimates[0].Score, Is.GreaterThan(0.9));
        for (int k = 0; k < 33; k++)
        {
            Assert.That(keypoints[k].X, Is.EqualTo(x0 + ld[k * 5] / S * side).Within(0.05), $"x of {k}");
            Assert.That(keypoints[k].Y, Is.EqualTo(y0 + ld[k * 5 + 1] / S * side).Within(0.05), $"y of {k}");
            Assert.That(keypoints[k].Score, Is.EqualTo(1 / (1 + Math.Exp(-ld[k * 5 + 3]))).Within(1e-4));
        }
    }

    [Test]
    public void Estimate_FrameRotatedQuarterTurnWithRotatedRegion_GivesSameKeypoints()
    {
        ImagePlanes f = TestFrames.Cam3Rgba;
        ImagePlanes turned = TestFrames.RotateClockwise(f);
        const double cx = 600, cy = 880, side = 1024;
        using var pose = new BlazePoseEstimator(TestFrames.BlazePoseLite, TestFrames.Cpu);
        var upright = new Keypoint[33];
        var lying = new Keypoint[33];
        var e = new PoseEstimate[1];
        pose.Estimate([f], [new PoseRequest(0, new PoseRegion(cx, cy, side, 0))], upright, e);
        // After a clockwise turn the athlete lies horizontally; the region turned with them sees the same crop.
        pose.Estimate([turned], [new PoseRequest(0, new PoseRegion(f.Height - 1 - cy, cx, side, Math.PI / 2))], lying, e);
        for (int k = 0; k < 33; k++)
        {
            // Back to the upright frame (pixel-centre coordinates): (x', y') = (H−1−y, x)  ⇒  x = y', y = H−1−x'.
            Assert.That(lying[k].Y, Is.EqualTo(upright[k].X).Within(0.05), $"keypoint {k}");
            Assert.That(f.Height - 1 - lying[k].X, Is.EqualTo(upright[k].Y).Within(0.05), $"keypoint {k}");
        }
    }

    [Test]
    public void RegionFromAlignment_UprightAndLyingBodies_RotatesBodyAxisUp()
    {
        // Upright: size point above the hips.
        PoseRegion up = BlazePoseEstimator.RegionFromAlignment(500, 800, 500, 600);
        Assert.That(up.RotationRadians, Is.EqualTo(0).Within(1e-12));
        Assert.That(up.Side, Is.EqualTo(500).Within(1e-9));
        Assert.That((up.CentreX, up.CentreY), Is.EqualTo((500.0, 800.0)));
        // Lying with the head to the right (y down): the crop turns by +90° so that the head is up in the crop.
        PoseRegion lying = BlazePoseEstimator.RegionFromAlignment(500, 800, 700, 800);
        Assert.That(lying.RotationRadians, Is.EqualTo(Math.PI / 2).Within(1e-12));
        (double x, double y) = lying.ToAffine(256).Apply(127.5, 0);
        Assert.That(x, Is.GreaterThan(600), "the top of the crop must lie towards the head");
        Assert.That(y, Is.EqualTo(800).Within(1e-9));
    }

    [Test]
    public void Estimate_DegenerateAndBorderRegions_ReturnsFiniteResultsWithoutThrowing()
    {
        ImagePlanes f = TestFrames.Cam1;
        using var pose = new BlazePoseEstimator(TestFrames.BlazePoseLite, TestFrames.Cpu, maxBatch: 8);
        var requests = new List<PoseRequest>
        {
            new(0, new PoseRegion(0, 0, 0, 0)),                 // zero size
            new(0, new PoseRegion(-5000, -5000, 100, 0)),       // wholly outside
            new(0, new PoseRegion(f.Width, f.Height / 2.0, 400, 0.3)), // half off the right border
            new(0, new PoseRegion(0, 0, 0.2, 1)),               // sub-pixel
        };
        var rng = new Random(3);
        while (requests.Count < 40) // more than one batch
            requests.Add(new PoseRequest(0, new PoseRegion(rng.Next(-200, f.Width + 200), rng.Next(-200, f.Height + 200), rng.Next(1, 900), rng.NextDouble() * 6)));
        var keypoints = new Keypoint[requests.Count * 33];
        var estimates = new PoseEstimate[requests.Count];
        pose.Estimate([f], requests.ToArray(), keypoints, estimates);
        Assert.That(estimates[0].Score, Is.Zero);
        Assert.That(estimates[3].Score, Is.Zero);
        Assert.That(keypoints.AsSpan(0, 33).ToArray(), Is.All.EqualTo(default(Keypoint)));
        Assert.That(keypoints.All(k => float.IsFinite(k.X) && float.IsFinite(k.Y) && k.Score is >= 0 and <= 1), Is.True);
        Assert.That(estimates.All(e => float.IsFinite(e.Score) && double.IsFinite(e.NextRegion.Side)), Is.True);
    }
}
