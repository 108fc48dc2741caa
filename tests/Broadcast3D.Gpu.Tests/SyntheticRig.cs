using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Gpu.Tests;

/// <summary>
/// A ring of cameras 4 m around the origin at 1.5 m height looking at the centre (1088×1920 portrait, fx 1700 px
/// as the Pose2Sim rig), random keypoints in a 2 m box, 1 px Gaussian noise, random likelihoods with some below
/// the threshold, and gross outliers (40–200 px) on some observations so the exclusion search has work to do.
/// </summary>
internal static class SyntheticRig
{
    public static (TriangulationBatch Batch, double[] Projections) Create(int cameras, int frames, int people, int keypoints, int seed)
    {
        var random = new Random(seed);
        var rig = new Camera[cameras];
        for (int c = 0; c < cameras; c++)
            rig[c] = RingCamera(c, cameras);
        double[] projections = new double[cameras * 12];
        for (int c = 0; c < cameras; c++)
            rig[c].CopyProjectionMatrix(projections.AsSpan(c * 12, 12));
        var batch = new TriangulationBatch(frames, people, keypoints, cameras);
        for (int f = 0; f < frames; f++)
        {
            for (int p = 0; p < people; p++)
            {
                for (int k = 0; k < keypoints; k++)
                {
                    var world = new Vector3d((random.NextDouble() * 2) - 1, (random.NextDouble() * 2) - 1, random.NextDouble() * 2);
                    for (int c = 0; c < cameras; c++)
                    {
                        (double u, double v) = rig[c].ProjectPinhole(world);
                        u += Gaussian(random);
                        v += Gaussian(random);
                        double roll = random.NextDouble();
                        if (roll < 0.04)
                        {
                            // A wrong detection (the other leg, another person).
                            u += (40 + (160 * random.NextDouble())) * (random.Next(2) == 0 ? -1 : 1);
                            v += 40 + (160 * random.NextDouble());
                        }
                        double likelihood = roll > 0.95 ? 0.1 + (0.15 * random.NextDouble()) : 0.35 + (0.65 * random.NextDouble());
                        int i = batch.ObservationIndex(f, p, k, c);
                        batch.Observations[i] = u;
                        batch.Observations[i + 1] = v;
                        batch.Observations[i + 2] = likelihood;
                    }
                }
            }
        }
        return (batch, projections);
    }

    public static TriangulationBatch Clone(TriangulationBatch source)
    {
        var copy = new TriangulationBatch(source.Frames, source.People, source.Keypoints, source.Cameras);
        source.Observations.CopyTo(copy.Observations, 0);
        return copy;
    }

    /// <summary>Camera <paramref name="index"/> of <paramref name="count"/> on the ring (world Z up).</summary>
    public static Camera RingCamera(int index, int count)
    {
        double angle = 2 * Math.PI * index / count;
        var position = new Vector3d(4 * Math.Cos(angle), 4 * Math.Sin(angle), 1.5);
        var target = new Vector3d(0, 0, 1);
        Vector3d forward = Normalise(target - position);
        Vector3d right = Normalise(Cross(forward, new Vector3d(0, 0, 1)));
        Vector3d down = Cross(forward, right);
        // Rows of R are the camera axes in world coordinates (x right, y down, z forward).
        var r = new Matrix3d(right.X, right.Y, right.Z, down.X, down.Y, down.Z, forward.X, forward.Y, forward.Z);
        Vector3d t = -(r * position);
        var k = new Matrix3d(1700, 0, 544, 0, 1700, 960, 0, 0, 1);
        return new Camera($"ring{index}", 1088, 1920, k, LensDistortion.None, Rodrigues.FromMatrix(r), t);
    }

    private static Vector3d Cross(Vector3d a, Vector3d b) => new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    private static Vector3d Normalise(Vector3d v) => (1 / v.Length) * v;

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
