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
/// configuration of the next count would keep fewer than <see cref="TriangulationParameters{T}.MinCameras"/> valid
/// views. A point still above the threshold is missing (NaN).
/// Kernel-safe: no allocation, no managed objects, no exceptions, no recursion; callers validate sizes.
/// Generic over the precision <c>T</c> as <see cref="WeightedDlt"/> (double for the reference and the default
/// kernel, float for the kernel on GPUs without fast double).
/// </summary>
public static class PointTriangulation
{
    /// <summary>
    /// Solves one keypoint from <paramref name="cameras"/> observations (x, y, likelihood each) starting at
    /// <paramref name="observations"/>[<paramref name="offset"/>], with 12 projection values per camera.
    /// <paramref name="scratch"/> holds at least <see cref="WeightedDlt.ScratchLength"/> elements and
    /// <paramref name="combination"/> at least <paramref name="cameras"/> ints (≤ 64 cameras).
    /// </summary>
    public static PointSolution<T> Solve<T, TObservations, TProjections, TScratch, TCombination>(
        in TObservations observations, int offset, in TProjections projections, int cameras, in TriangulationParameters<T> parameters,
        ref TScratch scratch, ref TCombination combination)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TObservations : struct, IReadOnlyElements<T>, allows ref struct
        where TProjections : struct, IReadOnlyElements<T>, allows ref struct
        where TScratch : struct, IWritableElements<T>, allows ref struct
        where TCombination : struct, IWritableElements<int>, allows ref struct
    {
        int n = cameras;
        ulong all = n == 64 ? ulong.MaxValue : (1UL << n) - 1;
        ulong invalid = 0;
        for (int c = 0; c < n; c++)
        {
            T x = observations[offset + (c * 3)], y = observations[offset + (c * 3) + 1], l = observations[offset + (c * 3) + 2];

            // Pose2Sim drops NaN and zero likelihoods as well as those under the threshold.
            if (!(l >= parameters.LikelihoodThreshold) || l == T.Zero || !T.IsFinite(x) || !T.IsFinite(y))
            {
                invalid |= 1UL << c;
            }
        }

        var search = new SearchState<T> { BestError = T.PositiveInfinity, BestMask = invalid, X = T.NaN, Y = T.NaN, Z = T.NaN };
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
            ? new PointSolution<T>(search.X, search.Y, search.Z, search.BestError, excluded, search.BestMask, search.Solves)
            : new PointSolution<T>(T.NaN, T.NaN, T.NaN, T.NaN, excluded, search.BestMask, search.Solves);
    }

    private static void SearchExhaustive<T, TObservations, TProjections, TScratch, TCombination>(
        in TObservations obs, int offset, in TProjections projections, int n, ulong invalid, in TriangulationParameters<T> parameters,
        ref SearchState<T> state, ref TScratch scratch, ref TCombination combination)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TObservations : struct, IReadOnlyElements<T>, allows ref struct
        where TProjections : struct, IReadOnlyElements<T>, allows ref struct
        where TScratch : struct, IWritableElements<T>, allows ref struct
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

            T levelError = T.PositiveInfinity;
            bool more = true;
            while (more)
            {
                ulong mask = invalid;
                for (int i = 0; i < off; i++)
                {
                    mask |= 1UL << combination[i];
                }

                Consider(obs, offset, projections, n, mask, parameters.OrthogonalityTolerance, ref levelError, ref state, ref scratch);
                more = NextCombination(ref combination, off, n);
            }

            state.BestError = levelError;
        }
    }

    private static void SearchBounded<T, TObservations, TProjections, TScratch>(
        in TObservations obs, int offset, in TProjections projections, int n, ulong invalid, ulong all, in TriangulationParameters<T> parameters,
        ref SearchState<T> state, ref TScratch scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TObservations : struct, IReadOnlyElements<T>, allows ref struct
        where TProjections : struct, IReadOnlyElements<T>, allows ref struct
        where TScratch : struct, IWritableElements<T>, allows ref struct
    {
        T levelError = T.PositiveInfinity;
        if (BitOperations.PopCount(all & ~invalid) < parameters.MinCameras)
        {
            return;
        }

        Consider(obs, offset, projections, n, invalid, parameters.OrthogonalityTolerance, ref levelError, ref state, ref scratch);
        state.BestError = levelError;
        bool improving = true;
        while (improving
               && state.BestError > parameters.ReprojectionThresholdPixels
               && BitOperations.PopCount(all & ~state.BestMask) - 1 >= parameters.MinCameras)
        {
            ulong baseMask = state.BestMask;
            levelError = T.PositiveInfinity;
            for (int c = 0; c < n; c++)
            {
                if ((baseMask & (1UL << c)) == 0)
                {
                    Consider(obs, offset, projections, n, baseMask | (1UL << c), parameters.OrthogonalityTolerance, ref levelError, ref state, ref scratch);
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
    private static void Consider<T, TObservations, TProjections, TScratch>(
        in TObservations obs, int offset, in TProjections projections, int n, ulong mask, T orthogonalityTolerance, ref T levelError,
        ref SearchState<T> state, ref TScratch scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TObservations : struct, IReadOnlyElements<T>, allows ref struct
        where TProjections : struct, IReadOnlyElements<T>, allows ref struct
        where TScratch : struct, IWritableElements<T>, allows ref struct
    {
        WeightedDlt.Reset<T, TScratch>(ref scratch);
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
        WeightedDlt.TrySolve(ref scratch, rows, orthogonalityTolerance, out T x, out T y, out T z);

        // The count is kept in T: ILGPU compiles no int → T conversion in generic code, and small counts are exact.
        T sum = T.Zero, used = T.Zero;
        for (int c = 0; c < n; c++)
        {
            if ((mask & (1UL << c)) == 0)
            {
                int p = c * 12;
                T w = (projections[p + 8] * x) + (projections[p + 9] * y) + (projections[p + 10] * z) + projections[p + 11];
                T u = ((projections[p] * x) + (projections[p + 1] * y) + (projections[p + 2] * z) + projections[p + 3]) / w;
                T v = ((projections[p + 4] * x) + (projections[p + 5] * y) + (projections[p + 6] * z) + projections[p + 7]) / w;
                int o = offset + (c * 3);
                T du = u - obs[o], dv = v - obs[o + 1];
                sum += T.Sqrt((du * du) + (dv * dv));
                used += T.One;
            }
        }

        T error = sum / used;
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

    private struct SearchState<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T BestError;
        public ulong BestMask;
        public T X, Y, Z;
        public int Solves;
    }
}
