using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Tests;

public sealed class TriangulatorTests
{
    private static readonly Triangulator Exact = new(new TriangulationSettings());
    private static readonly Triangulator Bounded = new(new TriangulationSettings { Search = ExclusionSearch.Bounded });

    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(8)]
    [TestCase(16)]
    public void SolvePoint_NoiseFreeRig_RecoversPointWithin1Nanometre(int cameras)
    {
        var rig = new TriangulationRig(cameras);
        var random = new Random(cameras);
        for (int i = 0; i < 50; i++)
        {
            Vector3d truth = TriangulationRig.RandomPoint(random);
            PointSolution<double> s = Exact.SolvePoint(rig.Observe(truth, random, 0), rig.Projections, cameras);

            Assert.That(Distance(s, truth), Is.LessThan(1e-9), $"point {i}");
            Assert.That(s.ExcludedCount, Is.Zero);
            Assert.That(s.ErrorPixels, Is.LessThan(1e-6));
        }
    }

    [TestCase(4)]
    [TestCase(8)]
    [TestCase(16)]
    public void SolvePoint_HalfPixelNoise_StaysWithinMillimetresWithoutExclusion(int cameras)
    {
        var rig = new TriangulationRig(cameras);
        var random = new Random(100 + cameras);
        double sum = 0;
        for (int i = 0; i < 200; i++)
        {
            Vector3d truth = TriangulationRig.RandomPoint(random);
            PointSolution<double> s = Exact.SolvePoint(rig.Observe(truth, random, 0.5), rig.Projections, cameras);
            Assert.That(s.ExcludedCount, Is.Zero);
            sum += Distance(s, truth);
        }

        Assert.That(sum / 200, Is.LessThan(0.002), "mean 3D error, metres");
    }

    [TestCase(4, 2)]
    [TestCase(8, 5)]
    [TestCase(16, 11)]
    public void SolvePoint_OneOutlierView_ExcludesExactlyThatCamera(int cameras, int outlier)
    {
        var rig = new TriangulationRig(cameras);
        var random = new Random(7);
        Vector3d truth = new(0.2, -0.1, 1.2);
        double[] obs = rig.Observe(truth, random, 0.3);
        obs[outlier * 3] += 150; // a detection on the wrong limb

        foreach (Triangulator triangulator in new[] { Exact, Bounded })
        {
            PointSolution<double> s = triangulator.SolvePoint(obs, rig.Projections, cameras);
            Assert.That(s.ExcludedMask, Is.EqualTo(1UL << outlier), triangulator.Settings.Search.ToString());
            Assert.That(s.ErrorPixels, Is.LessThan(1.0));
            Assert.That(Distance(s, truth), Is.LessThan(0.003));
            Assert.That(s.Solves, Is.EqualTo(1 + cameras), "full set, then each single exclusion");
        }
    }

    [Test]
    public void SolvePoint_MissingViewsAndLowLikelihood_AreExcludedAndCounted()
    {
        var rig = new TriangulationRig(6);
        var random = new Random(3);
        Vector3d truth = new(0, 0.3, 0.9);
        double[] obs = rig.Observe(truth, random, 0.2);
        obs[(1 * 3) + 2] = 0.0; // undetected
        obs[(4 * 3) + 2] = 0.29; // below the 0.3 threshold
        obs[(5 * 3) + 0] = double.NaN; // missing

        PointSolution<double> s = Exact.SolvePoint(obs, rig.Projections, 6);

        Assert.Multiple(() =>
        {
            Assert.That(s.ExcludedMask, Is.EqualTo((1UL << 1) | (1UL << 4) | (1UL << 5)));
            Assert.That(s.ExcludedCount, Is.EqualTo(3));
            Assert.That(Distance(s, truth), Is.LessThan(0.003));
        });
    }

    [Test]
    public void SolvePoint_OneValidView_IsMissing()
    {
        var rig = new TriangulationRig(4);
        double[] obs = rig.Observe(new Vector3d(0, 0, 1), new Random(1), 0);
        for (int c = 1; c < 4; c++)
        {
            obs[(c * 3) + 2] = 0.1;
        }

        PointSolution<double> s = Exact.SolvePoint(obs, rig.Projections, 4);

        Assert.Multiple(() =>
        {
            Assert.That(s.Succeeded, Is.False);
            Assert.That(double.IsNaN(s.X), Is.True);
            Assert.That(s.Solves, Is.Zero);
        });
    }

    [Test]
    public void SolvePoint_AllViewsInconsistent_IsMissingAfterSearchingDownToTwoCameras()
    {
        var rig = new TriangulationRig(4);
        var random = new Random(5);
        double[] obs = rig.Observe(new Vector3d(0, 0, 1), random, 0);
        for (int c = 0; c < 4; c++)
        {
            obs[c * 3] += 300 * (c % 2 == 0 ? 1 : -1) * (c + 1);
        }

        PointSolution<double> s = Exact.SolvePoint(obs, rig.Projections, 4);

        Assert.Multiple(() =>
        {
            Assert.That(s.Succeeded, Is.False);
            Assert.That(s.Solves, Is.EqualTo(1 + 4 + 6), "C(4,0) + C(4,1) + C(4,2)");
            Assert.That(s.ExcludedCount, Is.EqualTo(2));
        });
    }

    [Test]
    public void SolvePoint_SixteenCamerasFourOutliers_BoundedSearchStaysUnderItsBound()
    {
        var rig = new TriangulationRig(16);
        var random = new Random(11);
        Vector3d truth = new(-0.2, 0.25, 1.4);
        double[] obs = rig.Observe(truth, random, 0.3);
        int[] outliers = [1, 6, 9, 14];
        foreach (int c in outliers)
        {
            obs[(c * 3) + 1] += 600; // far enough that every one of them must go
        }

        PointSolution<double> bounded = Bounded.SolvePoint(obs, rig.Projections, 16);
        PointSolution<double> exact = Exact.SolvePoint(obs, rig.Projections, 16);

        TestContext.Out.WriteLine($"16 cameras, 4 outliers: bounded {bounded.Solves} solves, exhaustive {exact.Solves} solves");
        Assert.Multiple(() =>
        {
            Assert.That(bounded.ExcludedMask, Is.EqualTo((1UL << 1) | (1UL << 6) | (1UL << 9) | (1UL << 14)));
            Assert.That(Distance(bounded, truth), Is.LessThan(0.003));
            Assert.That(exact.ExcludedMask, Is.EqualTo(bounded.ExcludedMask));
            Assert.That(bounded.Solves, Is.LessThanOrEqualTo((16 * 17 / 2) - 2), "n(n+1)/2 − 2 bound");
            Assert.That(exact.Succeeded, Is.True);
            Assert.That(exact.Solves, Is.GreaterThan(bounded.Solves));
        });
    }

    [Test]
    public void Solve_Batch_EqualsSolvePointForEveryPoint()
    {
        var rig = new TriangulationRig(5);
        var random = new Random(9);
        var batch = new TriangulationBatch(frames: 3, people: 2, keypoints: 4, cameras: 5);
        for (int f = 0; f < 3; f++)
        {
            for (int p = 0; p < 2; p++)
            {
                for (int k = 0; k < 4; k++)
                {
                    double[] obs = rig.Observe(TriangulationRig.RandomPoint(random), random, 1.0);
                    obs.CopyTo(batch.Observations, batch.ObservationIndex(f, p, k, 0));
                }
            }
        }

        batch.Observations[batch.ObservationIndex(1, 1, 2, 3)] += 200;
        Exact.Solve(batch, rig.Projections);

        for (int point = 0; point < batch.PointCount; point++)
        {
            PointSolution<double> s = Exact.SolvePoint(batch.Observations.AsSpan(point * 15, 15), rig.Projections, 5);
            Assert.That(batch.Points[point * 3], Is.EqualTo(s.X));
            Assert.That(batch.Points[(point * 3) + 2], Is.EqualTo(s.Z));
            Assert.That(batch.ReprojectionErrors[point], Is.EqualTo(s.ErrorPixels));
            Assert.That(batch.ExcludedMasks[point], Is.EqualTo(s.ExcludedMask));
        }

        Assert.That(batch.ExcludedMasks[batch.PointIndex(1, 1, 2)], Is.EqualTo(1UL << 3));
    }

    [Test]
    public void Settings_MinCamerasBelowTwo_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Triangulator(new TriangulationSettings { MinCameras = 1 }));
    }

    private static double Distance(PointSolution<double> s, Vector3d truth) => (new Vector3d(s.X, s.Y, s.Z) - truth).Length;
}
