using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>Rotation helpers for skeleton fitting (double precision, right-handed, column vectors). Stateless and thread-safe.</summary>
public static class Rotations
{
    /// <summary>Cross product a × b.</summary>
    public static Vector3d Cross(Vector3d a, Vector3d b) => new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    /// <summary>The smallest rotation turning direction <paramref name="from"/> onto direction <paramref name="to"/> (any lengths &gt; 0).</summary>
    public static Matrix3d Aim(Vector3d from, Vector3d to)
    {
        Vector3d u = (1 / from.Length) * from, v = (1 / to.Length) * to;
        Vector3d axis = Cross(u, v);
        double sine = axis.Length, cosine = Vector3d.Dot(u, v);
        if (sine < 1e-12)
        {
            if (cosine > 0)
            {
                return Matrix3d.Identity;
            }

            // Opposite directions: half a turn about any axis perpendicular to u.
            Vector3d other = Math.Abs(u.X) < 0.9 ? new Vector3d(1, 0, 0) : new Vector3d(0, 1, 0);
            Vector3d perpendicular = Cross(u, other);
            return Rodrigues.ToMatrix((Math.PI / perpendicular.Length) * perpendicular);
        }

        return Rodrigues.ToMatrix((Math.Atan2(sine, cosine) / sine) * axis);
    }

    /// <summary>
    /// The rotation R minimising Σ |R·a_i − b_i|² (Horn's closed form: the unit quaternion is the eigenvector of the
    /// largest eigenvalue of a symmetric 4×4 built from Σ a_i b_iᵀ).
    /// </summary>
    public static Matrix3d BestFit(ReadOnlySpan<Vector3d> a, ReadOnlySpan<Vector3d> b)
    {
        double sxx = 0, sxy = 0, sxz = 0, syx = 0, syy = 0, syz = 0, szx = 0, szy = 0, szz = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sxx += a[i].X * b[i].X; sxy += a[i].X * b[i].Y; sxz += a[i].X * b[i].Z;
            syx += a[i].Y * b[i].X; syy += a[i].Y * b[i].Y; syz += a[i].Y * b[i].Z;
            szx += a[i].Z * b[i].X; szy += a[i].Z * b[i].Y; szz += a[i].Z * b[i].Z;
        }

        double[,] n =
        {
            { sxx + syy + szz, syz - szy, szx - sxz, sxy - syx },
            { syz - szy, sxx - syy - szz, sxy + syx, szx + sxz },
            { szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy },
            { sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz },
        };
        double[] q = LargestEigenvector(n);
        double w = q[0], x = q[1], y = q[2], z = q[3];
        return new Matrix3d(
            1 - (2 * ((y * y) + (z * z))), 2 * ((x * y) - (w * z)), 2 * ((x * z) + (w * y)),
            2 * ((x * y) + (w * z)), 1 - (2 * ((x * x) + (z * z))), 2 * ((y * z) - (w * x)),
            2 * ((x * z) - (w * y)), 2 * ((y * z) + (w * x)), 1 - (2 * ((x * x) + (y * y))));
    }

    /// <summary>Angles (degrees) of R = Rz(z)·Rx(x)·Ry(y), the BVH channel order <c>Zrotation Xrotation Yrotation</c>.</summary>
    public static (double Z, double X, double Y) ToEulerZxy(Matrix3d r)
    {
        double x = Math.Asin(Math.Clamp(r.M21, -1, 1));
        double z, y;
        if (Math.Abs(r.M21) < 1 - 1e-12)
        {
            y = Math.Atan2(-r.M20, r.M22);
            z = Math.Atan2(-r.M01, r.M11);
        }
        else
        {
            // Gimbal lock (x = ±90°): only z ± y is defined; put it all in z.
            y = 0;
            z = Math.Atan2(r.M10, r.M00);
        }

        const double deg = 180 / Math.PI;
        return (z * deg, x * deg, y * deg);
    }

    // Cyclic Jacobi rotations on a symmetric 4×4 until the off-diagonal vanishes; 4×4 converges in a few sweeps.
    private static double[] LargestEigenvector(double[,] a)
    {
        var v = new double[4, 4];
        for (int i = 0; i < 4; i++)
        {
            v[i, i] = 1;
        }

        for (int sweep = 0; sweep < 50; sweep++)
        {
            double off = 0;
            for (int p = 0; p < 3; p++)
            {
                for (int q = p + 1; q < 4; q++)
                {
                    off += a[p, q] * a[p, q];
                }
            }

            if (off < 1e-30)
            {
                break;
            }

            for (int p = 0; p < 3; p++)
            {
                for (int q = p + 1; q < 4; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300)
                    {
                        continue;
                    }

                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }

                    double c = 1 / Math.Sqrt((t * t) + 1), s = t * c;
                    for (int k = 0; k < 4; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = (c * akp) - (s * akq);
                        a[k, q] = (s * akp) + (c * akq);
                    }

                    for (int k = 0; k < 4; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = (c * apk) - (s * aqk);
                        a[q, k] = (s * apk) + (c * aqk);
                    }

                    for (int k = 0; k < 4; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = (c * vkp) - (s * vkq);
                        v[k, q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }

        int best = 0;
        for (int i = 1; i < 4; i++)
        {
            if (a[i, i] > a[best, best])
            {
                best = i;
            }
        }

        double norm = Math.Sqrt((v[0, best] * v[0, best]) + (v[1, best] * v[1, best]) + (v[2, best] * v[2, best]) + (v[3, best] * v[3, best]));
        return [v[0, best] / norm, v[1, best] / norm, v[2, best] / norm, v[3, best] / norm];
    }
}
