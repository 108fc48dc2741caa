namespace Broadcast3D.Core.Cameras;

/// <summary>
/// OpenCV's pinhole lens distortion (Brown–Conrady): radial k1, k2[, k3] and tangential p1, p2, applied to
/// normalised image coordinates (see OpenCV "Camera Calibration and 3D Reconstruction", <c>projectPoints</c>).
/// <see cref="CoefficientCount"/> records whether the source had 4 (k1,k2,p1,p2) or 5 (…,k3) values so that a
/// calibration is written back as it was read. <see cref="IsFisheye"/> is recorded from the calibration file only:
/// fisheye (Kannala–Brandt) projection is not implemented and <see cref="Camera"/> refuses it. Immutable.
/// </summary>
public sealed record LensDistortion(double K1, double K2, double P1, double P2, double K3, int CoefficientCount, bool IsFisheye)
{
    /// <summary>No distortion, four coefficients, not fisheye.</summary>
    public static LensDistortion None { get; } = new(0, 0, 0, 0, 0, 4, false);

    /// <summary>True when every coefficient is zero.</summary>
    public bool IsZero => K1 == 0 && K2 == 0 && P1 == 0 && P2 == 0 && K3 == 0;

    /// <summary>
    /// Builds from the OpenCV coefficient order <c>[k1, k2, p1, p2(, k3)]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Not 4 or 5 values, or a value that is not finite.</exception>
    public static LensDistortion FromOpenCv(ReadOnlySpan<double> coefficients, bool isFisheye)
    {
        if (coefficients.Length is not (4 or 5))
        {
            throw new ArgumentException(
                $"OpenCV distortion needs 4 (k1,k2,p1,p2) or 5 (k1,k2,p1,p2,k3) coefficients, got {coefficients.Length}.",
                nameof(coefficients));
        }

        foreach (double value in coefficients)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"Distortion coefficient {value} is not finite.", nameof(coefficients));
            }
        }

        double k3 = coefficients.Length == 5 ? coefficients[4] : 0.0;
        return new LensDistortion(coefficients[0], coefficients[1], coefficients[2], coefficients[3], k3, coefficients.Length, isFisheye);
    }

    /// <summary>The coefficients in OpenCV order, <see cref="CoefficientCount"/> of them.</summary>
    public double[] ToOpenCv() => CoefficientCount == 5 ? [K1, K2, P1, P2, K3] : [K1, K2, P1, P2];

    /// <summary>Distorts normalised coordinates (x/z, y/z) with OpenCV's forward model.</summary>
    public (double X, double Y) Distort(double x, double y)
    {
        double r2 = (x * x) + (y * y);
        double radial = 1.0 + (r2 * (K1 + (r2 * (K2 + (r2 * K3)))));
        double xd = (x * radial) + (2.0 * P1 * x * y) + (P2 * (r2 + (2.0 * x * x)));
        double yd = (y * radial) + (P1 * (r2 + (2.0 * y * y))) + (2.0 * P2 * x * y);
        return (xd, yd);
    }

    /// <summary>
    /// Inverts <see cref="Distort"/> by the fixed-point iteration OpenCV's <c>undistortPoints</c> uses, run until
    /// the step is below <paramref name="tolerance"/> (normalised units) or <paramref name="maxIterations"/> steps.
    /// OpenCV stops after 5 steps by default; more steps only bring the result closer to the exact inverse.
    /// </summary>
    public (double X, double Y) Undistort(double xd, double yd, int maxIterations = 20, double tolerance = 1e-14)
    {
        double x = xd, y = yd;
        for (int i = 0; i < maxIterations; i++)
        {
            double r2 = (x * x) + (y * y);
            double inverseRadial = 1.0 / (1.0 + (r2 * (K1 + (r2 * (K2 + (r2 * K3))))));
            double dx = (2.0 * P1 * x * y) + (P2 * (r2 + (2.0 * x * x)));
            double dy = (P1 * (r2 + (2.0 * y * y))) + (2.0 * P2 * x * y);
            double nx = (xd - dx) * inverseRadial;
            double ny = (yd - dy) * inverseRadial;
            double step = Math.Abs(nx - x) + Math.Abs(ny - y);
            x = nx;
            y = ny;
            if (step < tolerance)
            {
                break;
            }
        }

        return (x, y);
    }
}
