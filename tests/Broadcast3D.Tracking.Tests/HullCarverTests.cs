using Broadcast3D.Core.Cameras;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Masks;
using Broadcast3D.Tracking.Meshes;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Tracking.Tests;

public class HullCarverTests
{
    // A ball off the cameras' axes, where the strong barrel distortion moves its picture by ~20 px: carving with the
    // wrong distortion would shave it.
    internal static readonly Vector3d Centre = new(1.2, 0.5, 1.5);
    internal const double Radius = 0.3;

    [Test]
    public void Carve_BallSeenByFourDistortedCameras_ReferenceAndCpuKernelIdenticalAndBallKept()
    {
        CameraRig rig = Rig(4);
        PersonMask?[] masks = [.. rig.Cameras.Select(BallMask)];
        double[] skeleton = [Centre.X - Radius, Centre.Y - Radius, Centre.Z - Radius, Centre.X + Radius, Centre.Y + Radius, Centre.Z + Radius];
        var options = new MeshOptions(MarginMetres: 0.1);
        using var reference = new HullCarver(options, TrackingAccelerator.Reference);
        using var kernel = new HullCarver(options, TrackingAccelerator.Cpu);
        VisualHull? a = reference.Carve(rig, masks, skeleton, out string? reasonA);
        VisualHull? b = kernel.Carve(rig, masks, skeleton, out string? reasonB);
        Assert.That(a, Is.Not.Null, reasonA);
        Assert.That(b, Is.Not.Null, reasonB);
        Assert.That(b!.Occupancy, Is.EqualTo(a!.Occupancy), "ILGPU CPU kernel vs C# reference, voxel by voxel");

        CarveGrid g = a.Grid;
        int missedInside = 0, keptFar = 0;
        for (int k = 0; k < g.Nz; k++)
        {
            for (int j = 0; j < g.Ny; j++)
            {
                for (int i = 0; i < g.Nx; i++)
                {
                    double d = (new Vector3d(g.X(i), g.Y(j), g.Z(k)) - Centre).Length;
                    byte kept = a.At(i, j, k);
                    missedInside += d < Radius - (1.5 * g.Step) && kept == 0 ? 1 : 0;
                    keptFar += d > Radius * 1.8 && kept == 1 ? 1 : 0;
                }
            }
        }
        double ballVoxels = 4.0 / 3 * Math.PI * Math.Pow(Radius / g.Step, 3);
        TestContext.Out.WriteLine($"{a.KeptVoxels} voxels kept of {g.Count}, ball {ballVoxels:F0}; {missedInside} inside missed, {keptFar} beyond 1.8 r kept");
        Assert.Multiple(() =>
        {
            Assert.That(missedInside, Is.Zero, "voxels inside the ball carved away");
            Assert.That(keptFar, Is.Zero, "voxels beyond 1.8 radii kept");
            // Four horizontal views 90° apart bound about two crossed cylinders (16/3 r³ vs 4/3 π r³ = 1.27); the
            // one miss allowed with four cameras keeps what three of them agree on, a little more (1.50 measured).
            Assert.That(a.KeptVoxels / ballVoxels, Is.InRange(1.0, 1.6), "hull volume against the ball's");
            Assert.That(a.Cameras, Has.Count.EqualTo(4));
        });
    }

    [Test]
    public void Carve_OneCameraWithoutMask_CarvesFromTheOthersAndNamesIt()
    {
        CameraRig rig = Rig(4);
        PersonMask?[] masks = [.. rig.Cameras.Select(BallMask)];
        masks[2] = null;
        masks[3] = new PersonMask(); // empty: the person was not found
        using var carver = new HullCarver(new MeshOptions(MarginMetres: 0.1), TrackingAccelerator.Reference);
        VisualHull? hull = carver.Carve(rig, masks, [Centre.X, Centre.Y, Centre.Z], out string? reason);
        Assert.That(hull, Is.Not.Null, reason);
        Assert.That(hull!.Cameras, Is.EqualTo(new[] { 0, 1 }));
        Assert.That(hull.Skipped.Select(s => s.Name), Is.EqualTo(new[] { "cam03", "cam04" }));
        Assert.That(hull.Skipped[0].Reason, Does.Contain("no mask"));

        masks[1] = null;
        Assert.That(carver.Carve(rig, masks, [Centre.X, Centre.Y, Centre.Z], out reason), Is.Null);
        Assert.That(reason, Does.Contain("1 camera(s) with a mask").And.Contain("2 needed"));
    }

    [Test]
    public void Carve_GarbageSkeleton_GivesNoHullWithTheReason()
    {
        CameraRig rig = Rig(4);
        PersonMask?[] masks = [.. rig.Cameras.Select(BallMask)];
        using var carver = new HullCarver(new MeshOptions(), TrackingAccelerator.Reference);
        Assert.That(carver.Carve(rig, masks, [Centre.X, Centre.Y, Centre.Z, Centre.X + 5, Centre.Y, Centre.Z], out string? reason), Is.Null);
        Assert.That(reason, Does.Contain("box is 5.30 m long"));
        Assert.That(carver.Carve(rig, masks, [double.NaN, double.NaN, double.NaN], out reason), Is.Null);
        Assert.That(reason, Does.Contain("no triangulated marker"));
        var ex = Assert.Throws<ArgumentException>(() => carver.Carve(rig, masks.AsSpan(0, 3).ToArray(), [0, 0, 0], out _));
        Assert.That(ex!.Message, Does.Contain("3 masks for 4 cameras"));
    }

    [Test]
    public void MeshOptions_OutOfRange_ThrowsNamingTheField()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new MeshOptions(VoxelMetres: 0).Validate());
        Assert.That(ex!.ParamName, Is.EqualTo("VoxelMetres"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => new MeshOptions(TriangleBudget: 10).Validate());
        Assert.That(ex!.ParamName, Is.EqualTo("TriangleBudget"));
    }

    internal static CameraRig Rig(int count)
    {
        var distortion = new LensDistortion(-0.3, 0.08, 0.001, -0.001, 0, 4, false);
        var cameras = new List<Camera>();
        for (int i = 0; i < count; i++)
        {
            double a = 2 * Math.PI * i / count;
            cameras.Add(SyntheticRig.LookAt($"cam{i + 1:00}", new Vector3d(4 * Math.Cos(a), 4 * Math.Sin(a), 1.5), new Vector3d(0, 0, 1),
                distortion: distortion));
        }
        return new CameraRig(cameras);
    }

    /// <summary>The ball's exact silhouette in <paramref name="camera"/> (a crop turned 0.2 rad, distortion removed).</summary>
    internal static PersonMask BallMask(Camera camera) =>
        ExactSilhouette.Mask(camera, Centre, 2 * PersonMask.Size, 0.2, ExactSilhouette.Ball(Radius));
}
