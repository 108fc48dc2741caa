using Broadcast3D.TestSupport;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.TestSupport;

/// <summary>
/// A ring of cameras 4 m around the origin at 1.5 m height looking at the centre (1088×1920 portrait, fx 1700 px
/// as the Pose2Sim rig), random keypoints in a 2 m box, 1 px Gaussian noise, random likelihoods with some below
/// the threshold, and gross outliers (40–200 px) on some observations so the exclusion search has work to do.
/// </summary>
public static class SyntheticBatch
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
                        u += SyntheticRig.Gaussian(random);
                        v += SyntheticRig.Gaussian(random);
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
        return SyntheticRig.LookAt($"ring{index}", position, new Vector3d(0, 0, 1), 1088, 1920, 1700);
    }
}
