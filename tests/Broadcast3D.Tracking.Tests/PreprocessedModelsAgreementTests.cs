using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// The models with their input crops computed by the ILGPU kernel on ILGPU's CPU accelerator (<c>--preprocess
/// cpu</c>) against the same models fed by the C# reference (<c>--preprocess reference</c>), on real frames of the
/// Pose2Sim demo as decoded (yuv420p): keypoints, boxes and scores. Both paths run the same
/// <see cref="Preprocessing.CropSampler"/> maths on the same planes, and the kernel's tensors equal the reference's
/// bit for bit on this accelerator (<see cref="IlgpuPreprocessorTests"/>), so the measured difference is 0
/// (docs/ilgpu.md, 2026-12-05). The bounds (1e-3 px, 1e-5 in scores) leave room only for what a GPU's
/// float rounding could change in the tensor; a wrong crop, layout or channel order moves keypoints by pixels.
/// Two frames per model keep the runs short: the CPU accelerator emulates GPU threads and crops ~117× slower.
/// </summary>
public sealed class PreprocessedModelsAgreementTests
{
    private const double PixelBound = 1e-3;
    private const double ScoreBound = 1e-5;

    private static readonly InferenceOptions Reference = TestFrames.Cpu with { Preprocess = TrackingAccelerator.Reference };
    private static readonly InferenceOptions Kernel = TestFrames.Cpu with { Preprocess = TrackingAccelerator.Cpu };

    /// <summary>Camera 1 (the athlete and a person at the left edge) and camera 3 (the athlete alone), frame 10.</summary>
    private static ImagePlanes[] Frames => [TestFrames.Cam1, TestFrames.Cam3];

    [TestCase("blazepose-full")]
    [TestCase("movenet-lightning")]
    public void Estimate_PoseModelThroughIlgpuCpuCrops_KeypointsMatchReference(string name)
    {
        // Regions from the reference detector: every person it finds on both frames, in one batch across frames.
        ImagePlanes[] frames = Frames;
        var requests = new List<PoseRequest>();
        using (var detector = new RtmDetDetector(TestFrames.RtmDet, Reference))
        {
            List<PersonBox>[] boxes = [[], []];
            detector.Detect(frames, boxes);
            for (int f = 0; f < frames.Length; f++)
                requests.AddRange(boxes[f].Select(b => new PoseRequest(f, PoseRegion.FromBox(b))));
        }
        Assert.That(requests.Select(r => r.FrameIndex).Distinct().Count(), Is.EqualTo(2), "people on both frames, so both pictures are loaded");

        ModelReference model = ModelCatalog.Resolve(name);
        using IPoseEstimator reference = ModelCatalog.CreateEstimator(model, Reference);
        using IPoseEstimator kernel = ModelCatalog.CreateEstimator(model, Kernel);
        Assert.That(kernel.Description, Does.Contain("crops: ilgpu cpu"));
        Assert.That(reference.Description, Does.Contain("crops: reference"));
        int n = requests.Count, k = reference.KeypointCount;
        var expected = new Keypoint[n * k];
        var actual = new Keypoint[n * k];
        var expectedPeople = new PoseEstimate[n];
        var actualPeople = new PoseEstimate[n];
        reference.Estimate(frames, requests.ToArray(), expected, expectedPeople);
        kernel.Estimate(frames, requests.ToArray(), actual, actualPeople);

        double worstPixel = 0, worstScore = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            worstPixel = Math.Max(worstPixel, Math.Max(Math.Abs(actual[i].X - expected[i].X), Math.Abs(actual[i].Y - expected[i].Y)));
            worstScore = Math.Max(worstScore, Math.Abs(actual[i].Score - expected[i].Score));
        }
        for (int q = 0; q < n; q++)
        {
            worstScore = Math.Max(worstScore, Math.Abs(actualPeople[q].Score - expectedPeople[q].Score));
            PoseRegion a = actualPeople[q].NextRegion, e = expectedPeople[q].NextRegion;
            worstPixel = Math.Max(worstPixel, Math.Max(Math.Abs(a.CentreX - e.CentreX), Math.Max(Math.Abs(a.CentreY - e.CentreY), Math.Abs(a.Side - e.Side))));
        }
        TestContext.Out.WriteLine($"{name}, {n} crops of 2 frames: worst |Δ| {worstPixel:G3} px, {worstScore:G3} in scores");
        Assert.That(expectedPeople.Max(p => p.Score), Is.GreaterThan(0.3f), "a person must be found for the comparison to mean anything");
        Assert.That(worstPixel, Is.LessThanOrEqualTo(PixelBound));
        Assert.That(worstScore, Is.LessThanOrEqualTo(ScoreBound));
    }

    [TestCase("rtmdet")]
    [TestCase("yolox")]
    [TestCase("movenet-multipose")]
    public void Detect_DetectorThroughIlgpuCpuLetterbox_BoxesAndScoresMatchReference(string name)
    {
        ModelReference model = ModelCatalog.Resolve(name);
        using IPersonDetector reference = ModelCatalog.CreateDetector(model, Reference);
        using IPersonDetector kernel = ModelCatalog.CreateDetector(model, Kernel);
        Assert.That(kernel.Description, Does.Contain("crops: ilgpu cpu"));
        Assert.That(reference.Description, Does.Contain("crops: reference"));
        ImagePlanes[] frames = Frames;
        List<PersonBox>[] expected = [[], []], actual = [[], []];
        reference.Detect(frames, expected);
        kernel.Detect(frames, actual);

        double worstPixel = 0, worstScore = 0;
        for (int f = 0; f < frames.Length; f++)
        {
            Assert.That(actual[f], Has.Count.EqualTo(expected[f].Count), $"frame {f}: same boxes kept");
            for (int i = 0; i < expected[f].Count; i++)
            {
                PersonBox a = actual[f][i], e = expected[f][i];
                worstPixel = Math.Max(worstPixel, new[] { a.X1 - e.X1, a.Y1 - e.Y1, a.X2 - e.X2, a.Y2 - e.Y2 }.Max(Math.Abs));
                worstScore = Math.Max(worstScore, Math.Abs(a.Score - e.Score));
            }
        }
        TestContext.Out.WriteLine($"{name}, 2 frames, {expected.Sum(b => b.Count)} boxes: worst |Δ| {worstPixel:G3} px, {worstScore:G3} in scores");
        Assert.That(expected.All(b => b.Count > 0), Is.True, "the athlete must be detected on both frames for the comparison to mean anything");
        Assert.That(worstPixel, Is.LessThanOrEqualTo(PixelBound));
        Assert.That(worstScore, Is.LessThanOrEqualTo(ScoreBound));
    }
}
