using Broadcast3D.Tracking.Filtering;

namespace Broadcast3D.Tracking.Tests;

public sealed class FilteringTests
{
    [Test]
    public void Fill_CubicWithInteriorAndEndGaps_ReproducesTheCubicExactly()
    {
        static double Cubic(double t) => 0.5 + (0.1 * t) - (0.02 * t * t) + (0.001 * t * t * t);
        var values = new double[30];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Cubic(i);
        }

        int[] missing = [0, 1, 7, 8, 9, 17, 28, 29];
        foreach (int i in missing)
        {
            values[i] = double.NaN;
        }

        int filled = CubicSplineGapFiller.Fill(values, maxGap: 10);

        Assert.That(filled, Is.EqualTo(missing.Length));
        foreach (int i in missing)
        {
            Assert.That(values[i], Is.EqualTo(Cubic(i)).Within(1e-12), $"sample {i}");
        }
    }

    [Test]
    public void Fill_GapLongerThanLimit_StaysMissingWhileShorterGapsAndZerosAreFilled()
    {
        var values = new double[40];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Sin(i * 0.1) + 2;
        }

        for (int i = 10; i < 21; i++)
        {
            values[i] = double.NaN; // 11 frames: longer than 10
        }

        values[30] = 0; // Pose2Sim treats an exact 0 as missing

        CubicSplineGapFiller.Fill(values, maxGap: 10);

        Assert.Multiple(() =>
        {
            Assert.That(values.Skip(10).Take(11), Is.All.NaN);
            Assert.That(values[30], Is.EqualTo(Math.Sin(3.0) + 2).Within(1e-3));
            Assert.That(values[9], Is.EqualTo(Math.Sin(0.9) + 2));
        });
    }

    [Test]
    public void Fill_FewerThanFourValidSamples_LeavesSeriesUnchanged()
    {
        double[] values = [double.NaN, 1, double.NaN, 2, 3, double.NaN];

        int filled = CubicSplineGapFiller.Fill(values, maxGap: 10);

        Assert.That(filled, Is.Zero);
        Assert.That(double.IsNaN(values[0]), Is.True);
    }

    [Test]
    public void Butterworth_Pose2SimDemoSettings_HasScipyCoefficients()
    {
        ButterworthFilter filter = ButterworthFilter.FromPose2SimSettings(4, 6, 60);

        // scipy.signal.butter(2, 0.2) as quoted in DATA.md (8 significant digits).
        Assert.Multiple(() =>
        {
            Assert.That(filter.B, Is.EqualTo(new[] { 0.06745527, 0.13491055, 0.06745527 }).Within(5e-9));
            Assert.That(filter.A, Is.EqualTo(new[] { 1.0, -1.1429805, 0.4128016 }).Within(5e-8));
            Assert.That(filter.PadLength, Is.EqualTo(9));
        });
    }

    [Test]
    public void FilterRuns_ShortRunsAndGaps_AreLeftUntouched()
    {
        ButterworthFilter filter = ButterworthFilter.FromPose2SimSettings(4, 6, 60);
        var values = new double[40];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = 1 + (i % 3);
        }

        values[9] = double.NaN; // run 0..8 has 9 samples: not longer than the pad length
        double[] before = (double[])values.Clone();

        filter.FilterRuns(values);

        Assert.Multiple(() =>
        {
            Assert.That(values.Take(9), Is.EqualTo(before.Take(9)));
            Assert.That(double.IsNaN(values[9]), Is.True);
            Assert.That(values.Skip(10), Is.Not.EqualTo(before.Skip(10)));
        });
    }

    [Test]
    public void OneEuro_ConstantInput_IsReturnedUnchanged()
    {
        var filter = new OneEuroFilter(2, minCutoffHz: 1, beta: 0.5);
        for (int f = 0; f < 10; f++)
        {
            double[] v = [3.25, -1.5];
            filter.Filter(v, f / 60.0);
            Assert.That(v, Is.EqualTo(new[] { 3.25, -1.5 }).Within(1e-12));
        }
    }

    [Test]
    public void OneEuro_StepWithoutSpeedTerm_MovesByTheLowPassFactor()
    {
        var filter = new OneEuroFilter(1, minCutoffHz: 1, beta: 0);
        double[] v = [0.0];
        filter.Filter(v, 0);
        v[0] = 1.0;
        filter.Filter(v, 1 / 60.0);

        double alpha = 1 / (1 + (60 / (2 * Math.PI)));
        Assert.That(v[0], Is.EqualTo(alpha).Within(1e-15));
    }

    [Test]
    public void OneEuro_FastRamp_LagsLessWithSpeedTerm()
    {
        var smooth = new OneEuroFilter(1, minCutoffHz: 1, beta: 0);
        var adaptive = new OneEuroFilter(1, minCutoffHz: 1, beta: 1);
        double lagSmooth = 0, lagAdaptive = 0;
        for (int f = 0; f < 120; f++)
        {
            double x = f * 0.05; // 3 units per second
            double[] a = [x], b = [x];
            smooth.Filter(a, f / 60.0);
            adaptive.Filter(b, f / 60.0);
            lagSmooth = x - a[0];
            lagAdaptive = x - b[0];
        }

        Assert.That(lagAdaptive, Is.LessThan(lagSmooth / 3));
    }
}
