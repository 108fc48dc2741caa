using System.Buffers;

namespace Broadcast3D.Tracking.Filtering;

/// <summary>
/// Fills gaps in a time series as Pose2Sim's <c>interpolate_zeros_nans</c> (triangulation.py) does with
/// <c>kind='cubic'</c>: samples that are NaN or exactly 0 are missing; a not-a-knot cubic spline through all
/// valid samples (scipy <c>interp1d(kind='cubic', fill_value='extrapolate')</c>, i.e. de Boor's not-a-knot end
/// conditions) gives values at every missing sample, extrapolating past the first and last valid sample with the
/// end polynomials; then every run of consecutive missing samples longer than the gap limit is set back to NaN.
/// Series with fewer than 4 valid samples (too few for a cubic) are left unchanged.
/// Uses pooled scratch, no steady-state allocation; stateless and thread-safe.
/// </summary>
public static class CubicSplineGapFiller
{
    /// <summary>Fills the gaps of <paramref name="values"/> (samples at unit spacing) in place.</summary>
    /// <param name="values">The series; missing samples are NaN or 0.</param>
    /// <param name="maxGap">Longest run of missing samples to fill (Pose2Sim's <c>interp_if_gap_smaller_than</c>, a run of exactly this length is filled).</param>
    /// <returns>Number of samples filled.</returns>
    public static int Fill(Span<double> values, int maxGap)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxGap);
        int n = 0;
        foreach (double v in values)
        {
            n += IsMissing(v) ? 0 : 1;
        }

        if (n == values.Length || n < 4)
        {
            return 0;
        }

        double[] rented = ArrayPool<double>.Shared.Rent(5 * n);
        try
        {
            Span<double> all = rented.AsSpan(0, 5 * n);
            Span<double> x = all[..n], y = all.Slice(n, n), s = all.Slice(2 * n, n);
            Span<double> upper = all.Slice(3 * n, n), rhs = all.Slice(4 * n, n);
            for (int i = 0, j = 0; i < values.Length; i++)
            {
                if (!IsMissing(values[i]))
                {
                    x[j] = i;
                    y[j] = values[i];
                    j++;
                }
            }

            NotAKnotSlopes(x, y, s, upper, rhs);
            int filled = 0;
            int segment = 0;
            for (int i = 0; i < values.Length; i++)
            {
                if (!IsMissing(values[i]))
                {
                    continue;
                }

                int runEnd = i;
                while (runEnd < values.Length && IsMissing(values[runEnd]))
                {
                    runEnd++;
                }

                bool fill = runEnd - i <= maxGap;
                for (; i < runEnd; i++)
                {
                    if (fill)
                    {
                        while (segment < n - 2 && x[segment + 1] <= i)
                        {
                            segment++;
                        }

                        values[i] = Evaluate(x, y, s, segment, i);
                        filled++;
                    }
                    else
                    {
                        values[i] = double.NaN;
                    }
                }

                i--; // the for loop's i++ moves past the run
            }

            return filled;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    private static bool IsMissing(double v) => double.IsNaN(v) || v == 0;

    // Hermite form of the cubic on [x[k], x[k+1]], extended beyond the ends for extrapolation.
    private static double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> s, int k, double t)
    {
        double dx = x[k + 1] - x[k];
        double slope = (y[k + 1] - y[k]) / dx;
        double c2 = ((3.0 * slope) - (2.0 * s[k]) - s[k + 1]) / dx;
        double c3 = (s[k] + s[k + 1] - (2.0 * slope)) / (dx * dx);
        double h = t - x[k];
        return y[k] + (h * (s[k] + (h * (c2 + (h * c3)))));
    }

    // First derivatives at the knots of the not-a-knot cubic spline (the tridiagonal system of scipy's
    // CubicSpline, solved by the Thomas algorithm).
    private static double Step(ReadOnlySpan<double> x, int i) => x[i + 1] - x[i];

    private static double Secant(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int i) => (y[i + 1] - y[i]) / (x[i + 1] - x[i]);

    private static void NotAKnotSlopes(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> s, Span<double> upper, Span<double> rhs)
    {
        int n = x.Length;

        // Row 0: dx1·s0 + (x2 − x0)·s1 = ((dx0 + 2(x2 − x0))·dx1·m0 + dx0²·m1) / (x2 − x0)
        double d0 = x[2] - x[0];
        double diag = Step(x, 1);
        upper[0] = d0;
        rhs[0] = ((((Step(x, 0) + (2.0 * d0)) * Step(x, 1) * Secant(x, y, 0)) + (Step(x, 0) * Step(x, 0) * Secant(x, y, 1))) / d0);
        upper[0] /= diag;
        rhs[0] /= diag;

        for (int i = 1; i < n; i++)
        {
            double lower, b, c, r;
            if (i < n - 1)
            {
                lower = Step(x, i);
                b = 2.0 * (Step(x, i - 1) + Step(x, i));
                c = Step(x, i - 1);
                r = 3.0 * ((Step(x, i) * Secant(x, y, i - 1)) + (Step(x, i - 1) * Secant(x, y, i)));
            }
            else
            {
                // Last row: (x[n−1] − x[n−3])·s[n−2] + dx[n−3]·s[n−1], mirror image of row 0.
                double dn = x[n - 1] - x[n - 3];
                lower = dn;
                b = Step(x, n - 3);
                c = 0;
                r = ((Step(x, n - 2) * Step(x, n - 2) * Secant(x, y, n - 3)) + (((2.0 * dn) + Step(x, n - 2)) * Step(x, n - 3) * Secant(x, y, n - 2))) / dn;
            }

            double m = b - (lower * upper[i - 1]);
            upper[i] = c / m;
            rhs[i] = (r - (lower * rhs[i - 1])) / m;
        }

        s[n - 1] = rhs[n - 1];
        for (int i = n - 2; i >= 0; i--)
        {
            s[i] = rhs[i] - (upper[i] * s[i + 1]);
        }
    }
}
