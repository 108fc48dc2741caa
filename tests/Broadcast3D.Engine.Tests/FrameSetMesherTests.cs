using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Meshes;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Masks;
using Broadcast3D.Tracking.Meshes;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The bad input of issue #18 through <see cref="FrameSetMesher"/> (the per-frame meshing of the demo and the replay):
/// a 30 cm ball before four calibrated cameras stands in for the athlete, its exact silhouette for BlazePose's mask.
/// A camera without the person, a person partly outside a picture, too few cameras: a mesh from the cameras that
/// remain or none, each counted, never an exception.
/// </summary>
public class FrameSetMesherTests
{
    private static readonly Vector3d Centre = new(0.2, -0.1, 1.2);
    private const double Radius = 0.3;
    private const int Width = 640, Height = 480;

    [Test]
    public void Mesh_EveryCameraSeesTheBall_MeshedFromAllFour()
    {
        CameraRig rig = Rig();
        using var mesher = new FrameSetMesher(rig, new MeshOptions(VoxelMetres: 0.03, AllowedMisses: 0), TrackingAccelerator.Reference);
        AthleteMesh? mesh = mesher.Mesh(7, Skeleton(), [.. rig.Cameras.Select(c => Poses(c))], Pictures());
        Assert.That(mesh, Is.Not.Null, string.Join("; ", mesher.Tally.SkipReasons.Keys));
        Assert.That(mesh!.PersonId, Is.EqualTo(7));
        Assert.That(mesher.Tally.Cameras().Select(c => c.FramesCarved), Is.EqualTo(new[] { 1, 1, 1, 1 }));
        // The ball's hull: no vertex inside the ball by more than two voxels, none beyond the four cones' corners
        // (a visual hull of four views at quarter turns reaches up to √2 r there).
        float[] p = mesh.Positions.ToArray();
        for (int v = 0; v < p.Length; v += 3)
            Assert.That((new Vector3d(p[v], p[v + 1], p[v + 2]) - Centre).Length, Is.InRange(Radius - 0.06, Radius * 1.5), $"vertex {v / 3}");
    }

    [Test]
    public void Mesh_OneCameraWithoutThePerson_MeshedFromTheOthersAndCounted()
    {
        CameraRig rig = Rig();
        using var mesher = new FrameSetMesher(rig, new MeshOptions(VoxelMetres: 0.03, AllowedMisses: 0), TrackingAccelerator.Reference);
        CameraPoses[] poses = [.. rig.Cameras.Select((c, i) => Poses(c, present: i != 2))];
        Assert.That(mesher.Mesh(1, Skeleton(), poses, Pictures()), Is.Not.Null);
        IReadOnlyList<MeshCameraCounts> cameras = mesher.Tally.Cameras();
        Assert.That(cameras[2].FramesWithoutMask, Is.EqualTo(1));
        Assert.That(cameras[2].FramesCarved, Is.Zero);
        Assert.That(cameras.Where((_, i) => i != 2).Select(c => c.FramesCarved), Has.All.EqualTo(1));
        Assert.That(mesher.Tally.Meshed, Is.EqualTo(1));
    }

    [Test]
    public void Mesh_PersonPartlyOutsideOnePicture_MeshedAndCounted()
    {
        CameraRig rig = Rig();
        using var mesher = new FrameSetMesher(rig, new MeshOptions(VoxelMetres: 0.05, AllowedMisses: 0, MaxBoxMetres: 5), TrackingAccelerator.Reference);
        // One marker near camera 1 and to its side, outside its picture (the ball's box still holds most markers).
        Vector3d toCamera = rig.Cameras[0].PositionMetres - Centre;
        Vector3d side = (1 / Math.Sqrt((toCamera.X * toCamera.X) + (toCamera.Y * toCamera.Y))) * new Vector3d(-toCamera.Y, toCamera.X, 0);
        Vector3d marker = Centre + (0.75 * toCamera) + (0.9 * side);
        double[] skeleton = [.. Skeleton(), marker.X, marker.Y, marker.Z];
        (double u, double v) = rig.Cameras[0].Project(marker);
        Assert.That(u < 0 || u > Width - 1 || v < 0 || v > Height - 1, Is.True, $"the extra marker at ({u:0}, {v:0}) is outside cam01's picture");
        Assert.That(mesher.Mesh(1, skeleton, [.. rig.Cameras.Select(c => Poses(c))], Pictures()), Is.Not.Null);
        Assert.That(mesher.Tally.Cameras()[0].FramesPartlyOutOfFrame, Is.EqualTo(1));
        Assert.That(mesher.Tally.Cameras()[0].FramesCarved, Is.EqualTo(1));
    }

