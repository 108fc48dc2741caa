using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Tracking.Tests;

/// <summary>YOLOX and MoveNet against the primary pair (RTMDet, BlazePose) on the same real frame.</summary>
public class OtherAdapterTests
{
    private static PersonBox RtmDetAthlete()
    {
        using var detector = new RtmDetDetector(TestFrames.RtmDet, TestFrames.Cpu);
        var boxes = new List<PersonBox>();
        detector.Detect([TestFrames.Cam3], [boxes]);
        return boxes[0];
    }

    [Test]
    public void YoloxDetector_AthleteFrame_AgreesWithRtmDetBox()
    {
        using var yolox = new YoloxDetector(SharedAssets.Model("yolox_nano_416x416.onnx"), TestFrames.Cpu);
        var boxes = new List<PersonBox>();
        yolox.Detect([TestFrames.Cam3], [boxes]);
        Assert.That(boxes, Is.Not.Empty);
        Assert.That(boxes[0].IoU(RtmDetAthlete()), Is.GreaterThan(0.75));
    }

    [Test]
    public void MoveNetMultiPoseDetector_AthleteFrame_AgreesWithRtmDetBoxAndKeepsKeypointsInside()
    {
        using var multi = new MoveNetMultiPoseDetector(SharedAssets.Model("movenet_multipose_lightning_1.onnx"), TestFrames.Cpu);
        var boxes = new List<PersonBox>();
        multi.Detect([TestFrames.Cam3], [boxes]);
        Assert.That(boxes, Is.Not.Empty);
        Assert.That(boxes[0].IoU(RtmDetAthlete()), Is.GreaterThan(0.6));
        float[] reference = OpenPoseReference.Athlete(3, 10)!;
        ReadOnlySpan<Keypoint> kp = multi.Keypoints(0, 0);
        // Ankles (COCO 15, 16) within 5 % of the ~900 px athlete of the reference.
        for (int j = 15; j <= 16; j++)
            Assert.That(Math.Sqrt(Math.Pow(kp[j].X - reference[j * 3], 2) + Math.Pow(kp[j].Y - reference[j * 3 + 1], 2)), Is.LessThan(45), $"joint {j}");
    }

    [Test]
    public void MoveNetSinglePoseEstimator_AthleteCrop_AgreesWithOpenPoseOnLimbs()
    {
        using var movenet = new MoveNetSinglePoseEstimator(SharedAssets.Model("movenet_singlepose_thunder_4.onnx"), TestFrames.Cpu);
        var kp = new Keypoint[17];
        var e = new PoseEstimate[1];
        movenet.Estimate([TestFrames.Cam3], [new PoseRequest(0, PoseRegion.FromBox(RtmDetAthlete()))], kp, e);
        float[] reference = OpenPoseReference.Athlete(3, 10)!;
        var d = new List<double>();
        for (int j = 5; j < 17; j++)
        {
            if (reference[j * 3 + 2] >= 0.3f)
                d.Add(Math.Sqrt(Math.Pow(kp[j].X - reference[j * 3], 2) + Math.Pow(kp[j].Y - reference[j * 3 + 1], 2)));
        }
        Assert.That(e[0].Score, Is.GreaterThan(0.3));
        Assert.That(d, Has.Count.GreaterThan(6));
        Assert.That(ReferenceAgreement.Median(d), Is.LessThan(30));
    }
}
