using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Tracking.Tests;

/// <summary>Agreement of RTMDet + BlazePose with the reference OpenPose BODY_25B detections of the Balancing trial.</summary>
public class Pose2DAccuracyTests
{
    private static readonly InferenceOptions Cpu = new(ExecutionProvider.Cpu, IntraOpThreads: 2);

    /// <summary>Runs the pipeline over <paramref name="frameIndices"/> of all four cameras, each set detected afresh.</summary>
    internal static ReferenceAgreement Evaluate(string poseModel, int[] frameIndices, bool track)
    {
        var frames = new RgbaFrame[4][];
        for (int c = 0; c < 4; c++)
            frames[c] = VideoFrames.Read(VideoFrames.Balancing(c + 1), frameIndices);
        var agreement = new ReferenceAgreement();
        using var pipeline = new Pose2DPipeline(
            ModelCatalog.CreateDetector(ModelCatalog.Resolve("rtmdet"), Cpu),
            ModelCatalog.CreateEstimator(ModelCatalog.Resolve(poseModel), Cpu), 4);
        var set = new RgbaFrame[4];
        for (int i = 0; i < frameIndices.Length; i++)
        {
            if (!track)
                pipeline.Reset();
            for (int c = 0; c < 4; c++)
                set[c] = frames[c][i];
            IReadOnlyList<CameraPoses> poses = pipeline.Process(set);
            for (int c = 0; c < 4; c++)
                agreement.Add(c + 1, poses[c], OpenPoseReference.Athlete(c + 1, frameIndices[i]));
        }
        return agreement;
    }

    [Test]
    public void Process_BalancingSampledFrames_AgreesWithOpenPoseReference()
    {
        ReferenceAgreement a = Evaluate("blazepose-full", [5, 35, 65, 95], track: false);
        TestContext.Out.WriteLine(a.Report());
        // The athlete is ~700–900 px tall: OpenPose and BlazePose place joints differently (BlazePose's hips sit
        // higher and wider, its head points are face landmarks), so a few per cent of body height is agreement.
        Assert.That(a.Missed, Is.Zero);
        Assert.That(ReferenceAgreement.Median(a.All()), Is.LessThan(25));
        Assert.That(ReferenceAgreement.Percentile(a.All(), 0.9), Is.LessThan(60));
    }

    [Test, Explicit("whole-video evaluation (~4 min on 2 cores); its figures go in the issue note")]
    public void Process_BalancingAllFramesTracked_ReportsAgreement()
    {
        ReferenceAgreement a = Evaluate("blazepose-full", [.. Enumerable.Range(0, 100)], track: true);
        TestContext.Out.WriteLine(a.Report());
        Assert.That(ReferenceAgreement.Median(a.All()), Is.LessThan(25));
    }
}
