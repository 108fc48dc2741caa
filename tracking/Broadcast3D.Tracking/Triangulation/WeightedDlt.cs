namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// The likelihood-weighted direct linear transform of Pose2Sim's <c>weighted_triangulation</c> (common.py): for
/// each camera two rows (P₀ − x·P₂)·c and (P₁ − y·P₂)·c; the point is the right-singular vector of the smallest
/// singular value, dehomogenised. Instead of forming AᵀA (which squares the condition number) the rows are folded
/// into a 4×4 triangular factor R with Givens rotations (A = Q·R, so A and R share right-singular vectors) and R
/// is diagonalised by a one-sided Jacobi SVD (Hestenes 1958; Demmel &amp; Veselić 1992), both backward stable like
/// LAPACK's SVD that numpy calls. Allocation-free; the struct is scratch for one solve at a time (not thread-safe).
/// </summary>
public struct WeightedDlt
{
    // Jacobi stops when every column pair is orthogonal to this relative level (a few ulps, as LAPACK's dgesvj).
    private const double OrthogonalityTolerance = 1e-15;

    // A 4×4 one-sided Jacobi converges quadratically in well under 10 sweeps; 30 is a safety cap.
    private const int MaxSweeps = 30;

    private R4 _r;
    private int _rows;

    /// <summary>Starts a new system (forgets earlier rows).</summary>
    public void Reset()
    {
        _r = default;
        _rows = 0;
    }

    /// <summary>Number of rows added since <see cref="Reset"/>.</summary>
    public readonly int RowCount => _rows;

    /// <summary>
    /// Adds camera rows for observation (x, y) pixels with weight <paramref name="likelihood"/>, from the camera's
    /// projection matrix <paramref name="p"/> (3×4 row-major, 12 doubles).
    /// </summary>
    public void AddObservation(ReadOnlySpan<double> p, double x, double y, double likelihood)
    {
        AddRow(
            (p[0] - (x * p[8])) * likelihood, (p[1] - (x * p[9])) * likelihood,
            (p[2] - (x * p[10])) * likelihood, (p[3] - (x * p[11])) * likelihood);
        AddRow(
            (p[4] - (y * p[8])) * likelihood, (p[5] - (y * p[9])) * likelihood,
            (p[6] - (y * p[10])) * likelihood, (p[7] - (y * p[11])) * likelihood);
    }

    /// <summary>
    /// Solves for the point. Returns false (and NaN) with fewer than 4 rows (Pose2Sim's rule: two cameras at
    /// least) or when the null vector is at infinity (homogeneous w = 0).
    /// </summary>
    public bool TrySolve(out double x, out double y, out double z)
    {
        if (_rows < 4)
        {
            x = y = z = double.NaN;
            return false;
        }

        R4 a = _r;
        R4 v = default;
        v[0] = v[5] = v[10] = v[15] = 1.0;

        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int i = 0; i < 3; i++)
            {
                for (int j = i + 1; j < 4; j++)
                {
                    rotated |= Rotate(ref a, ref v, i, j);
                }
            }

            if (!rotated)
            {
                break;
            }
        }

        // Smallest column norm of A·V = smallest singular value; the first minimum wins, as in an ordered SVD.
        int best = 0;
        double bestNorm = double.PositiveInfinity;
        for (int k = 0; k < 4; k++)
        {
            double norm = (a[k] * a[k]) + (a[4 + k] * a[4 + k]) + (a[8 + k] * a[8 + k]) + (a[12 + k] * a[12 + k]);
            if (norm < bestNorm)
            {
                bestNorm = norm;
                best = k;
            }
        }

        double w = v[12 + best];
        x = v[best] / w;
        y = v[4 + best] / w;
        z = v[8 + best] / w;
        return w != 0 && double.IsFinite(x) && double.IsFinite(y) && double.IsFinite(z);
    }

    // Folds one row into the upper-triangular R by Givens rotations against R's rows 0..3.
    private void AddRow(double r0, double r1, double r2, double r3)
    {
        _rows++;
        Span<double> row = [r0, r1, r2, r3];
        for (int k = 0; k < 4; k++)
        {
            double top = _r[(k * 4) + k];
            double low = row[k];
            if (low == 0)
            {
                continue;
            }

            double radius = Hypot(top, low);
            double c = top / radius, s = low / radius;
            for (int col = k; col < 4; col++)
            {
                double t = _r[(k * 4) + col];
                double l = row[col];
                _r[(k * 4) + col] = (c * t) + (s * l);
                row[col] = (c * l) - (s * t);
            }
        }
    }

    // One Hestenes rotation of columns i and j of a (and of v); false when they are already orthogonal.
    private static bool Rotate(ref R4 a, ref R4 v, int i, int j)
    {
        double alpha = 0, beta = 0, gamma = 0;
        for (int row = 0; row < 4; row++)
        {
            double ai = a[(row * 4) + i], aj = a[(row * 4) + j];
            alpha += ai * ai;
            beta += aj * aj;
            gamma += ai * aj;
        }

        if (gamma == 0 || Math.Abs(gamma) <= OrthogonalityTolerance * Math.Sqrt(alpha * beta))
        {
            return false;
        }

        double zeta = (beta - alpha) / (2.0 * gamma);
        double t = Math.Sign(zeta) / (Math.Abs(zeta) + Math.Sqrt(1.0 + (zeta * zeta)));
        if (zeta == 0)
        {
            t = 1.0;
        }

        double c = 1.0 / Math.Sqrt(1.0 + (t * t));
        double s = c * t;
        for (int row = 0; row < 4; row++)
        {
            double ai = a[(row * 4) + i], aj = a[(row * 4) + j];
            a[(row * 4) + i] = (c * ai) - (s * aj);
            a[(row * 4) + j] = (s * ai) + (c * aj);
            double vi = v[(row * 4) + i], vj = v[(row * 4) + j];
            v[(row * 4) + i] = (c * vi) - (s * vj);
            v[(row * 4) + j] = (s * vi) + (c * vj);
        }

        return true;
    }

    // Overflow-safe √(a² + b²); the values here are pixels × metres, far from overflow, but the scaling is cheap.
    private static double Hypot(double a, double b)
    {
        double absA = Math.Abs(a), absB = Math.Abs(b);
        double big = Math.Max(absA, absB), small = Math.Min(absA, absB);
        double ratio = small / big;
        return big * Math.Sqrt(1.0 + (ratio * ratio));
    }

    /// <summary>A 4×4 row-major matrix held inline (no heap).</summary>
    [System.Runtime.CompilerServices.InlineArray(16)]
    private struct R4
    {
        private double _element0;
    }
}
