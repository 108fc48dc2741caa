using System.Numerics;
using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// The likelihood-weighted direct linear transform of Pose2Sim's <c>weighted_triangulation</c> (common.py): for
/// each camera two rows (P₀ − x·P₂)·c and (P₁ − y·P₂)·c; the point is the right-singular vector of the smallest
/// singular value, dehomogenised. Instead of forming AᵀA (which squares the condition number) the rows are folded
/// into a 4×4 triangular factor R with Givens rotations (A = Q·R, so A and R share right-singular vectors) and R
/// is diagonalised by a one-sided Jacobi SVD (Hestenes 1958; Demmel &amp; Veselić 1992), both backward stable like
/// LAPACK's SVD that numpy calls.
/// The same static methods run on the CPU (<see cref="Triangulator"/>) and inside the ILGPU kernel
/// (<c>Accelerators.TriangulationKernels</c>), so they stay within what ILGPU compiles: no allocation, no managed
/// objects, no exceptions, no recursion. All state lives in the caller's scratch of <see cref="ScratchLength"/>
/// elements (R, then V, then the row being folded); one solve per scratch at a time.
/// The maths is generic over the element type <c>T</c> (double for the reference and the default kernel, float for
/// GPUs without fast double): the same statements compile to either precision, and a double instantiation is
/// the same arithmetic as before. ILGPU compiles the operators of <see cref="IFloatingPointIeee754{TSelf}"/>, but
/// not its conversions (<c>CreateTruncating</c> tests types at run time), so every constant that depends on the
/// precision comes in from the host (<see cref="TriangulationParameters{T}"/>) and the literals are built from
/// <c>T.One</c>.
/// </summary>
public static class WeightedDlt
{
    /// <summary>Elements of scratch one solve needs: R (16), V (16), the row being folded (4).</summary>
    public const int ScratchLength = 36;

    private const int RBase = 0, VBase = 16, RowBase = 32;

    /// <summary>
    /// Jacobi stops when every column pair is orthogonal to this relative level: a few ulps, as LAPACK's dgesvj
    /// (1e-15 in double, the value the reference has always used, 4.5 ulps of 1).
    /// </summary>
    public const double DoubleOrthogonalityTolerance = 1e-15;

    // A 4×4 one-sided Jacobi converges quadratically in well under 10 sweeps; 30 is a safety cap.
    private const int MaxSweeps = 30;

    /// <summary>Starts a new system in <paramref name="scratch"/> (forgets earlier rows).</summary>
    public static void Reset<T, TScratch>(ref TScratch scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TScratch : struct, IWritableElements<T>, allows ref struct
    {
        for (int i = 0; i < 16; i++)
        {
            scratch[RBase + i] = T.Zero;
        }
    }

    /// <summary>
    /// Adds the two rows of observation (x, y) pixels with weight <paramref name="likelihood"/>, from the camera's
    /// projection matrix at <paramref name="p"/>[<paramref name="offset"/>, +12) (3×4 row-major).
    /// </summary>
    public static void AddObservation<T, TProjections, TScratch>(ref TScratch scratch, in TProjections p, int offset, T x, T y, T likelihood)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TProjections : struct, IReadOnlyElements<T>, allows ref struct
        where TScratch : struct, IWritableElements<T>, allows ref struct
    {
        T p8 = p[offset + 8], p9 = p[offset + 9], p10 = p[offset + 10], p11 = p[offset + 11];
        AddRow<T, TScratch>(
            ref scratch,
            (p[offset] - (x * p8)) * likelihood, (p[offset + 1] - (x * p9)) * likelihood,
            (p[offset + 2] - (x * p10)) * likelihood, (p[offset + 3] - (x * p11)) * likelihood);
        AddRow<T, TScratch>(
            ref scratch,
            (p[offset + 4] - (y * p8)) * likelihood, (p[offset + 5] - (y * p9)) * likelihood,
            (p[offset + 6] - (y * p10)) * likelihood, (p[offset + 7] - (y * p11)) * likelihood);
    }

    /// <summary>
    /// Solves for the point from the <paramref name="rows"/> rows added since <see cref="Reset"/> (two per
    /// camera). Returns false (and NaN) with fewer than 4 rows (Pose2Sim's rule: two cameras at least) or when the
    /// null vector is at infinity (homogeneous w = 0). Overwrites the scratch. <paramref name="orthogonalityTolerance"/>
    /// is the Jacobi stopping level for <typeparamref name="T"/> (<see cref="TriangulationParameters{T}.OrthogonalityTolerance"/>).
    /// </summary>
    public static bool TrySolve<T, TScratch>(ref TScratch scratch, int rows, T orthogonalityTolerance, out T x, out T y, out T z)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TScratch : struct, IWritableElements<T>, allows ref struct
    {
        if (rows < 4)
        {
            x = y = z = T.NaN;
            return false;
        }

        // Jacobi works on R in place (it is rebuilt for every configuration) and accumulates V = I·rotations.
        for (int i = 0; i < 16; i++)
        {
            scratch[VBase + i] = (i % 5) == 0 ? T.One : T.Zero;
        }

        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int i = 0; i < 3; i++)
            {
                for (int j = i + 1; j < 4; j++)
                {
                    rotated |= Rotate<T, TScratch>(ref scratch, i, j, orthogonalityTolerance);
                }
            }

            if (!rotated)
            {
                break;
            }
        }

