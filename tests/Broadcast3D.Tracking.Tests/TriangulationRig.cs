using Broadcast3D.Core.Cameras;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// A ring of cameras 4 m from the origin at 1.5 m height, looking at (0, 0, 1) in a Z-up world, 1920×1080,
/// f = 1500 px; ground truth for synthetic triangulation tests.
/// </summary>
internal sealed class TriangulationRig
{
    public TriangulationRig(int cameras)
    {
        var list = new List<Camera>();
        for (int i = 0; i < cameras; i++)
        {
            double angle = 2 * Math.PI * i / cameras;
            var position = new Vector3d(4 * Math.Cos(angle), 4 * Math.Sin(angle), 1.5 + (0.3 * Math.Sin(3 * angle)));
            list.Add(SyntheticRig.LookAt($"cam_{i + 1:00}", position, new Vector3d(0, 0, 1), 1920, 1080, 1500));
        }

        Calibration = new CameraRig(list);
        Projections = new double[12 * cameras];
        Calibration.CopyProjectionMatrices(Projections);
    }

    public CameraRig Calibration { get; }

    public double[] Projections { get; }

    public int Count => Calibration.Count;

    /// <summary>Observations (x, y, 1) of <paramref name="point"/> in every camera, plus Gaussian pixel noise.</summary>
    public double[] Observe(Vector3d point, Random random, double noisePixels)
    {
        var obs = new double[Count * 3];
        for (int c = 0; c < Count; c++)
        {
            (double u, double v) = Calibration.Cameras[c].ProjectPinhole(point);
            obs[c * 3] = u + (noisePixels * SyntheticRig.Gaussian(random));
            obs[(c * 3) + 1] = v + (noisePixels * SyntheticRig.Gaussian(random));
            obs[(c * 3) + 2] = 0.9;
        }

        return obs;
    }

    public static Vector3d RandomPoint(Random random) =>
        new((random.NextDouble() - 0.5) * 1.5, (random.NextDouble() - 0.5) * 1.5, 0.1 + (random.NextDouble() * 1.8));

}
