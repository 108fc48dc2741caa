namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>Small dense linear algebra for the calibration solvers. Stateless, thread-safe.</summary>
internal static class DenseSolver
{
    /// <summary>
    /// Solves A·x = b for a symmetric positive definite A (n × n, row-major) by Cholesky decomposition; A and b are
    /// left unchanged. False when A is not positive definite (the caller then damps more).
    /// </summary>
    public static bool SolveSymmetric(double[] a, double[] b, double[] x, int n)
    {
        var l = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = a[(i * n) + j];
                for (int k = 0; k < j; k++)
                {
                    sum -= l[(i * n) + k] * l[(j * n) + k];
                }

                if (i == j)
                {
                    if (!(sum > 0))
                    {
                        return false;
                    }

                    l[(i * n) + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[(i * n) + j] = sum / l[(j * n) + j];
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++)
            {
                sum -= l[(i * n) + k] * x[k];
            }

            x[i] = sum / l[(i * n) + i];
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double sum = x[i];
            for (int k = i + 1; k < n; k++)
            {
                sum -= l[(k * n) + i] * x[k];
            }

            x[i] = sum / l[(i * n) + i];
        }

        return true;
    }
}
