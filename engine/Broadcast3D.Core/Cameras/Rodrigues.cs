namespace Broadcast3D.Core.Cameras;

/// <summary>
/// Conversions between a rotation vector (axis × angle, radians) and a rotation matrix, with the same formulas
/// and special cases as OpenCV's <c>cv::Rodrigues</c> (calib3d), so calibrations written by OpenCV-based tools
/// (anipose, Pose2Sim) round-trip to the last bits. Pure functions, thread-safe.
/// </summary>
public static class Rodrigues
{
    // OpenCV treats |r| below DBL_EPSILON as the identity rotation.
    private const double ZeroAngle = 2.220446049250313e-16;

    // OpenCV's threshold on sin(θ) below which the axis is recovered from the diagonal (θ ≈ 0 or π).
    private const double SmallSine = 1e-5;

    /// <summary>Rotation matrix of the rotation vector <paramref name="r"/> (radians).</summary>
    public static Matrix3d ToMatrix(Vector3d r)
    {
        double theta = r.Length;
        if (theta < ZeroAngle)
        {
            return Matrix3d.Identity;
        }

        double c = Math.Cos(theta);
        double s = Math.Sin(theta);
        double c1 = 1.0 - c;
        double inverseTheta = 1.0 / theta;
        double x = r.X * inverseTheta, y = r.Y * inverseTheta, z = r.Z * inverseTheta;

        // R = cos θ·I + (1 − cos θ)·r·rᵀ + sin θ·[r]ₓ, with OpenCV's products and term order.
        return new Matrix3d(
            c + (c1 * (x * x)), (c1 * (x * y)) - (s * z), (c1 * (x * z)) + (s * y),
            (c1 * (x * y)) + (s * z), c + (c1 * (y * y)), (c1 * (y * z)) - (s * x),
            (c1 * (x * z)) - (s * y), (c1 * (y * z)) + (s * x), c + (c1 * (z * z)));
    }

    /// <summary>
    /// Rotation vector (radians, angle in [0, π]) of the rotation matrix <paramref name="m"/>. The matrix must be
    /// orthonormal to rounding: unlike OpenCV it is not re-orthogonalised by an SVD first, which changes results
    /// only at the 1e-16 level for matrices that are rotations to double precision.
    /// </summary>
    public static Vector3d FromMatrix(Matrix3d m)
    {
        double rx = m.M21 - m.M12, ry = m.M02 - m.M20, rz = m.M10 - m.M01;
        double s = Math.Sqrt(((rx * rx) + (ry * ry) + (rz * rz)) * 0.25);
        double c = Math.Clamp((m.M00 + m.M11 + m.M22 - 1.0) * 0.5, -1.0, 1.0);
        double theta = Math.Acos(c);

        if (s >= SmallSine)
        {
            double vth = theta / (2.0 * s);
            return new Vector3d(rx * vth, ry * vth, rz * vth);
        }

        if (c > 0)
        {
            return default;
        }

        // θ ≈ π: the axis comes from the diagonal, signs from the off-diagonal terms (OpenCV's rule).
        double ax = Math.Sqrt(Math.Max((m.M00 + 1.0) * 0.5, 0.0));
        double ay = Math.Sqrt(Math.Max((m.M11 + 1.0) * 0.5, 0.0)) * (m.M01 < 0 ? -1.0 : 1.0);
        double az = Math.Sqrt(Math.Max((m.M22 + 1.0) * 0.5, 0.0)) * (m.M02 < 0 ? -1.0 : 1.0);
        if (Math.Abs(ax) < Math.Abs(ay) && Math.Abs(ax) < Math.Abs(az) && (m.M12 > 0) != (ay * az > 0))
        {
            az = -az;
        }

        double scale = theta / Math.Sqrt((ax * ax) + (ay * ay) + (az * az));
        return new Vector3d(ax * scale, ay * scale, az * scale);
    }
}
