using Broadcast3D.Core.Cameras;
using OpenCvSharp;

namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>One camera's pose from known 3D points and their undistorted pixels (OpenCV). Stateless, thread-safe.</summary>
internal static class Pnp
{
    /// <summary>
    /// SQPnP (a global solution, planar or not, from 3 points up), then OpenCV's iterative (Levenberg–Marquardt) refinement of the
    /// reprojection error. Returns world→camera R and t.
    /// </summary>
    public static (Matrix3d Rotation, Vector3d Translation) Solve(Matrix3d k, IReadOnlyList<Vector3d> world, IReadOnlyList<(double U, double V)> pixels)
    {
        double[,] kArray = { { k.M00, k.M01, k.M02 }, { k.M10, k.M11, k.M12 }, { 0, 0, 1 } };
        using var objectPoints = Mat.FromArray([.. world.Select(p => new Point3d(p.X, p.Y, p.Z))]);
        using var imagePoints = Mat.FromArray([.. pixels.Select(p => new Point2d(p.U, p.V))]);
        using var kMat = Mat.FromArray(kArray);
        using var distortion = new Mat();
        using var rvec = new Mat();
        using var tvec = new Mat();
        Cv2.SolvePnP(objectPoints, imagePoints, kMat, distortion, rvec, tvec, false, SolvePnPMethod.SQPNP);
        Cv2.SolvePnP(objectPoints, imagePoints, kMat, distortion, rvec, tvec, true, SolvePnPMethod.Iterative);
        return (Rodrigues.ToMatrix(new Vector3d(rvec.At<double>(0), rvec.At<double>(1), rvec.At<double>(2))),
            new Vector3d(tvec.At<double>(0), tvec.At<double>(1), tvec.At<double>(2)));
    }

    /// <summary>
    /// True when the points span less than a line's worth of space: every point lies within 1 % of the largest
    /// pairwise distance from the line through the two farthest points (they fix no pose about that line).
    /// </summary>
    public static bool Collinear(IReadOnlyList<Vector3d> points)
    {
        double best = 0;
        int a = 0, b = 0;
        for (int i = 0; i < points.Count; i++)
        {
            for (int j = i + 1; j < points.Count; j++)
            {
                double d = (points[i] - points[j]).Length;
                if (d > best)
                {
                    (best, a, b) = (d, i, j);
                }
            }
        }

        if (best == 0)
        {
            return true;
        }

        Vector3d axis = (1 / best) * (points[b] - points[a]);
        foreach (Vector3d p in points)
        {
            Vector3d d = p - points[a];
            Vector3d off = d - (Vector3d.Dot(d, axis) * axis);
            if (off.Length > 0.01 * best)
            {
                return false;
            }
        }

        return true;
    }
}
