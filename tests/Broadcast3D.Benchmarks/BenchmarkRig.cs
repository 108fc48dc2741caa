using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// A ring of cameras 4 m from the origin looking at (0, 0, 1), Z-up, and a batch of noisy observations of random
/// points in a 1.5 m × 1.5 m × 1.8 m volume: 1 px noise, and one camera off by 150 px on every tenth point, so the
/// exclusion search does real work as on the Balancing trial (mean 0.5 excluded cameras per point).
/// </summary>
internal static class BenchmarkRig
{
    public static (CameraRig Calibration, double[] Projections) Create(int cameras)
    {
        var list = new List<Camera>();
        for (int i = 0; i < cameras; i++)
        {
            double angle = 2 * Math.PI * i / cameras;
            var position = new Vector3d(4 * Math.Cos(angle), 4 * Math.Sin(angle), 1.5);
            Vector3d forward = Normalise(new Vector3d(0, 0, 1) - position);
            Vector3d right = Normalise(Cross(forward, new Vector3d(0, 0, 1)));
            Vector3d down = Cross(forward, right);
            var r = new Matrix3d(right.X, right.Y, right.Z, down.X, down.Y, down.Z, forward.X, forward.Y, forward.Z);
            list.Add(new Camera($"cam_{i + 1:00}", 1920, 1080, new Matrix3d(1500, 0, 960, 0, 1500, 540, 0, 0, 1),
                LensDistortion.None, Rodrigues.FromMatrix(r), -(r * position)));
        }

        var calibration = new CameraRig(list);
        var projections = new double[12 * cameras];
        calibration.CopyProjectionMatrices(projections);
        return (calibration, projections);
    }

    public static TriangulationBatch Observe(CameraRig calibration, int frames, int keypoints, int seed)
    {
        var random = new Random(seed);
        var batch = new TriangulationBatch(frames, 1, keypoints, calibration.Count);
        for (int point = 0; point < batch.PointCount; point++)
        {
            var truth = new Vector3d((random.NextDouble() - 0.5) * 1.5, (random.NextDouble() - 0.5) * 1.5, 0.1 + (random.NextDouble() * 1.8));
            for (int c = 0; c < calibration.Count; c++)
            {
                (double u, double v) = calibration.Cameras[c].ProjectPinhole(truth);
                int i = ((point * calibration.Count) + c) * 3;
                batch.Observations[i] = u + random.NextDouble() - 0.5;
                batch.Observations[i + 1] = v + random.NextDouble() - 0.5;
                batch.Observations[i + 2] = 0.5 + (0.5 * random.NextDouble());
            }

            if (point % 10 == 0)
            {
                batch.Observations[((point * calibration.Count) + random.Next(calibration.Count)) * 3] += 150;
            }
        }

        return batch;
    }

    private static Vector3d Cross(Vector3d a, Vector3d b) =>
        new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    private static Vector3d Normalise(Vector3d v) => (1.0 / v.Length) * v;
}
