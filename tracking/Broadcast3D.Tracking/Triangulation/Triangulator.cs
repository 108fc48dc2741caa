using System.Numerics;

namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// Pose2Sim's robust triangulation (<c>triangulation_from_best_cameras</c>, Pose2Sim 0.x, BSD-3), re-implemented:
/// observations below the likelihood threshold are dropped; then 0, 1, 2… cameras are excluded (see
/// <see cref="ExclusionSearch"/>), each configuration solved by <see cref="WeightedDlt"/> and scored by its mean
/// pinhole reprojection error over the cameras it used; the search stops at the first count whose best error is
/// within the threshold, or when some configuration of the next count would keep fewer than
/// <see cref="TriangulationSettings.MinCameras"/> valid views. A point still above the threshold is missing.
/// Allocation-free per point; holds no mutable state, so one instance may solve disjoint ranges on several threads.
/// </summary>
public sealed class Triangulator
{
    private readonly TriangulationSettings _settings;

    /// <summary>Creates a triangulator.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid settings.</exception>
    public Triangulator(TriangulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
    }

    /// <summary>The settings in use.</summary>
    public TriangulationSettings Settings => _settings;

    /// <summary>Solves every point of <paramref name="batch"/>.</summary>
    /// <param name="batch">Observations in, results out (layout in <see cref="TriangulationBatch"/>).</param>
    /// <param name="projections">12 doubles per camera, P = K·[R | t] row-major.</param>
    /// <exception cref="ArgumentException">Too few projection values for the batch's cameras.</exception>
    public void Solve(TriangulationBatch batch, ReadOnlySpan<double> projections) => Solve(batch, projections, 0, batch?.Frames ?? 0);

    /// <summary>Solves frames [<paramref name="firstFrame"/>, +<paramref name="frameCount"/>) of <paramref name="batch"/>.</summary>
    /// <exception cref="ArgumentException">Too few projection values, or a frame range outside the batch.</exception>
    public void Solve(TriangulationBatch batch, ReadOnlySpan<double> projections, int firstFrame, int frameCount)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckProjections(projections, batch.Cameras);
        if (firstFrame < 0 || frameCount < 0 || firstFrame + frameCount > batch.Frames)
        {
            throw new ArgumentException($"Frames {firstFrame}..{firstFrame + frameCount} are outside the batch's {batch.Frames}.", nameof(firstFrame));
        }

