using Broadcast3D.Tracking.Filtering;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Tests;

/// <summary>Conformance with Pose2Sim's reference results on the demo trials (DATA.md).</summary>
public sealed class TrialTriangulationTests
{
    // Coordinates of the reference TRCs (frames × markers × 3) where a value exists: a comparison of nothing must fail.
    private const int BalancingCoordinates = 100 * 21 * 3;
    private const int StaticCoordinates = 12 * 21 * 3;

    [Test]
    public void Run_BalancingTrial_MatchesReferenceTrcWithin1e12Metres()
    {
        TrialTriangulationResult result = ReferenceTrials.Triangulate(SharedAssets.BalancingTrial);
        TrcData reference = ReferenceTrials.ReferenceTrc(SharedAssets.BalancingTrial, "_0-100.trc");

        double max = ReferenceTrials.MaxAbsDifference(result.Trc, reference, out int compared);
        TestContext.Out.WriteLine($"Balancing: max |Δ| = {max:E3} m over {compared} coordinates, grand-mean error = {result.GrandMeanErrorPixels():F4} px");
        Assert.Multiple(() =>
        {
            Assert.That(result.Trc.MarkerNames, Is.EqualTo(reference.MarkerNames));
            Assert.That(result.Trc.FrameCount, Is.EqualTo(100));
            Assert.That(compared, Is.EqualTo(BalancingCoordinates), "coordinates compared (both NaN: not compared)");
            Assert.That(max, Is.LessThanOrEqualTo(1e-12), "metres; measured 4.0e-15");
            Assert.That(result.GrandMeanErrorPixels(), Is.EqualTo(10.0).Within(0.05));
        });
    }

    [Test]
    public void Run_StaticTrial_MatchesReferenceTrcWithin1e12Metres()
    {
        TrialTriangulationResult result = ReferenceTrials.Triangulate(SharedAssets.StaticTrial);
        TrcData reference = ReferenceTrials.ReferenceTrc(SharedAssets.StaticTrial, "_0-12.trc");

        double max = ReferenceTrials.MaxAbsDifference(result.Trc, reference, out int compared);
        TestContext.Out.WriteLine($"Static: max |Δ| = {max:E3} m over {compared} coordinates, grand-mean error = {result.GrandMeanErrorPixels():F4} px");
        Assert.That(compared, Is.EqualTo(StaticCoordinates), "coordinates compared (both NaN: not compared)");
        Assert.That(max, Is.LessThanOrEqualTo(1e-12), "metres; measured 1.1e-15");
    }

    [Test]
    public void FilterRuns_BalancingReferenceTrc_MatchesReferenceButterworthWithin1e12Metres()
    {
        TrcData input = ReferenceTrials.ReferenceTrc(SharedAssets.BalancingTrial, "_0-100.trc");
        TrcData reference = ReferenceTrials.ReferenceTrc(SharedAssets.BalancingTrial, "_filt_butterworth.trc");
        ButterworthFilter filter = ButterworthFilter.FromPose2SimSettings(4, 6.0, 60.0);

        var column = new double[input.FrameCount];
        int stride = input.MarkerCount * 3;
        for (int c = 0; c < stride; c++)
        {
            for (int f = 0; f < input.FrameCount; f++)
            {
                column[f] = input.Coordinates[(f * stride) + c];
            }

            filter.FilterRuns(column);
            for (int f = 0; f < input.FrameCount; f++)
            {
                input.Coordinates[(f * stride) + c] = column[f];
            }
        }

        double max = ReferenceTrials.MaxAbsDifference(input, reference, out int compared);
        TestContext.Out.WriteLine($"Butterworth: max |Δ| = {max:E3} m over {compared} coordinates");
        Assert.That(compared, Is.EqualTo(BalancingCoordinates), "coordinates compared (both NaN: not compared)");
        Assert.That(max, Is.LessThanOrEqualTo(1e-12), "metres; measured 1.6e-15");
    }

    [Test]
    public void Run_BalancingTrialBoundedSearch_EqualsExactWhereAtMostOneCameraWasExcluded()
    {
        TrialTriangulationResult exact = ReferenceTrials.Triangulate(SharedAssets.BalancingTrial);
        TrialTriangulationResult bounded = ReferenceTrials.Triangulate(
            SharedAssets.BalancingTrial,
            new TrialTriangulationOptions { Triangulation = new TriangulationSettings { Search = ExclusionSearch.Bounded } });

        int same = 0, compared = 0;
        double maxOther = 0;
        for (int point = 0; point < exact.ExcludedCounts.Count; point++)
        {
            int f = point / exact.Trc.MarkerCount, m = point % exact.Trc.MarkerCount;
            double d = Math.Abs(exact.Trc[f, m, 0] - bounded.Trc[f, m, 0]) + Math.Abs(exact.Trc[f, m, 1] - bounded.Trc[f, m, 1]) + Math.Abs(exact.Trc[f, m, 2] - bounded.Trc[f, m, 2]);
            if (exact.ExcludedCounts[point] <= 1 && !double.IsNaN(exact.ErrorsPixels[point]))
            {
                compared++;
                same += d == 0 ? 1 : 0;
            }
            else if (!double.IsNaN(d))
            {
                maxOther = Math.Max(maxOther, d);
            }
        }

        TestContext.Out.WriteLine($"Bounded vs exact: {same}/{compared} identical points with ≤ 1 exclusion; largest L1 difference elsewhere {maxOther:E3} m; grand mean {bounded.GrandMeanErrorPixels():F4} px");
        Assert.That(compared, Is.EqualTo(1968), "points with at most one camera excluded, as measured");
        Assert.That(same, Is.EqualTo(compared));
    }
}
