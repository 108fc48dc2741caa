using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Views;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The orbit view drawing athlete meshes (issue #18) on real GL (llvmpipe here): a closed test ellipsoid of known shape
/// and colours stands on the floor at the orbit's centre. Its pixels are where the CPU projection puts its vertices,
/// its colours show lit by the floor's sun, its shadow darkens the floor, the depth test orders it against itself and
/// the floor, a skeleton can be drawn through it, and drawing a changing mesh allocates nothing.
/// </summary>
public sealed class OrbitViewMeshTests : GpuTestBase
{
    private const int Frames = 8, Width = 320, Height = 240;
    private static readonly Vector3 Centre = new(0, 0, 0.95f), Radii = new(0.25f, 0.2f, 0.85f);
    // Looking down at the athlete from 1.5 m above its centre: the floor around the feet is in the picture.
    private static readonly OrbitCamera Orbit = new(new Vector3d(0, 0, 1), 4, 1.5, Width, Height, 50, 1);

    [Test]
    public void Draw_Mesh_SilhouetteOnTheCpuProjectionWithinOnePixel()
    {
        AthleteMesh mesh = EllipsoidMesh.Create(1, Centre, Radii, 48, 48, _ => (230, 30, 30, 255));
        using var view = new OrbitView(Device, "orbit", Orbit, Frames, Math.PI / 2, new MeshDrawing(new MeshFrames([mesh])));
        using OverlayHost overlays = OrbitPerson.Overlays("bodies");
        for (int n = 0; n < Frames; n += 3)
        {
            MeshPicture picture = Draw(view, overlays, n);
            (int minX, int minY, int maxX, int maxY, int count) = picture.Bounds(picture.IsRed);
            (float pMinX, float pMinY, float pMaxX, float pMaxY) = picture.Projected(view.CameraOf(n), mesh);
            Assert.That(count, Is.GreaterThan(500), $"frame {n}: the mesh is drawn");
            // Pixel centres at integers: a pixel is covered when its centre is inside the silhouette.
            Assert.That(new[] { minX - pMinX, minY - pMinY, maxX - pMaxX, maxY - pMaxY }, Has.All.InRange(-1f, 1f),
                $"frame {n}: drawn {minX}..{maxX} x {minY}..{maxY}, projected {pMinX:0.00}..{pMaxX:0.00} x {pMinY:0.00}..{pMaxY:0.00}");
        }
    }

    [Test]
    public void Draw_TwoColourMesh_ColoursShowAndTheSideFacingTheSunIsBrighter()
    {
        // Top half red, bottom half blue.
        AthleteMesh mesh = EllipsoidMesh.Create(1, Centre, Radii, 48, 48, u => u.Z >= 0 ? ((byte)230, (byte)30, (byte)30, (byte)255) : ((byte)30, (byte)30, (byte)230, (byte)255));
        using var view = new OrbitView(Device, "orbit", Orbit, Frames, Math.PI / 2, new MeshDrawing(new MeshFrames([mesh])));
        using OverlayHost overlays = OrbitPerson.Overlays("bodies");
        MeshPicture picture = Draw(view, overlays, 0);
        RenderCamera camera = view.CameraOf(0);
        Vector3 eye = Eye(camera);
        Vector3 towardsLight = Vector3.Normalize(-view.Ground.LightDirection);
        // Vertices well inside the silhouette (facing the camera), upper and lower half apart from the equator.
        var upper = new List<(double Lambert, double Luma)>();
        int blue = 0, lower = 0;
        ReadOnlySpan<float> p = mesh.Positions.Span;
        for (int v = 0; v < p.Length; v += 3)
        {
            var world = new Vector3(p[v], p[v + 1], p[v + 2]);
            Vector3 unit = (world - Centre) / Radii;
            Vector3 normal = Vector3.Normalize(unit / Radii);
            if (Vector3.Dot(normal, Vector3.Normalize(eye - world)) < 0.6f || MathF.Abs(unit.Z) < 0.15f)
                continue;
            (int x, int y) = picture.Nearest(camera, world);
            if (unit.Z > 0)
            {
                Assert.That(picture.IsRed(x, y), $"upper vertex at ({x}, {y}) is red");
                upper.Add((Vector3.Dot(normal, towardsLight), picture.Luma(x, y)));
            }
            else
            {
                lower++;
                if (picture.IsBlue(x, y))
                    blue++;
            }
        }
        Assert.That(lower, Is.GreaterThan(20), "lower vertices facing the camera");
        Assert.That(blue, Is.EqualTo(lower), "every lower vertex facing the camera is blue");
        (double Lambert, double Luma) lit = upper.MaxBy(u => u.Lambert), far = upper.MinBy(u => u.Lambert);
        Assert.That(lit.Lambert - far.Lambert, Is.GreaterThan(0.4), "the view shows surfaces facing the sun and turned from it");
        Assert.That(lit.Luma, Is.GreaterThan(1.3 * far.Luma), $"lit (n·l {lit.Lambert:0.00}) vs far side (n·l {far.Lambert:0.00})");
    }

    [Test]
    public void Draw_Mesh_ShadowOnTheFloorDarkerThanTheLitFloor()
    {
        AthleteMesh mesh = EllipsoidMesh.Create(1, Centre, Radii, 48, 48, _ => (230, 30, 30, 255));
        using var view = new OrbitView(Device, "orbit", Orbit, Frames, Math.PI / 2, new MeshDrawing(new MeshFrames([mesh])));
        using OverlayHost overlays = OrbitPerson.Overlays("bodies");
        GroundPlane ground = view.Ground;
        Vector2 foot = ground.ShadowOf(Centre with { Z = ground.Centre.Z });
        int compared = 0;
        for (int n = 0; n < Frames; n += 2)
        {
            MeshPicture picture = Draw(view, overlays, n);
            RenderCamera camera = view.CameraOf(n);
            // Points high on the axis throw their shadow past the body's footprint; as far from the foot the other way, the floor is lit.
            foreach (float z in new[] { 1.3f, 1.5f, 1.7f })
            {
                Vector2 shadow = ground.ShadowOf(Centre with { Z = z });
                Vector2 lit = (2 * foot) - shadow;
                (int sx, int sy) = picture.Nearest(camera, new Vector3(shadow, ground.Centre.Z));
                (int lx, int ly) = picture.Nearest(camera, new Vector3(lit, ground.Centre.Z));
                if (!picture.Inside(sx, sy) || !picture.Inside(lx, ly) || picture.IsRed(sx, sy) || picture.IsRed(lx, ly))
                    continue; // out of the picture, or behind the body from this side
                compared++;
                Assert.That(picture.Luma(sx, sy), Is.LessThan(0.7 * picture.Luma(lx, ly)),
                    $"frame {n}: floor in the shadow of z {z} at ({sx}, {sy}) vs lit floor at ({lx}, {ly})");
            }
        }
        Assert.That(compared, Is.GreaterThanOrEqualTo(4), "shadow points seen beside the body");
    }

    [Test]
    public void Draw_MeshSunkIntoTheFloor_NearSideInFrontAndTheFloorHidesWhatIsUnder()
    {
        // Round in plan, sunk 0.3 m into the floor (at z 0); blue where the first frame's camera sees it, red elsewhere.
        var centre = new Vector3(0, 0, 0.55f);
        var radii = new Vector3(0.25f, 0.25f, 0.85f);
        RenderCamera first = RenderCamera.FromCalibration(Orbit.At(OrbitCamera.AngleAt(0, Frames, Math.PI / 2)));
        Vector3 eye = Eye(first);
        AthleteMesh mesh = EllipsoidMesh.Create(1, centre, radii, 48, 48, u =>
            Vector3.Dot(u / radii, eye - (centre + (u * radii))) > 0 ? ((byte)30, (byte)30, (byte)230, (byte)255) : ((byte)230, (byte)30, (byte)30, (byte)255));
        using var view = new OrbitView(Device, "orbit", Orbit, Frames, Math.PI / 2, new MeshDrawing(new MeshFrames([mesh])));
        using OverlayHost overlays = OrbitPerson.Overlays("bodies");
        MeshPicture picture = Draw(view, overlays, 0);
        RenderCamera camera = view.CameraOf(0);
        int red = picture.Bounds(picture.IsRed).Count, blue = picture.Bounds(picture.IsBlue).Count;
        Assert.That(blue, Is.GreaterThan(500), "the side facing the camera");
        // Only triangles straddling the silhouette mix the two colours; without a depth test half the body would be red.
        Assert.That(red, Is.LessThan(blue / 50), "the far side stays behind the near side");
        // On the near side: 0.1 m above the floor the mesh shows; 0.15 m under it, the floor is in front of it.
        Vector3 towards = Vector3.Normalize(new Vector3(eye.X - centre.X, eye.Y - centre.Y, 0));
        Vector3 Surface(float z) => new Vector3(centre.X, centre.Y, z) + (towards * radii.X * 0.95f * MathF.Sqrt(1 - MathF.Pow((z - centre.Z) / radii.Z, 2)));
        (int ax, int ay) = picture.Nearest(camera, Surface(0.1f));
        (int ux, int uy) = picture.Nearest(camera, Surface(-0.15f));
        Assert.That(picture.Inside(ax, ay) && picture.Inside(ux, uy), $"({ax}, {ay}) and ({ux}, {uy}) in the picture");
        Assert.That(picture.IsBlue(ax, ay), $"the mesh above the floor at ({ax}, {ay})");
        Assert.That(picture.IsBlue(ux, uy) || picture.IsRed(ux, uy), Is.False, $"the floor hides the mesh under it at ({ux}, {uy})");
    }

    [Test]
    public void Draw_SkeletonOnTop_JointsInsideTheMeshShowThroughIt()
    {
        // The test person's joints stand on the axis inside the ellipsoid.
        AthleteMesh mesh = EllipsoidMesh.Create(1, Centre, Radii, 48, 48, _ => (30, 30, 230, 255));
        using OverlayHost skeleton = OrbitPerson.Overlays("skeleton");
        int[] orange = new int[2];
        foreach (bool onTop in new[] { false, true })
        {
            using var view = new OrbitView(Device, "orbit", Orbit, Frames, Math.PI / 2, new MeshDrawing(new MeshFrames([mesh]), onTop));
            MeshPicture picture = Draw(view, skeleton, 0);
            (int _, int _, int _, int _, orange[onTop ? 1 : 0]) = picture.Bounds(picture.IsOrange);
            (int _, int _, int _, int _, int blue) = picture.Bounds(picture.IsBlue);
            Assert.That(blue, Is.GreaterThan(500), "the mesh is drawn");
        }
        Assert.That(orange[0], Is.Zero, "without the setting the mesh replaces the skeleton");
        Assert.That(orange[1], Is.GreaterThan(100), "with it, the skeleton is drawn over the mesh that encloses it");
    }

    [Test]
    public void Draw_FrameWithoutMeshes_TheOverlaysStandOnTheFloor()
    {
        AthleteMesh mesh = EllipsoidMesh.Create(1, Centre, Radii, 16, 16, _ => (230, 30, 30, 255));
        var source = new MeshFrames([mesh], []);
        using var view = new OrbitView(Device, "orbit", Orbit, Frames, Math.PI / 2, new MeshDrawing(source));
        using OverlayHost bodies = OrbitPerson.Overlays("bodies");
        MeshPicture withMesh = Draw(view, bodies, 0), without = Draw(view, bodies, 1);
        Assert.That(withMesh.Bounds(withMesh.IsRed).Count, Is.GreaterThan(500));
        Assert.That(without.Bounds(without.IsRed).Count, Is.Zero, "frame 1 has no mesh");
        Assert.That(without.Bounds(without.IsCyan).Count, Is.GreaterThan(100), "the capsules instead");
        Assert.That(source.Calls, Is.EqualTo(2));
        Assert.Throws<InvalidOperationException>(() => view.Draw(bodies, 0), "a mesh view needs the frame's time");
    }

    [Test]
    public void Draw_ChangingMeshEveryFrame_AllocatesNothing()
    {
        // Two meshes of different sizes in turn: every frame uploads; the buffers grew on the first two.
        AthleteMesh a = EllipsoidMesh.Create(1, Centre, Radii, 40, 40, _ => (230, 30, 30, 255));
        AthleteMesh b = EllipsoidMesh.Create(1, Centre + new Vector3(0.1f, 0, 0), Radii, 48, 48, _ => (30, 30, 230, 255));
        using var view = new OrbitView(Device, "orbit", Orbit, 64, 0, new MeshDrawing(new MeshFrames([a], [b]), SkeletonOnTop: true));
        using OverlayHost skeleton = OrbitPerson.Overlays("skeleton");
        for (int n = 0; n < 2; n++)
        {
            view.Draw(skeleton, n, Rational.Zero);
            view.Compositor.FlushGraphics();
        }
        long allocated = SteadyAllocation.Smallest(() =>
        {
            for (int n = 2; n < 64; n++)
            {
                view.Draw(skeleton, n, Rational.Zero);
                view.Compositor.FlushGraphics();
            }
        });
        Assert.That(allocated, Is.Zero, "bytes allocated drawing frames 2–63 (smallest of three passes)");
        Assert.That(view.Compositor.SkippedMeshTriangles, Is.Zero);
    }

    private static MeshPicture Draw(OrbitView view, OverlayHost overlays, int frame)
    {
        var rgba = new byte[Width * Height * 4];
        view.Draw(overlays, frame, Rational.Zero);
        view.Compositor.ReadRgba(rgba);
        return new MeshPicture(rgba, Width, Height);
    }

    private static Vector3 Eye(RenderCamera camera)
    {
        Matrix4x4.Invert(camera.WorldToCamera, out Matrix4x4 cameraToWorld);
        return cameraToWorld.Translation;
    }
}
