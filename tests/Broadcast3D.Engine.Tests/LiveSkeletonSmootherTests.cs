using Broadcast3D.Engine.Live;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Filtering;

namespace Broadcast3D.Engine.Tests;

public class LiveSkeletonSmootherTests
{
    private const double Rate = 30; // a live tracking rate a GPU reaches; the filter takes any spacing

    [Test]
    public void Apply_StandingAthleteWithTriangulationJitter_JitterFallsByMoreThanHalf()
    {
        var smoother = new LiveSkeletonSmoother(keypoints: 1, maxPeople: 2);
        var noise = new Random(7);
        double rawSquares = 0, filteredSquares = 0;
        int n = 0;
        for (int f = 0; f < 90; f++)
        {
            double[] p = [1 + Noise(noise), 2 + Noise(noise), 0.9 + Noise(noise)];
            double raw = Distance(p, 1, 2, 0.9);
            smoother.Apply(personId: 5, p, f / Rate);
            if (f < 30)
                continue; // settling
            rawSquares += raw * raw;
            filteredSquares += Distance(p, 1, 2, 0.9) * Distance(p, 1, 2, 0.9);
            n++;
        }
        double rawRms = Math.Sqrt(rawSquares / n), filteredRms = Math.Sqrt(filteredSquares / n);
        TestContext.Out.WriteLine($"jitter rms: raw {rawRms * 1000:0.0} mm, filtered {filteredRms * 1000:0.0} mm");
        Assert.That(filteredRms, Is.LessThan(rawRms / 2));
    }

    [Test]
    public void Apply_SprintAtEightMetresPerSecond_FollowsWithinTenCentimetres()
    {
        var smoother = new LiveSkeletonSmoother(keypoints: 1, maxPeople: 1);
        double worst = 0;
        for (int f = 0; f < 60; f++)
        {
            double t = f / Rate, x = 8 * t;
            double[] p = [x, 0, 1];
            smoother.Apply(personId: 1, p, t);
            if (f >= 15)
                worst = Math.Max(worst, Distance(p, x, 0, 1));
        }
        TestContext.Out.WriteLine($"lag at 8 m/s: {worst * 100:0.0} cm");
        Assert.That(worst, Is.LessThan(0.10), "the speed term lifts the cut-off: a sprinter is not left behind");
    }

    [Test]
    public void Apply_KeypointMissing_HeldForTheGapLimitThenDropped()
    {
        var smoother = new LiveSkeletonSmoother(keypoints: 2, maxPeople: 1);
        double[] both = [0, 0, 1, 1, 1, 1];
        smoother.Apply(3, both, 0);
        double[] gap = [0, 0, 1, double.NaN, double.NaN, double.NaN];
        smoother.Apply(3, gap, LiveSkeletonSmoother.MaxGapSeconds - 0.01);
        Assert.That(gap[3..], Is.EqualTo(new[] { 1.0, 1.0, 1.0 }), "a short gap holds the last position");
        double[] longGap = [0, 0, 1, double.NaN, double.NaN, double.NaN];
        smoother.Apply(3, longGap, LiveSkeletonSmoother.MaxGapSeconds + 0.01);
        Assert.That(longGap[3..], Is.All.NaN, "a longer gap is not drawn");
        Assert.That(longGap[..3], Is.EqualTo(new[] { 0.0, 0.0, 1.0 }));
    }

    [Test]
    public void Apply_TwoPeople_FilteredIndependentlyAndANewIdStartsFresh()
    {
        var smoother = new LiveSkeletonSmoother(keypoints: 1, maxPeople: 2);
        for (int f = 0; f < 10; f++)
        {
            smoother.Apply(1, [0, 0, 0], f / Rate);
            smoother.Apply(2, [5, 5, 0], f / Rate);
        }
        double[] a = [0, 0, 0];
        smoother.Apply(1, a, 10 / Rate);
        Assert.That(a, Is.EqualTo(new[] { 0.0, 0.0, 0.0 }).Within(1e-9), "person 1 is not pulled towards person 2");
        // Every slot taken: a third id reuses the one seen longest ago and starts from its own first sample.
        smoother.Apply(2, [5, 5, 0], 11 / Rate);
        double[] c = [9, 9, 9];
        smoother.Apply(3, c, 12 / Rate);
        Assert.That(c, Is.EqualTo(new[] { 9.0, 9.0, 9.0 }), "a new person passes unfiltered at first");
    }

    private static double Noise(Random random) => SyntheticRig.Gaussian(random) * 0.005;

    private static double Distance(double[] p, double x, double y, double z) =>
        Math.Sqrt(((p[0] - x) * (p[0] - x)) + ((p[1] - y) * (p[1] - y)) + ((p[2] - z) * (p[2] - z)));
}