        int pointsPerFrame = batch.People * batch.Keypoints;
        int stride = batch.Cameras * 3;
        ReadOnlySpan<double> observations = batch.Observations;
        for (int point = firstFrame * pointsPerFrame, end = (firstFrame + frameCount) * pointsPerFrame; point < end; point++)
        {
            PointSolution s = SolvePoint(observations.Slice(point * stride, stride), projections, batch.Cameras);
            batch.Points[(point * 3) + 0] = s.X;
            batch.Points[(point * 3) + 1] = s.Y;
            batch.Points[(point * 3) + 2] = s.Z;
            batch.ReprojectionErrors[point] = s.ErrorPixels;
            batch.ExcludedCounts[point] = s.ExcludedCount;
            batch.ExcludedMasks[point] = s.ExcludedMask;
        }
    }

    /// <summary>Solves one keypoint from <paramref name="cameraCount"/> observations (x, y, likelihood each).</summary>
    /// <exception cref="ArgumentException">Spans too short, or more than 64 cameras.</exception>
    public PointSolution SolvePoint(ReadOnlySpan<double> observations, ReadOnlySpan<double> projections, int cameraCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cameraCount, TriangulationBatch.MaxCameras);
        ArgumentOutOfRangeException.ThrowIfLessThan(observations.Length, cameraCount * 3, nameof(observations));
        CheckProjections(projections, cameraCount);

        int n = cameraCount;
        ulong all = n == 64 ? ulong.MaxValue : (1UL << n) - 1;
        ulong invalid = 0;
        for (int c = 0; c < n; c++)
        {
            double x = observations[c * 3], y = observations[(c * 3) + 1], l = observations[(c * 3) + 2];

            // Pose2Sim drops NaN and zero likelihoods as well as those under the threshold.
            if (!(l >= _settings.LikelihoodThreshold) || l == 0 || !double.IsFinite(x) || !double.IsFinite(y))
            {
                invalid |= 1UL << c;
            }
        }

        var search = new SearchState { BestError = double.PositiveInfinity, BestMask = invalid, X = double.NaN, Y = double.NaN, Z = double.NaN };
        if (_settings.Search == ExclusionSearch.Exhaustive)
        {
            SearchExhaustive(observations, projections, n, invalid, ref search);
        }
        else
        {
            SearchBounded(observations, projections, n, invalid, all, ref search);
        }

        bool ok = search.BestError <= _settings.ReprojectionThresholdPixels;
        return ok
            ? new PointSolution(search.X, search.Y, search.Z, search.BestError, BitOperations.PopCount(search.BestMask), search.BestMask, search.Solves)
            : new PointSolution(double.NaN, double.NaN, double.NaN, double.NaN, BitOperations.PopCount(search.BestMask), search.BestMask, search.Solves);
    }

    private void SearchExhaustive(ReadOnlySpan<double> obs, ReadOnlySpan<double> projections, int n, ulong invalid, ref SearchState state)
    {
        int invalidCount = BitOperations.PopCount(invalid);
        Span<int> combination = stackalloc int[n];
        for (int off = 0; state.BestError > _settings.ReprojectionThresholdPixels && n - off >= _settings.MinCameras; off++)
        {
            // Pose2Sim breaks when the configuration excluding the most cameras (valid ones first) keeps too few.
            int worstExcluded = Math.Min(n, off + invalidCount);
            if (worstExcluded > n - _settings.MinCameras)
            {
                break;
            }

            for (int i = 0; i < off; i++)
            {
                combination[i] = i;
            }

            double levelError = double.PositiveInfinity;
            do
            {
                ulong mask = invalid;
                for (int i = 0; i < off; i++)
                {
                    mask |= 1UL << combination[i];
                }

                Consider(obs, projections, n, mask, ref levelError, ref state);
            }
            while (NextCombination(combination[..off], n));

            state.BestError = levelError;
        }
    }

    private void SearchBounded(ReadOnlySpan<double> obs, ReadOnlySpan<double> projections, int n, ulong invalid, ulong all, ref SearchState state)
    {
        double levelError = double.PositiveInfinity;
        if (BitOperations.PopCount(all & ~invalid) < _settings.MinCameras)
        {
            return;
        }

        Consider(obs, projections, n, invalid, ref levelError, ref state);
        state.BestError = levelError;
        while (state.BestError > _settings.ReprojectionThresholdPixels
               && BitOperations.PopCount(all & ~state.BestMask) - 1 >= _settings.MinCameras)
        {
            ulong baseMask = state.BestMask;
            levelError = double.PositiveInfinity;
            for (int c = 0; c < n; c++)
            {
                if ((baseMask & (1UL << c)) == 0)
                {
                    Consider(obs, projections, n, baseMask | (1UL << c), ref levelError, ref state);
                }
            }

            if (state.BestMask == baseMask)
            {
                break; // every reduced configuration failed to solve
            }

            state.BestError = levelError;
        }
    }

    // Solves the configuration that leaves out `mask`; keeps it when strictly better than this level's best
    // (so the first minimum wins, and NaN errors never win, as numpy's nanargmin).
    private static void Consider(ReadOnlySpan<double> obs, ReadOnlySpan<double> projections, int n, ulong mask, ref double levelError, ref SearchState state)
    {
        var dlt = default(WeightedDlt);
        dlt.Reset();
        for (int c = 0; c < n; c++)
        {
            if ((mask & (1UL << c)) == 0)
            {
                dlt.AddObservation(projections.Slice(c * 12, 12), obs[c * 3], obs[(c * 3) + 1], obs[(c * 3) + 2]);
            }
        }

        state.Solves++;
        dlt.TrySolve(out double x, out double y, out double z);
        double sum = 0;
        int used = 0;
        for (int c = 0; c < n; c++)
        {
            if ((mask & (1UL << c)) == 0)
            {
                ReadOnlySpan<double> p = projections.Slice(c * 12, 12);
                double w = (p[8] * x) + (p[9] * y) + (p[10] * z) + p[11];
                double u = ((p[0] * x) + (p[1] * y) + (p[2] * z) + p[3]) / w;
                double v = ((p[4] * x) + (p[5] * y) + (p[6] * z) + p[7]) / w;
                double du = u - obs[c * 3], dv = v - obs[(c * 3) + 1];
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

    // Advances a lexicographic k-combination of 0..n−1 in place; false after the last one (and for k = 0).
    private static bool NextCombination(Span<int> combination, int n)
    {
        int k = combination.Length;
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

    private static void CheckProjections(ReadOnlySpan<double> projections, int cameras)
    {
        if (projections.Length < cameras * 12)
        {
            throw new ArgumentException(
                $"{cameras} cameras need {cameras * 12} projection values (3×4 per camera), got {projections.Length}.", nameof(projections));
        }
    }

    private struct SearchState
    {
        public double BestError;
        public ulong BestMask;
        public double X, Y, Z;
        public int Solves;
    }
}
