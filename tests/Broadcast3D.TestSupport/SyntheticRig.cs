using Broadcast3D.Core.Cameras;

namespace Broadcast3D.TestSupport;

/// <summary>
/// Calibrated rigs with known geometry for tests: N pinhole cameras on a circle around the origin (world Z up,
/// metres, like the Pose2Sim demo), all looking at a target point.
/// </summary>
public static class SyntheticRig
{
    /// <summary>A camera at <paramref name="position"/> looking at <paramref name="target"/> (Z up).</summary>
    public static Camera LookAt(string name, Vector3d position, Vector3d target, int width = 1920, int height = 1080,
        double focalPixels = 1400, LensDistortion? distortion = null)
    {
        Vector3d forward = Normalise(target - position);
        Vector3d right = Normalise(Cross(forward, new Vector3d(0, 0, 1)));
        Vector3d down = Cross(forward, right);
        // Rows of R are the camera axes (x right, y down, z forward) in world coordinates.
        var r = new Matrix3d(right.X, right.Y, right.Z, down.X, down.Y, down.Z, forward.X, forward.Y, forward.Z);
        Vector3d t = -(r * position);
        var k = new Matrix3d(focalPixels, 0, width / 2.0, 0, focalPixels, height / 2.0, 0, 0, 1);
        return new Camera(name, width, height, k, distortion ?? LensDistortion.None, Rodrigues.FromMatrix(r), t);
    }

    /// <summary><paramref name="count"/> cameras evenly spaced on a circle of <paramref name="radius"/> m at height 1.5 m.</summary>
    public static CameraRig Ring(int count, double radius = 6, double height = 1.5)
    {
        var cameras = new List<Camera>();
        for (int i = 0; i < count; i++)
        {
            double a = 2 * Math.PI * i / count;
            cameras.Add(LookAt($"cam{i + 1:00}", new Vector3d(radius * Math.Cos(a), radius * Math.Sin(a), height), new Vector3d(0, 0, 1)));
        }
        return new CameraRig(cameras);
    }

    /// <summary>A standard normal sample (Box–Muller), for pixel noise.</summary>
    public static double Gaussian(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
    }

    private static Vector3d Normalise(Vector3d v) => (1 / v.Length) * v;

    private static Vector3d Cross(Vector3d a, Vector3d b) =>
        new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));
}
