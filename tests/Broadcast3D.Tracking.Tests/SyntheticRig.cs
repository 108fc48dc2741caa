using Broadcast3D.Core.Cameras;
using CameraCalibration = Broadcast3D.Core.Cameras.Calibration;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// A ring of cameras 4 m from the origin at 1.5 m height, looking at (0, 0, 1) in a Z-up world, 1920×1080,
/// f = 1500 px; ground truth for synthetic triangulation tests.
/// </summary>
internal sealed class SyntheticRig
{
    public SyntheticRig(int cameras)
    {
        var list = new List<Camera>();
        for (int i = 0; i < cameras; i++)
        {
            double angle = 2 * Math.PI * i / cameras;
            var position = new Vector3d(4 * Math.Cos(angle), 4 * Math.Sin(angle), 1.5 + (0.3 * Math.Sin(3 * angle)));
            list.Add(LookAt($"cam_{i + 1:00}", position, new Vector3d(0, 0, 1)));
        }

        Calibration = new CameraCalibration(list);
        Projections = new double[12 * cameras];
        Calibration.CopyProjectionMatrices(Projections);
    }

    public CameraCalibration Calibration { get; }

    public double[] Projections { get; }

    public int Count => Calibration.Count;

    /// <summary>Observations (x, y, 1) of <paramref name="point"/> in every camera, plus Gaussian pixel noise.</summary>
    public double[] Observe(Vector3d point, Random random, double noisePixels)
    {
        var obs = new double[Count * 3];
        for (int c = 0; c < Count; c++)
        {
            (double u, double v) = Calibration.Cameras[c].ProjectPinhole(point);
            obs[c * 3] = u + (noisePixels * Gaussian(random));
            obs[(c * 3) + 1] = v + (noisePixels * Gaussian(random));
            obs[(c * 3) + 2] = 0.9;
        }

        return obs;
    }

    public static Vector3d RandomPoint(Random random) =>
        new((random.NextDouble() - 0.5) * 1.5, (random.NextDouble() - 0.5) * 1.5, 0.1 + (random.NextDouble() * 1.8));

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    private static Camera LookAt(string name, Vector3d position, Vector3d target)
    {
        // Camera axes in world coordinates: z forward, x right, y down (OpenCV).
        Vector3d forward = Normalise(target - position);
        Vector3d right = Normalise(Cross(forward, new Vector3d(0, 0, 1)));
        Vector3d down = Cross(forward, right);
        var r = new Matrix3d(right.X, right.Y, right.Z, down.X, down.Y, down.Z, forward.X, forward.Y, forward.Z);
        Vector3d t = -(r * position);
        return new Camera(name, 1920, 1080, new Matrix3d(1500, 0, 960, 0, 1500, 540, 0, 0, 1), LensDistortion.None, Rodrigues.FromMatrix(r), t);
    }

    private static Vector3d Cross(Vector3d a, Vector3d b) =>
        new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    private static Vector3d Normalise(Vector3d v) => (1.0 / v.Length) * v;
}
