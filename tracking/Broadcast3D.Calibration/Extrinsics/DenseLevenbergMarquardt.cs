namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>
/// Levenberg–Marquardt for small least-squares problems (tens of unknowns): forward-difference Jacobian, dense
/// normal equations, Marquardt's diagonal damping. Stateless, thread-safe.
/// </summary>
internal static class DenseLevenbergMarquardt
{
    /// <summary>Minimises |f(x)|² from <paramref name="x"/> (updated in place); returns the final sum of squares.</summary>
    /// <param name="residuals">Writes f(x) into its second argument (always the same length).</param>
    /// <param name="x">Start, and on return the solution.</param>
    /// <param name="count">Number of residuals.</param>
    /// <param name="maxIterations">Most iterations.</param>
    public static double Minimise(Action<double[], double[]> residuals, double[] x, int count, int maxIterations)
    {
        int n = x.Length;
        var r = new double[count];
        var shifted = new double[count];
        var jacobian = new double[count * n];
        var h = new double[n * n];
        var g = new double[n];
        var step = new double[n];
        var trial = new double[n];
        residuals(x, r);
        double cost = SumOfSquares(r);
        double lambda = 1e-3;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            for (int j = 0; j < n; j++)
            {
                double delta = 1e-7 * Math.Max(1, Math.Abs(x[j]));
                Array.Copy(x, trial, n);
                trial[j] += delta;
                residuals(trial, shifted);
                for (int i = 0; i < count; i++)
                {
                    jacobian[(i * n) + j] = (shifted[i] - r[i]) / delta;
                }
            }

            Array.Clear(h);
            Array.Clear(g);
            for (int i = 0; i < count; i++)
            {
                for (int a = 0; a < n; a++)
                {
                    double ja = jacobian[(i * n) + a];
                    if (ja == 0)
                    {
                        continue;
                    }

                    g[a] -= ja * r[i];
                    for (int b = 0; b < n; b++)
                    {
                        h[(a * n) + b] += ja * jacobian[(i * n) + b];
                    }
                }
            }

            bool improved = false;
            while (lambda < 1e12)
            {
                var damped = (double[])h.Clone();
                for (int d = 0; d < n; d++)
                {
                    damped[(d * n) + d] = (damped[(d * n) + d] * (1 + lambda)) + 1e-12;
                }

                if (DenseSolver.SolveSymmetric(damped, g, step, n))
                {
                    for (int j = 0; j < n; j++)
                    {
                        trial[j] = x[j] + step[j];
                    }

                    residuals(trial, shifted);
                    double next = SumOfSquares(shifted);
                    if (next < cost)
                    {
                        bool converged = cost - next < 1e-12 * cost;
                        Array.Copy(trial, x, n);
                        Array.Copy(shifted, r, count);
                        cost = next;
                        lambda = Math.Max(lambda / 10, 1e-9);
                        improved = !converged;
                        break;
                    }
                }

                lambda *= 10;
            }

            if (!improved)
            {
                break;
            }
        }

        return cost;
    }

    private static double SumOfSquares(double[] r)
    {
        double sum = 0;
        foreach (double v in r)
        {
            sum += v * v;
        }

        return sum;
    }
}
