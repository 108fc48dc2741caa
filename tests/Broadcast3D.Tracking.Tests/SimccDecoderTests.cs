using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Tracking.Tests;

public class SimccDecoderTests
{
    [Test]
    public void Decode_SyntheticPeaks_GivesHalfBinCoordinatesAndMinScore()
    {
        const int k = 3, bx = 384, by = 512;
        var x = new float[k * bx];
        var y = new float[k * by];
        // Joint 0 at bins (100, 301): crop pixel (50, 150.5); score min(0.9, 0.7).
        x[100] = 0.9f;
        y[301] = 0.7f;
        // Joint 1: a tie keeps the first maximum.
        x[bx + 10] = 0.5f;
        x[bx + 20] = 0.5f;
        y[by + 7] = 0.6f;
        // Joint 2: every bin ≤ 0, not found.
        x.AsSpan(2 * bx, bx).Fill(-1f);
        var kp = new Keypoint[k];
        SimccDecoder.Decode(x, bx, y, by, kp);
        Assert.That(kp[0], Is.EqualTo(new Keypoint(50f, 150.5f, 0.7f)));
        Assert.That(kp[1], Is.EqualTo(new Keypoint(5f, 3.5f, 0.5f)));
        Assert.That(kp[2], Is.EqualTo(default(Keypoint)));
    }

    [Test]
    public void Decode_WrongShapes_Throws()
    {
        Assert.Throws<ArgumentException>(() => SimccDecoder.Decode(new float[10], 5, new float[12], 6, new Keypoint[3]));
    }

    [Test]
    public void CropMap_MmposeConvention_MapsInputCentreToRegionCentreAndHeightToSide()
    {
        var region = new PoseRegion(400, 600, 512, 0);
        Affine2D m = RtmPoseEstimator.CropMap(region, 192, 256);
        Assert.That(m.Apply(96, 128), Is.EqualTo((400.0, 600.0)));
        (double _, double top) = m.Apply(96, 0);
        Assert.That(top, Is.EqualTo(600 - 256).Within(1e-9));
        (double left, double _) = m.Apply(0, 128);
        Assert.That(left, Is.EqualTo(400 - 192).Within(1e-9));
    }
}