    [Test]
    public void Mesh_OnlyOneCameraSeesThePerson_NoMeshAndTheReasonCounted()
    {
        CameraRig rig = Rig();
        using var mesher = new FrameSetMesher(rig, new MeshOptions(VoxelMetres: 0.03), TrackingAccelerator.Reference);
        CameraPoses[] poses = [.. rig.Cameras.Select((c, i) => Poses(c, present: i == 0))];
        Assert.That(mesher.Mesh(1, Skeleton(), poses, Pictures()), Is.Null);
        Assert.That(mesher.Tally.Cameras().Select(c => c.FramesWithoutMask), Is.EqualTo(new[] { 0, 1, 1, 1 }));
        // A skeleton without a triangulated marker matches no 2D person anywhere: no mask, no grid, no mesh.
        Assert.That(mesher.Mesh(1, [double.NaN, double.NaN, double.NaN], [.. rig.Cameras.Select(c => Poses(c))], Pictures()), Is.Null);
        Assert.That(mesher.Tally.Meshed, Is.Zero);
        Assert.That(mesher.Tally.Skipped, Is.EqualTo(2));
        Assert.That(mesher.Tally.SkipReasons.Keys, Has.Some.Contains("1 camera(s) with a mask of the person, 2 needed"));
        Assert.That(mesher.Tally.Cameras().Sum(c => c.FramesCarved), Is.Zero);
    }

    [Test]
    public void Sequence_OnlyAPerson_KeepsItsMeshesByFrame()
    {
        CameraRig rig = Rig();
        using var mesher = new FrameSetMesher(rig, new MeshOptions(VoxelMetres: 0.05, AllowedMisses: 0), TrackingAccelerator.Reference);
        CameraPoses[] poses = [.. rig.Cameras.Select(c => Poses(c))];
        var sequence = new MeshSequence(3);
        sequence.Add(0, [mesher.Mesh(1, Skeleton(), poses, Pictures())!, mesher.Mesh(2, Skeleton(), poses, Pictures())!]);
        sequence.Add(2, [mesher.Mesh(2, Skeleton(), poses, Pictures())!]);
        MeshSequence only = sequence.Only(2);
        Assert.That(only.MeshesAt(0, default).Length, Is.EqualTo(1));
        Assert.That(only.MeshesAt(0, default)[0].PersonId, Is.EqualTo(2));
        Assert.That(only.MeshesAt(1, default).IsEmpty, Is.True);
        Assert.That(only.MeshesAt(5, default).IsEmpty, Is.True, "outside the sequence: no mesh, the view draws capsules");
        Assert.That(only.FramesWithMeshes, Is.EqualTo(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => sequence.Add(3, []));
    }

    private static CameraRig Rig()
    {
        var cameras = new List<Camera>();
        for (int i = 0; i < 4; i++)
        {
            double a = (2 * Math.PI * i / 4) + 0.3;
            cameras.Add(SyntheticRig.LookAt($"cam{i + 1:00}", new Vector3d(4 * Math.Cos(a), 4 * Math.Sin(a), 1.5), Centre, Width, Height, focalPixels: 500));
        }
        return new CameraRig(cameras);
    }

    /// <summary>Markers on the ball's box (the carving grid comes from the skeleton).</summary>
    private static double[] Skeleton() =>
        [Centre.X - Radius, Centre.Y - Radius, Centre.Z - Radius, Centre.X + Radius, Centre.Y + Radius, Centre.Z + Radius, Centre.X, Centre.Y, Centre.Z];

    /// <summary>One camera's 2D result: the ball as one person (box and exact silhouette) when present, else nobody.</summary>
    private static CameraPoses Poses(Camera camera, bool present = true)
    {
        SkeletonDefinition definition = SkeletonCatalog.Coco17;
        var poses = new CameraPoses(2, definition, definition.KeypointCount);
        if (!present)
            return poses;
        PersonMask mask = BallMask(camera);
        PixelBounds b = mask.Bounds;
        poses.Add(1, new PersonBox(b.X, b.Y, b.X + b.Width, b.Y + b.Height, 0.9f), new Keypoint[definition.KeypointCount], mask);
        return poses;
    }

    /// <summary>Flat skin-coloured pictures (the colour pass samples them).</summary>
    private static ImagePlanes[] Pictures()
    {
        var rgba = new byte[Width * Height * 4];
        for (int i = 0; i < rgba.Length; i += 4)
            (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]) = (210, 160, 130, 255);
        return [.. Enumerable.Repeat(ImagePlanes.Rgba(rgba, Width, Height), 4)];
    }

    /// <summary>The ball's exact silhouette in <paramref name="camera"/>.</summary>
    private static PersonMask BallMask(Camera camera) =>
        ExactSilhouette.Mask(camera, Centre, 1.5 * PersonMask.Size, 0, ExactSilhouette.Ball(Radius));
}
