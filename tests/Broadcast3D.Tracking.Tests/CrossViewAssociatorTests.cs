using Broadcast3D.Core.Cameras;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Association;

namespace Broadcast3D.Tracking.Tests;

public class CrossViewAssociatorTests
{
    private const int Keypoints = 12;

    /// <summary>A crude 12-joint standing body (metres) centred at (x, y).</summary>
    private static Vector3d[] Body(double x, double y)
    {
        double[] heights = [1.7, 1.5, 1.5, 1.2, 1.2, 0.95, 0.95, 0.9, 0.9, 0.5, 0.5, 0.05];
        double[] sides = [0, -0.2, 0.2, -0.25, 0.25, -0.3, 0.3, -0.12, 0.12, -0.12, 0.12, 0.1];
        return heights.Select((h, i) => new Vector3d(x + sides[i], y + (i % 3 * 0.05), h)).ToArray();
    }

    private static double[] Observe(Camera cam, Vector3d[] body, Random rng, double noisePx)
    {
        var kp = new double[Keypoints * 3];
        for (int k = 0; k < Keypoints; k++)
        {
            (double u, double v) = cam.Project(body[k]);
            kp[k * 3] = u + (noisePx * (rng.NextDouble() - 0.5));
            kp[(k * 3) + 1] = v + (noisePx * (rng.NextDouble() - 0.5));
            kp[(k * 3) + 2] = 0.9;
        }
        return kp;
    }

    [Test]
    public void Associate_ThreeAthletesShuffledPerCamera_RecoversEachAthlete()
    {
        CameraRig rig = SyntheticRig.Ring(4);
        Vector3d[][] athletes = [Body(-1.2, 0), Body(0.3, 0.8), Body(1.0, -1.0)];
        var rng = new Random(7);
        var perCamera = new List<ReadOnlyMemory<double>>();
        var truth = new int[4][]; // truth[c][detection] = athlete
        for (int c = 0; c < 4; c++)
        {
            int[] order = [.. Enumerable.Range(0, 3).OrderBy(_ => rng.Next())];
            truth[c] = order;
            perCamera.Add(order.SelectMany(a => Observe(rig.Cameras[c], athletes[a], rng, 6)).ToArray());
        }

        IReadOnlyList<AssociatedPerson> people = new CrossViewAssociator(rig).Associate(perCamera, Keypoints);

        Assert.That(people, Has.Count.EqualTo(3));
        foreach (AssociatedPerson p in people)
        {
            Assert.That(p.CameraCount, Is.EqualTo(4));
            int[] who = [.. Enumerable.Range(0, 4).Select(c => truth[c][p.DetectionPerCamera[c]])];
            Assert.That(who.Distinct().Count(), Is.EqualTo(1), $"group mixes athletes {string.Join(',', who)}");
        }
    }

    [Test]
    public void Associate_GhostDetectionInOneCamera_IsLeftOut()
    {
        CameraRig rig = SyntheticRig.Ring(4);
        var rng = new Random(3);
        Vector3d[] athlete = Body(0, 0);
        var perCamera = new List<ReadOnlyMemory<double>>();
        for (int c = 0; c < 4; c++)
        {
            double[] kp = Observe(rig.Cameras[c], athlete, rng, 4);
            if (c == 2) // a spectator far behind the athlete, seen by camera 2 only
                kp = [.. kp, .. Observe(rig.Cameras[c], Body(-9, 3), rng, 4)];
            perCamera.Add(kp);
        }
        IReadOnlyList<AssociatedPerson> people = new CrossViewAssociator(rig).Associate(perCamera, Keypoints);
        Assert.That(people, Has.Count.EqualTo(1));
        Assert.That(people[0].DetectionPerCamera, Is.EqualTo(new[] { 0, 0, 0, 0 }));
    }

    [Test]
    public void Associate_LowConfidenceEverywhere_FindsNobody()
    {
        CameraRig rig = SyntheticRig.Ring(3);
        var perCamera = rig.Cameras.Select(c =>
        {
            double[] kp = Observe(c, Body(0, 0), new Random(1), 0);
            for (int k = 0; k < Keypoints; k++)
                kp[(k * 3) + 2] = 0.1;
            return (ReadOnlyMemory<double>)kp;
        }).ToList();
        Assert.That(new CrossViewAssociator(rig).Associate(perCamera, Keypoints), Is.Empty);
    }

    [Test]
    public void Associate_WrongCameraCount_NamesTheMismatch()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new CrossViewAssociator(SyntheticRig.Ring(4)).Associate([new double[0]], Keypoints));
        Assert.That(ex!.Message, Does.Contain("1 cameras").And.Contain("4"));
    }
}
