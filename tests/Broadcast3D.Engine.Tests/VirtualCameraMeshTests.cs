using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Views;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The virtual camera drawing athlete meshes (issue #18) on real GL (llvmpipe here), over a recording with a real
/// athlete's 3D (the Pose2Sim demo's reference triangulation): a closed test ellipsoid standing where the athlete
/// stands is drawn where the CPU projection of its vertices says, casts its shadow on the floor, carries the skeleton
/// on top when asked, gives way to the capsules on a frame without a mesh, and a shot allocates nothing per frame.
/// </summary>
public sealed class VirtualCameraMeshTests : GpuTestBase
{
    private const int Width = StampedRecording.Width, Height = StampedRecording.Height;
    private static readonly Rational Instant = StampedRecording.Rate.TimeOfFrame(30);

    [Test]
    public void Draw_OrbitWithAMesh_SilhouetteOnTheCpuProjectionWithinOnePixel()
    {
        AthleteMesh mesh = AroundTheAthlete(48, (230, 30, 30, 255));
        using var temp = new TempFolder();
        using Shot shot = Shot.Make(Device, temp.Path, VirtualCameraShot.Parse("orbit", 0, null), [.. Enumerable.Repeat(Instant, 8)], new MeshDrawing(new MeshFrames([mesh])));
        for (int k = 0; k < shot.Camera.Frames; k += 2)
        {
            MeshPicture picture = Draw(shot.Camera, k);
            (int minX, int minY, int maxX, int maxY, int count) = picture.Bounds(picture.IsRed);
            (float pMinX, float pMinY, float pMaxX, float pMaxY) = picture.Projected(shot.Camera.CameraOf(k), mesh);
            Assert.That(count, Is.GreaterThan(500), $"frame {k}: the mesh is drawn");
            Assert.That(new[] { minX - pMinX, minY - pMinY, maxX - pMaxX, maxY - pMaxY }, Has.All.InRange(-1f, 1f),
                $"frame {k}: drawn {minX}..{maxX} x {minY}..{maxY}, projected {pMinX:0.00}..{pMaxX:0.00} x {pMinY:0.00}..{pMaxY:0.00}");
            Assert.That(picture.Bounds(picture.IsCyan).Count, Is.Zero, $"frame {k}: the mesh replaces the capsules");
        }
    }

    [Test]
    public void Draw_FlyToTopWithAMesh_ItsShadowDarkensTheFloorBesideIt()
    {
        AthleteMesh mesh = AroundTheAthlete(48, (230, 30, 30, 255));
        using var temp = new TempFolder();
        using Shot shot = Shot.Make(Device, temp.Path, VirtualCameraShot.Parse("fly:top", 0, null), [.. Enumerable.Repeat(Instant, 6)], new MeshDrawing(new MeshFrames([mesh])));
        int last = shot.Camera.Frames - 1;
        MeshPicture picture = Draw(shot.Camera, last);
        RenderCamera camera = shot.Camera.CameraOf(last);
        GroundPlane ground = shot.Camera.GroundOf(last);
        (Vector3 centre, Vector3 radii) = Ellipsoid();
        Vector2 foot = ground.ShadowOf(centre with { Z = ground.Centre.Z });
        int compared = 0;
        foreach (float above in new[] { 0.5f, 0.7f, 0.9f })
        {
            Vector2 shadow = ground.ShadowOf(centre + (Vector3.UnitZ * radii.Z * above));
            Vector2 lit = (2 * foot) - shadow;
            (int sx, int sy) = picture.Nearest(camera, new Vector3(shadow, ground.Centre.Z));
            (int lx, int ly) = picture.Nearest(camera, new Vector3(lit, ground.Centre.Z));
            if (!picture.Inside(sx, sy) || !picture.Inside(lx, ly) || picture.IsRed(sx, sy) || picture.IsRed(lx, ly))
                continue;
            compared++;
            Assert.That(picture.Luma(sx, sy), Is.LessThan(0.7 * picture.Luma(lx, ly)), $"floor in the shadow at ({sx}, {sy}) vs lit floor at ({lx}, {ly})");
        }
        Assert.That(compared, Is.GreaterThanOrEqualTo(2), "shadow points seen beside the body from above");
    }

    [Test]
    public void Draw_RangeWithChangingMeshesAndTheSkeletonOnTop_AllocatesNothingAndShowsTheSkeleton()
    {
        // Two meshes in turn: every frame uploads; the buffers grew on the first two frames.
        AthleteMesh a = AroundTheAthlete(40, (30, 30, 230, 255)), b = AroundTheAthlete(48, (30, 30, 230, 255));
        Rational[] times = [.. Enumerable.Range(0, 24).Select(k => Instant + new Rational(k, 100))];
        using var temp = new TempFolder();
        using Shot shot = Shot.Make(Device, temp.Path, VirtualCameraShot.Parse("fly:side", 0, null), times, new MeshDrawing(new MeshFrames([a], [b]), SkeletonOnTop: true));
        MeshPicture first = Draw(shot.Camera, 0);
        shot.Camera.Draw(1, null);
        shot.Camera.Compositor.FlushGraphics();
        long allocated = SteadyAllocation.Smallest(() =>
        {
            for (int k = 2; k < shot.Camera.Frames; k++)
            {
                shot.Camera.Draw(k, null);
                shot.Camera.Compositor.FlushGraphics();
            }
        });
        Assert.That(allocated, Is.Zero, $"bytes allocated drawing frames 2–{shot.Camera.Frames - 1} (smallest of three passes)");
        Assert.That(first.Bounds(first.IsBlue).Count, Is.GreaterThan(500), "the mesh");
        // The athlete's joints are inside the ellipsoid: seen only because the skeleton is drawn on top.
        Assert.That(first.Bounds(first.IsOrange).Count, Is.GreaterThan(100), "the skeleton over the mesh");
    }

    [Test]
    public void Draw_FrameWithoutAMesh_TheCapsulesAsWithoutMeshes()
    {
        AthleteMesh mesh = AroundTheAthlete(16, (230, 30, 30, 255));
        var source = new MeshFrames([mesh], []);
        using var temp = new TempFolder();
        using Shot shot = Shot.Make(Device, temp.Path, VirtualCameraShot.Parse("orbit", 0, null), [.. Enumerable.Repeat(Instant, 4)], new MeshDrawing(source));
        MeshPicture withMesh = Draw(shot.Camera, 0), without = Draw(shot.Camera, 1);
        Assert.That(withMesh.Bounds(withMesh.IsRed).Count, Is.GreaterThan(300), "frame 0: the mesh");
        Assert.That(withMesh.Bounds(withMesh.IsCyan).Count, Is.Zero, "frame 0: no capsules");
        Assert.That(without.Bounds(without.IsRed).Count, Is.Zero, "frame 1 has no mesh");
        Assert.That(without.Bounds(without.IsCyan).Count, Is.GreaterThan(300), "the capsules instead");
        Assert.That(source.Calls, Is.EqualTo(2), "asked once per frame drawn");
    }

    /// <summary>The ellipsoid around the athlete at the instant: centred on the joints' mean in plan, from the lowest joint to the highest.</summary>
    private static (Vector3 Centre, Vector3 Radii) Ellipsoid()
    {
        float[] joints = AthleteRecording.Joints(30);
        (float x, float y, float low, float high, int n) = (0, 0, float.MaxValue, float.MinValue, 0);
        for (int j = 0; j < joints.Length; j += 3)
            (x, y, low, high, n) = (x + joints[j], y + joints[j + 1], Math.Min(low, joints[j + 2]), Math.Max(high, joints[j + 2]), n + 1);
        return (new Vector3(x / n, y / n, (low + high) / 2), new Vector3(0.25f, 0.25f, (high - low) / 2));
    }

    private static AthleteMesh AroundTheAthlete(int rings, (byte R, byte G, byte B, byte A) colour)
    {
        (Vector3 centre, Vector3 radii) = Ellipsoid();
        return EllipsoidMesh.Create(AthleteRecording.PersonId, centre, radii, rings, rings, _ => colour);
    }

    private static MeshPicture Draw(VirtualCamera camera, int frame)
    {
        var rgba = new byte[Width * Height * 4];
        camera.Draw(frame, null);
        camera.Compositor.ReadRgba(rgba);
        return new MeshPicture(rgba, Width, Height);
    }

    /// <summary>A recording with the athlete, its catalog and a virtual camera drawing meshes over given times.</summary>
    private sealed class Shot : IDisposable
    {
        private readonly RecordingCatalog _catalog;
        private readonly PluginCatalog _plugins;

        private Shot(RecordingCatalog catalog, PluginCatalog plugins, VirtualCamera camera) => (_catalog, _plugins, Camera) = (catalog, plugins, camera);

        public VirtualCamera Camera { get; }

        public static Shot Make(Broadcast3D.Gpu.GpuDevice device, string folder, VirtualCameraShot move, Rational[] times, MeshDrawing meshes)
        {
            AthleteRecording.Record(folder);
            RecordingCatalog catalog = RecordingCatalog.Open(folder);
            PluginCatalog plugins = PluginCatalog.Load(PluginsConfig.Default, Serilog.Core.Logger.None);
            try
            {
                RecordedRun run = catalog.Run(null);
                Camera lens = catalog.Calibration(run, AthleteRecording.Camera);
                var skeletons = new RecordedSkeletons(catalog, run, times[0], times[^1]);
                return new Shot(catalog, plugins,
                    new VirtualCamera(device, move, times, lens, Width, Height, skeletons, plugins, StampedRecording.Rate, Serilog.Core.Logger.None, meshes));
            }
            catch
            {
                plugins.Dispose();
                catalog.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Camera.Dispose();
            _plugins.Dispose();
            _catalog.Dispose();
        }
    }
}
