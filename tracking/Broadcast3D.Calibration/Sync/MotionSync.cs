using System.Globalization;
using Broadcast3D.Tracking.Filtering;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Calibration.Sync;

/// <summary>
/// Estimates each camera's time offset from the athlete's motion, as Pose2Sim's synchronisation does: per camera
/// each keypoint's image speed per frame (gaps interpolated, low-pass filtered), then the lag that maximises
/// the mean Pearson correlation of those speeds with the reference camera's. Stateless, thread-safe.
/// </summary>
public static class MotionSync
{
    /// <summary>Fewest frames two keypoint speeds must share for their correlation to count.</summary>
    private const int MinPairs = 20;

    /// <summary>Offsets of every camera against camera <paramref name="reference"/> (index), reference included (0).</summary>
    /// <param name="cameras">At least two cameras' keypoints.</param>
    /// <param name="fps">Frame rate, frames per second (for the seconds).</param>
    /// <param name="reference">Index of the reference camera.</param>
    /// <param name="options">Settings; null = defaults.</param>
    /// <param name="source">The folder the keypoints came from, named in errors.</param>
    /// <exception cref="InputFormatException">Fewer than two cameras, too few frames, or an athlete that barely
    /// moves in a camera: the message says what to capture instead.</exception>
    public static IReadOnlyList<CameraOffset> Estimate(IReadOnlyList<PoseSeries> cameras, double fps, int reference, SyncOptions? options, string source)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        if (!(fps > 0) || !double.IsFinite(fps))
        {
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "the frame rate must be a positive number of frames per second");
        }

        options ??= new SyncOptions();
        if (cameras.Count < 2)
        {
            throw new InputFormatException(source, $"{cameras.Count} camera folder(s): synchronisation needs two or more cameras");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(reference);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(reference, cameras.Count);
        int shortest = cameras.Min(c => c.Frames.Count);
        int maxLag = options.MaxLagFrames ?? (shortest / 4);
        // Each lag needs an overlap several times the filter's length and longer than the lag itself.
        if (shortest < 30 || maxLag < 1 || shortest - maxLag < 20)
        {
            throw new InputFormatException(source,
                $"{shortest} frames in the shortest camera, searching ±{maxLag}: too few to synchronise; record at least 30 frames (a few seconds) of the athlete moving, longer than twice the largest offset expected");
        }

        double[]?[][] signals = [.. cameras.Select(c => Signals(c, fps, options, source))];

        // Every pair, not only pairs with the reference: with four cameras six lags constrain three offsets, so one
        // weak pair (a camera seeing the athlete edge-on) is outvoted. Sub-frame peaks, weighted least squares.
        int count = cameras.Count;
        var lags = new List<(int I, int J, double Lag, double Weight)>();
        for (int i = 0; i < count; i++)
        {
            for (int j = i + 1; j < count; j++)
            {
                double[] curve = Curve(signals[i], signals[j], maxLag);
                (double lag, double peak) = Peak(curve, maxLag);
                lags.Add((i, j, lag, Math.Max(peak, 0.01)));
            }
        }

        double[] solved = SolveOffsets(count, reference, lags);
        var offsets = new CameraOffset[count];
        for (int c = 0; c < count; c++)
        {
            double fractional = solved[c] - solved[reference];
            int frames = (int)Math.Round(fractional);
            double correlation = c == reference ? 1 : CurveAt(signals[reference], signals[c], frames);
            offsets[c] = new CameraOffset(cameras[c].Camera, frames, frames / fps, correlation, fractional);
        }

        return offsets;
    }

    /// <summary>
    /// Each keypoint's image speed per frame (pixels per frame): x and y over time with gaps filled linearly and
    /// low-pass filtered, then the length of the frame-to-frame step. Null for a keypoint seen in fewer than half
    /// the frames. A speed rises and falls at the same instants in every view (a wrist stopping stops everywhere),
    /// whatever the direction of the motion relative to the camera.
    /// </summary>
    internal static double[]?[] Signals(PoseSeries series, double fps, SyncOptions options, string source)
    {
        int n = series.Frames.Count;
        int keypoints = series.Frames.Max(f => f?.Length ?? 0) / 3;
        var signals = new double[]?[keypoints];
        var x = new double[n];
        var y = new double[n];
        var seenAt = new bool[n];
        ButterworthFilter filter = ButterworthFilter.FromPose2SimSettings(4, Math.Min(options.CutoffHz, 0.45 * fps), fps);
        double spread = 0;
        for (int k = 0; k < keypoints; k++)
        {
            int valid = 0;
            for (int f = 0; f < n; f++)
            {
                double[]? frame = series.Frames[f];
                bool seen = frame is not null && (3 * k) + 2 < frame.Length && frame[(3 * k) + 2] >= options.LikelihoodThreshold;
                x[f] = seen ? frame![3 * k] : double.NaN;
                y[f] = seen ? frame![(3 * k) + 1] : double.NaN;
                seenAt[f] = seen;
                valid += seen ? 1 : 0;
            }

            if (valid < n / 2)
            {
                continue;
            }

            FillGaps(x);
            FillGaps(y);
            filter.FilterZeroPhase(x);
            filter.FilterZeroPhase(y);
            // Speeds across a gap are interpolated, not seen: NaN, so the correlation compares observations only.
            var speed = new double[n];
            speed[0] = double.NaN;
            for (int f = 1; f < n; f++)
            {
                speed[f] = seenAt[f] && seenAt[f - 1]
                    ? Math.Sqrt(((x[f] - x[f - 1]) * (x[f] - x[f - 1])) + ((y[f] - y[f - 1]) * (y[f] - y[f - 1])))
                    : double.NaN;
            }

            double[] seenSpeeds = [.. speed.Where(double.IsFinite)];
            double mean = seenSpeeds.Average();
            spread = Math.Max(spread, Math.Sqrt(seenSpeeds.Sum(s => (s - mean) * (s - mean)) / seenSpeeds.Length));
            signals[k] = speed;
        }

        if (signals.All(s => s is null))
        {
            throw new InputFormatException(source,
                $"camera {series.Camera}: no keypoint is seen in half of the {n} frames; film the athlete in view of every camera for most of the recording");
        }

        if (spread < options.MinMotionPixels)
        {
            throw new InputFormatException(source, string.Create(CultureInfo.InvariantCulture,
                $"camera {series.Camera}: the athlete barely moves (keypoint speeds vary by at most {spread:F2} px/frame, at least {options.MinMotionPixels} needed); record the athlete jumping, crouching or walking, with clear starts and stops"));
        }

        return signals;
    }

    private static void FillGaps(double[] values)
    {
        int first = Array.FindIndex(values, double.IsFinite);
        int last = Array.FindLastIndex(values, double.IsFinite);
        for (int i = 0; i < first; i++)
        {
            values[i] = values[first];
        }

        for (int i = last + 1; i < values.Length; i++)
        {
            values[i] = values[last];
        }

        int previous = first;
        for (int i = first + 1; i <= last; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                continue;
            }

            for (int g = previous + 1; g < i; g++)
            {
                double t = (g - previous) / (double)(i - previous);
                values[g] = values[previous] + (t * (values[i] - values[previous]));
            }

            previous = i;
        }
    }

    /// <summary>
    /// For each lag L in [−max, max] (index L + max), the mean over keypoints seen in both cameras of the correlation
    /// of a[f] with b[f + L]; correlating keypoint by keypoint keeps a fast limb from drowning the others.
    /// </summary>
    private static double[] Curve(double[]?[] a, double[]?[] b, int maxLag)
    {
        var curve = new double[(2 * maxLag) + 1];
        for (int lag = -maxLag; lag <= maxLag; lag++)
        {
            curve[lag + maxLag] = CurveAt(a, b, lag);
        }

        return curve;
    }

    private static double CurveAt(double[]?[] a, double[]?[] b, int lag)
    {
        double sum = 0;
        int count = 0;
        for (int k = 0; k < Math.Min(a.Length, b.Length); k++)
        {
            if (a[k] is not double[] x || b[k] is not double[] y)
            {
                continue;
            }

            int start = Math.Max(0, -lag), end = Math.Min(x.Length, y.Length - lag);
            if (end - start < MinPairs)
            {
                continue;
            }

            double r = Pearson(x.AsSpan(start, end - start), y.AsSpan(start + lag, end - start));
            if (double.IsFinite(r))
            {
                sum += r;
                count++;
            }
        }

        return count > 0 ? sum / count : 0;
    }

    /// <summary>The curve's maximum as a lag refined by a parabola through it and its neighbours, and its value.</summary>
    private static (double Lag, double Peak) Peak(double[] curve, int maxLag)
    {
        int best = 0;
        for (int i = 1; i < curve.Length; i++)
        {
            if (curve[i] > curve[best])
            {
                best = i;
            }
        }

        double delta = 0;
        if (best > 0 && best < curve.Length - 1)
        {
            double l = curve[best - 1], c = curve[best], r = curve[best + 1];
            double denominator = l - (2 * c) + r;
            delta = denominator < 0 ? Math.Clamp(0.5 * (l - r) / denominator, -0.5, 0.5) : 0;
        }

        return (best - maxLag + delta, curve[best]);
    }

    /// <summary>Offsets o minimising Σ w·(o_j − o_i − lag_ij)² with o_reference = 0 (normal equations, Gauss–Jordan).</summary>
    private static double[] SolveOffsets(int count, int reference, List<(int I, int J, double Lag, double Weight)> lags)
    {
        var a = new double[count, count + 1];
        foreach ((int i, int j, double lag, double w) in lags)
        {
            a[i, i] += w;
            a[j, j] += w;
            a[i, j] -= w;
            a[j, i] -= w;
            a[j, count] += w * lag;
            a[i, count] -= w * lag;
        }

        // Pin the reference: its row becomes o_reference = 0.
        for (int c = 0; c <= count; c++)
        {
            a[reference, c] = c == reference ? 1 : 0;
        }

        for (int col = 0; col < count; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < count; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            for (int c = 0; c <= count; c++)
            {
                (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            }

            double diagonal = a[col, col];
            for (int c = 0; c <= count; c++)
            {
                a[col, c] /= diagonal;
            }

            for (int r = 0; r < count; r++)
            {
                if (r != col && a[r, col] != 0)
                {
                    double factor = a[r, col];
                    for (int c = 0; c <= count; c++)
                    {
                        a[r, c] -= factor * a[col, c];
                    }
                }
            }
        }

        var offsets = new double[count];
        for (int c = 0; c < count; c++)
        {
            offsets[c] = a[c, count];
        }

        return offsets;
    }

    /// <summary>Pearson correlation over the pairs where both values are finite; NaN when fewer than <see cref="MinPairs"/>.</summary>
    private static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = 0;
        double ma = 0, mb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (double.IsFinite(a[i]) && double.IsFinite(b[i]))
            {
                ma += a[i];
                mb += b[i];
                n++;
            }
        }

        if (n < MinPairs)
        {
            return double.NaN;
        }

        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (double.IsFinite(a[i]) && double.IsFinite(b[i]))
            {
                double da = a[i] - ma, db = b[i] - mb;
                sab += da * db;
                saa += da * da;
                sbb += db * db;
            }
        }

        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : 0;
    }
}
