using Broadcast3D.Core.Cameras;
using OpenCvSharp;

namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>
/// A similarity transform y = s·R·x + t, fitted by Umeyama's least squares (IEEE PAMI 13(4), 1991) to point pairs:
/// how two calibrations of the same cameras compare when their world frames differ. Immutable.
/// </summary>
public sealed record Similarity(double Scale, Matrix3d Rotation, Vector3d Translation)
{
    /// <summary>Applies the transform to a point.</summary>
    public Vector3d Apply(Vector3d x) => (Scale * (Rotation * x)) + Translation;

    /// <summary>The similarity taking <paramref name="from"/> onto <paramref name="to"/> (3 or more pairs, not collinear).</summary>
    /// <exception cref="ArgumentException">Fewer than 3 pairs or different counts.</exception>
    public static Similarity Fit(IReadOnlyList<Vector3d> from, IReadOnlyList<Vector3d> to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Count != to.Count || from.Count < 3)
        {
            throw new ArgumentException($"a similarity needs 3 or more point pairs, got {from.Count} and {to.Count}", nameof(from));
        }

        int n = from.Count;
        Vector3d mx = default, my = default;
        for (int i = 0; i < n; i++)
        {
            mx += from[i];
            my += to[i];
        }

        mx = (1.0 / n) * mx;
        my = (1.0 / n) * my;
        double[,] sigma = new double[3, 3];
        double varianceX = 0;
        for (int i = 0; i < n; i++)
        {
            Vector3d dx = from[i] - mx, dy = to[i] - my;
            double[] a = [dy.X, dy.Y, dy.Z], b = [dx.X, dx.Y, dx.Z];
            for (int r = 0; r < 3; r++)
            {
                for (int c = 0; c < 3; c++)
                {
                    sigma[r, c] += a[r] * b[c] / n;
                }
            }

            varianceX += Vector3d.Dot(dx, dx) / n;
        }

        using var s = Mat.FromArray(sigma);
        using var w = new Mat();
        using var u = new Mat();
        using var vt = new Mat();
        Cv2.SVDecomp(s, w, u, vt);
        double det = Determinant(u) * Determinant(vt);
        double[] d = [1, 1, det < 0 ? -1 : 1];
        var rotation = new double[3, 3];
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int k = 0; k < 3; k++)
                {
                    rotation[r, c] += u.At<double>(r, k) * d[k] * vt.At<double>(k, c);
                }
            }
        }

        double trace = (w.At<double>(0) * d[0]) + (w.At<double>(1) * d[1]) + (w.At<double>(2) * d[2]);
        double scale = trace / varianceX;
        var rm = new Matrix3d(rotation[0, 0], rotation[0, 1], rotation[0, 2], rotation[1, 0], rotation[1, 1], rotation[1, 2], rotation[2, 0], rotation[2, 1], rotation[2, 2]);
        return new Similarity(scale, rm, my - (scale * (rm * mx)));
    }

    private static double Determinant(Mat m) =>
        (m.At<double>(0, 0) * ((m.At<double>(1, 1) * m.At<double>(2, 2)) - (m.At<double>(1, 2) * m.At<double>(2, 1))))
        - (m.At<double>(0, 1) * ((m.At<double>(1, 0) * m.At<double>(2, 2)) - (m.At<double>(1, 2) * m.At<double>(2, 0))))
        + (m.At<double>(0, 2) * ((m.At<double>(1, 0) * m.At<double>(2, 1)) - (m.At<double>(1, 1) * m.At<double>(2, 0))));
}
