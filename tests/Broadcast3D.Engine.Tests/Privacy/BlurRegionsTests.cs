using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Engine.Scene;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Engine.Tests.Privacy;

/// <summary>
/// Who is blurred in a picture (issue #21): detection boxes are given to the 3D person whose reprojected markers fall
/// in them; the blur mode and the registry's links decide; a person to blur with no box gets their skeleton's rectangle.
/// The athlete is the reference 3D of the Balancing trial seen through cam01 of its calibration.
/// </summary>
public class BlurRegionsTests
{
    private const string Registry = """
        {"identities": [
          {"id": "ath", "name": "Athlete", "consents": ["broadcast"]},
          {"id": "no", "name": "Refuser", "consents": ["export"]}
        ]}
        """;

    private static (Camera Camera, SkeletonSet People, Vector4 AthleteBox) Scene(int trackId)
    {
        Camera camera = CalibrationToml.Read(SharedAssets.CalibrationToml).Cameras[0];
        double[] world = TrcFile.Read(Path.Combine(SharedAssets.BalancingTrial, "pose-3d", "S00_P00_T01_BalancingTrial_0-100_filt_butterworth.trc")).ToWorldZUp();
        var people = new SkeletonSet(Pose2SimMarkers.Definition, 4) { Count = 1 };
        people.PersonIds[0] = trackId;
        Span<float> joints = people.PersonJoints(0);
        float x0 = float.MaxValue, y0 = float.MaxValue, x1 = float.MinValue, y1 = float.MinValue;
        for (int i = 0; i < joints.Length; i += 3)
        {
            joints[i] = (float)world[i];
            joints[i + 1] = (float)world[i + 1];
            joints[i + 2] = (float)world[i + 2];
            if (double.IsNaN(world[i]))
                continue;
            (double u, double v) = camera.Project(new Vector3d(world[i], world[i + 1], world[i + 2]));
            (x0, y0, x1, y1) = (MathF.Min(x0, (float)u), MathF.Min(y0, (float)v), MathF.Max(x1, (float)u), MathF.Max(y1, (float)v));
        }
        // A detector's box is a little larger than the markers' extent (head top, feet).
        return (camera, people, new Vector4(x0 - 20, y0 - 40, x1 - x0 + 40, y1 - y0 + 80));
    }

    private static readonly Vector4 Bystander = new(10, 280, 110, 460);

    [Test]
    public void Select_Untracked_BystanderBlurredLinkedConsentingAthleteNot()
    {
        (Camera camera, SkeletonSet people, Vector4 athlete) = Scene(trackId: 4);
        ConsentRegistry registry = ConsentRegistry.Parse(Registry, "consent.json", null);
        registry.Link(4, "ath");
        var blur = new BlurRegions(BlurMode.Untracked, registry);

        Vector4[] regions = blur.Select(camera, [athlete, Bystander], people).ToArray();

        Assert.That(regions, Has.Length.EqualTo(1));
        Assert.That(regions[0], Is.EqualTo(new Vector4(10 - 11, 280 - 46, 110 + 22, 460 + 92)), "the bystander's box, padded 10 % each side");
        Assert.That(blur.PicturesBlurred, Is.EqualTo(1));
    }

    [Test]
    public void Select_UntrackedAthleteNotLinked_BothBlurred()
    {
        (Camera camera, SkeletonSet people, Vector4 athlete) = Scene(trackId: 4);
        var blur = new BlurRegions(BlurMode.Untracked, ConsentRegistry.Parse(Registry, "consent.json", null));
        Assert.That(blur.Select(camera, [athlete, Bystander], people).Length, Is.EqualTo(2));
    }

    [Test]
    public void Select_Unconsented_OnlyTheLinkedRefuserBlurred()
    {
        (Camera camera, SkeletonSet people, Vector4 athlete) = Scene(trackId: 9);
        ConsentRegistry registry = ConsentRegistry.Parse(Registry, "consent.json", null);
        var blur = new BlurRegions(BlurMode.Unconsented, registry);
        Assert.That(blur.Select(camera, [athlete, Bystander], people).Length, Is.Zero, "nobody linked: nobody refused");

        registry.Link(9, "no");
        Vector4[] regions = blur.Select(camera, [athlete, Bystander], people).ToArray();
        Assert.That(regions, Has.Length.EqualTo(1));
        Assert.That(regions[0].X, Is.LessThan(athlete.X), "the athlete's box, padded");
    }

    [Test]
    public void Select_PersonToBlurWithoutABox_SkeletonRectangleBlurred()
    {
        (Camera camera, SkeletonSet people, Vector4 athlete) = Scene(trackId: 4);
        var blur = new BlurRegions(BlurMode.Untracked, ConsentRegistry.Empty());
        Vector4[] regions = blur.Select(camera, [], people).ToArray();
        Assert.That(regions, Has.Length.EqualTo(1));
        // Inside the athlete's detector box (the markers' extent, padded 10 %).
        Assert.That(regions[0].X, Is.GreaterThan(athlete.X - (athlete.Z * 0.2f)));
        Assert.That(regions[0].X + regions[0].Z, Is.LessThan(athlete.X + (athlete.Z * 1.2f)));
    }

    [Test]
    public void Select_None_NothingEvenUnlinked()
    {
        (Camera camera, SkeletonSet people, Vector4 athlete) = Scene(trackId: 4);
        var blur = new BlurRegions(BlurMode.None, ConsentRegistry.Empty());
        Assert.That(blur.Select(camera, [athlete, Bystander], people).Length, Is.Zero);
        Assert.That(blur.RegionsBlurred, Is.Zero);
    }
}