        // Smallest column norm of A·V = smallest singular value; the first minimum wins, as in an ordered SVD.
        int best = 0;
        T bestNorm = T.PositiveInfinity;
        for (int k = 0; k < 4; k++)
        {
            T a0 = scratch[RBase + k], a1 = scratch[RBase + 4 + k], a2 = scratch[RBase + 8 + k], a3 = scratch[RBase + 12 + k];
            T norm = (a0 * a0) + (a1 * a1) + (a2 * a2) + (a3 * a3);
            if (norm < bestNorm)
            {
                bestNorm = norm;
                best = k;
            }
        }

        T w = scratch[VBase + 12 + best];
        x = scratch[VBase + best] / w;
        y = scratch[VBase + 4 + best] / w;
        z = scratch[VBase + 8 + best] / w;
        return w != T.Zero && T.IsFinite(x) && T.IsFinite(y) && T.IsFinite(z);
    }

    // Folds one row into the upper-triangular R by Givens rotations against R's rows 0..3.
    private static void AddRow<T, TScratch>(ref TScratch scratch, T r0, T r1, T r2, T r3)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TScratch : struct, IWritableElements<T>, allows ref struct
    {
        scratch[RowBase] = r0;
        scratch[RowBase + 1] = r1;
        scratch[RowBase + 2] = r2;
        scratch[RowBase + 3] = r3;
        for (int k = 0; k < 4; k++)
        {
            T top = scratch[RBase + (k * 4) + k];
            T low = scratch[RowBase + k];
            if (low == T.Zero)
            {
                continue;
            }

            T radius = Hypot(top, low);
            T c = top / radius, s = low / radius;
            for (int col = k; col < 4; col++)
            {
                T t = scratch[RBase + (k * 4) + col];
                T l = scratch[RowBase + col];
                scratch[RBase + (k * 4) + col] = (c * t) + (s * l);
                scratch[RowBase + col] = (c * l) - (s * t);
            }
        }
    }

    // One Hestenes rotation of columns i and j of R (and of V); false when they are already orthogonal.
    private static bool Rotate<T, TScratch>(ref TScratch scratch, int i, int j, T orthogonalityTolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TScratch : struct, IWritableElements<T>, allows ref struct
    {
        T alpha = T.Zero, beta = T.Zero, gamma = T.Zero;
        for (int row = 0; row < 4; row++)
        {
            T ai = scratch[RBase + (row * 4) + i], aj = scratch[RBase + (row * 4) + j];
            alpha += ai * ai;
            beta += aj * aj;
            gamma += ai * aj;
        }

        if (gamma == T.Zero || T.Abs(gamma) <= orthogonalityTolerance * T.Sqrt(alpha * beta))
        {
            return false;
        }

        T one = T.One;
        T zeta = (beta - alpha) / ((one + one) * gamma);

        // sign(ζ)/(|ζ| + √(1 + ζ²)), with t = 1 at ζ = 0; written without Math.Sign, which throws on NaN and so
        // cannot compile into a kernel.
        T t = zeta == T.Zero ? one : (zeta < T.Zero ? -one : one) / (T.Abs(zeta) + T.Sqrt(one + (zeta * zeta)));
        T c = one / T.Sqrt(one + (t * t));
        T s = c * t;
        for (int row = 0; row < 4; row++)
        {
            int ri = RBase + (row * 4) + i, rj = RBase + (row * 4) + j;
            T ai = scratch[ri], aj = scratch[rj];
            scratch[ri] = (c * ai) - (s * aj);
            scratch[rj] = (s * ai) + (c * aj);
            int vi = VBase + (row * 4) + i, vj = VBase + (row * 4) + j;
            T v0 = scratch[vi], v1 = scratch[vj];
            scratch[vi] = (c * v0) - (s * v1);
            scratch[vj] = (s * v0) + (c * v1);
        }

        return true;
    }

    // Overflow-safe √(a² + b²); the values here are pixels × metres, far from overflow, but the scaling is cheap.
    private static T Hypot<T>(T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T absA = T.Abs(a), absB = T.Abs(b);
        T big = T.Max(absA, absB), small = T.Min(absA, absB);
        T ratio = small / big;
        return big * T.Sqrt(T.One + (ratio * ratio));
    }
}
