using System.Numerics;
using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// Pose2Sim's robust triangulation of one keypoint (<c>triangulation_from_best_cameras</c>, Pose2Sim 0.x, BSD-3),
/// re-implemented once for both hosts: <see cref="Triangulator"/> calls it over CPU spans, the ILGPU kernel
/// (<c>Accelerators.TriangulationKernels</c>) over array views, so there is one algorithm. Observations below the
/// likelihood threshold are dropped; then 0, 1, 2… cameras are excluded (see <see cref="ExclusionSearch"/>), each
/// configuration solved by <see cref="WeightedDlt"/> and scored by its mean pinhole reprojection error over the
/// cameras it used; the search stops at the first count whose best error is within the threshold, or when some
/// configuration of the next count would keep fewer than <see cref="TriangulationParameters.MinCameras"/> valid
/// views. A point still above the threshold is missing (NaN).
/// Kernel-safe: no allocation, no managed objects, no exceptions, no recursion; callers validate sizes.
/// </summary>
public static class PointTriangulation
{
    /// <summary>
    /// Solves one keypoint from <paramref name="cameras"/> observations (x, y, likelihood each) starting at
    /// <paramref name="observations"/>[<paramref name="offset"/>], with 12 projection values per camera.
    /// <paramref name="scratch"/> holds at least <see cref="WeightedDlt.ScratchLength"/> doubles and
    /// <paramref name="combination"/> at least <paramref name="cameras"/> ints (≤ 64 cameras).
    /// </summary>
    public static PointSolution Solve<TObservations, TProjections, TScratch, TCombination>(
        in TObservations observations, int offset, in TProjections projections, int cameras, in TriangulationParameters parameters,
        ref TScratch scratch, ref TCombination combination)
        where TObservations : struct, IReadOnlyElements<double>, allows ref struct
        where TProjections : struct, IReadOnlyElements<double>, allows ref struct
        where TScratch : struct, IWritableElements<double>, allows ref struct
        where TCombination : struct, IWritableElements<int>, allows ref struct
    {
        int n = cameras;
        ulong all = n == 64 ? ulong.MaxValue : (1UL << n) - 1;
        ulong invalid = 0;
        for (int c = 0; c < n; c++)
        {
            double x = observations[offset + (c * 3)], y = observations[offset + (c * 3) + 1], l = observations[offset + (c * 3) + 2];

            // Pose2Sim drops NaN and zero likelihoods as well as those under the threshold.
            if (!(l >= parameters.LikelihoodThreshold) || l == 0 || !double.IsFinite(x) || !double.IsFinite(y))
            {
                invalid |= 1UL << c;
            }
        }

        var search = new SearchState { BestError = double.PositiveInfinity, BestMask = invalid, X = double.NaN, Y = double.NaN, Z = double.NaN };
        if (parameters.Search == ExclusionSearch.Exhaustive)
        {
            SearchExhaustive(observations, offset, projections, n, invalid, parameters, ref search, ref scratch, ref combination);
        }
        else
        {
            SearchBounded(observations, offset, projections, n, invalid, all, parameters, ref search, ref scratch);
        }

        int excluded = BitOperations.PopCount(search.BestMask);
        return search.BestError <= parameters.ReprojectionThresholdPixels
            ? new PointSolution(search.X, search.Y, search.Z, search.BestError, excluded, search.BestMask, search.Solves)
            : new PointSolution(double.NaN, double.NaN, double.NaN, double.NaN, excluded, search.BestMask, search.Solves);
    }

    private static void SearchExhaustive<TObservations, TProjections, TScratch, TCombination>(
        in TObservations obs, int offset, in TProjections projections, int n, ulong invalid, in TriangulationParameters parameters,
        ref SearchState state, ref TScratch scratch, ref TCombination combination)
        where TObservations : struct, IReadOnlyElements<double>, allows ref struct
        where TProjections : struct, IReadOnlyElements<double>, allows ref struct
        where TScratch : struct, IWritableElements<double>, allows ref struct
        where TCombination : struct, IWritableElements<int>, allows ref struct
    {
        int invalidCount = BitOperations.PopCount(invalid);
        for (int off = 0; state.BestError > parameters.ReprojectionThresholdPixels && n - off >= parameters.MinCameras; off++)
        {
            // Pose2Sim breaks when the configuration excluding the most cameras (valid ones first) keeps too few.
            int worstExcluded = Math.Min(n, off + invalidCount);
            if (worstExcluded > n - parameters.MinCameras)
            {
                break;
            }

            for (int i = 0; i < off; i++)
            {
                combination[i] = i;
            }

            double levelError = double.PositiveInfinity;
            bool more = true;
            while (more)
            {
                ulong mask = invalid;
                for (int i = 0; i < off; i++)
                {
                    mask |= 1UL << combination[i];
                }

                Consider(obs, offset, projections, n, mask, ref levelError, ref state, ref scratch);
                more = NextCombination(ref combination, off, n);
            }

            state.BestError = levelError;
        }
    }

    private static void SearchBounded<TObservations, TProjections, TScratch>(
        in TObservations obs, int offset, in TProjections projections, int n, ulong invalid, ulong all, in TriangulationParameters parameters,
        ref SearchState state, ref TScratch scratch)
        where TObservations : struct, IReadOnlyElements<double>, allows ref struct
        where TProjections : struct, IReadOnlyElements<double>, allows ref struct
        where TScratch : struct, IWritableElements<double>, allows ref struct
    {
        double levelError = double.PositiveInfinity;
        if (BitOperations.PopCount(all & ~invalid) < parameters.MinCameras)
        {
            return;
        }

        Consider(obs, offset, projections, n, invalid, ref levelError, ref state, ref scratch);
        state.BestError = levelError;
        bool improving = true;
        while (improving
               && state.BestError > parameters.ReprojectionThresholdPixels
               && BitOperations.PopCount(all & ~state.BestMask) - 1 >= parameters.MinCameras)
        {
            ulong baseMask = state.BestMask;
            levelError = double.PositiveInfinity;
            for (int c = 0; c < n; c++)
            {
                if ((baseMask & (1UL << c)) == 0)
                {
                    Consider(obs, offset, projections, n, baseMask | (1UL << c), ref levelError, ref state, ref scratch);
                }
            }

            // When every reduced configuration failed to solve, the mask did not move: stop.
            improving = state.BestMask != baseMask;
            if (improving)
            {
                state.BestError = levelError;
            }
        }
    }

    // Solves the configuration that leaves out `mask`; keeps it when strictly better than this level's best
    // (so the first minimum wins, and NaN errors never win, as numpy's nanargmin).
    private static void Consider<TObservations, TProjections, TScratch>(
        in TObservations obs, int offset, in TProjections projections, int n, ulong mask, ref double levelError,
        ref SearchState state, ref TScratch scratch)
        where TObservations : struct, IReadOnlyElements<double>, allows ref struct
        where TProjections : struct, IReadOnlyElements<double>, allows ref struct
        where TScratch : struct, IWritableElements<double>, allows ref struct
    {
        WeightedDlt.Reset(ref scratch);
        int rows = 0;
        for (int c = 0; c < n; c++)
        {
            if ((mask & (1UL << c)) == 0)
            {
                int o = offset + (c * 3);
                WeightedDlt.AddObservation(ref scratch, projections, c * 12, obs[o], obs[o + 1], obs[o + 2]);
                rows += 2;
            }
        }

        state.Solves++;
        WeightedDlt.TrySolve(ref scratch, rows, out double x, out double y, out double z);
        double sum = 0;
        int used = 0;
        for (int c = 0; c < n; c++)
        {
            if ((mask & (1UL << c)) == 0)
            {
                int p = c * 12;
                double w = (projections[p + 8] * x) + (projections[p + 9] * y) + (projections[p + 10] * z) + projections[p + 11];
                double u = ((projections[p] * x) + (projections[p + 1] * y) + (projections[p + 2] * z) + projections[p + 3]) / w;
                double v = ((projections[p + 4] * x) + (projections[p + 5] * y) + (projections[p + 6] * z) + projections[p + 7]) / w;
                int o = offset + (c * 3);
                double du = u - obs[o], dv = v - obs[o + 1];
                sum += Math.Sqrt((du * du) + (dv * dv));
                used++;
            }
        }

        double error = sum / used;
        if (error < levelError)
        {
            levelError = error;
            state.BestMask = mask;
            state.X = x;
            state.Y = y;
            state.Z = z;
        }
    }

    // Advances the lexicographic k-combination of 0..n−1 in combination[0, k); false after the last (and for k = 0).
    private static bool NextCombination<TCombination>(ref TCombination combination, int k, int n)
        where TCombination : struct, IWritableElements<int>, allows ref struct
    {
        for (int i = k - 1; i >= 0; i--)
        {
            if (combination[i] < n - k + i)
            {
                combination[i]++;
                for (int j = i + 1; j < k; j++)
                {
                    combination[j] = combination[j - 1] + 1;
                }

                return true;
            }
        }

        return false;
    }

    private struct SearchState
    {
        public double BestError;
        public ulong BestMask;
        public double X, Y, Z;
        public int Solves;
    }
}
