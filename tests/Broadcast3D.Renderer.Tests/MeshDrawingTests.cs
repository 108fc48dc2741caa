using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Views;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// <see cref="Compositor.DrawMeshes"/> on real GL (llvmpipe here) through the demo's real calibrated cameras (with their
/// lens distortion): a closed test ellipsoid around the Balancing trial's athlete covers exactly the pixels the Core
/// camera model (<see cref="Camera.Project"/>, independent of the renderer's projection) gives its vertices; triangles
/// with a non-finite corner are skipped and counted; bad arguments are refused naming them.
/// </summary>
public sealed class MeshDrawingTests : GpuTestBase
{
    private static readonly Vector4 Transparent = Vector4.Zero;

    [Test]
    public void DrawMeshes_CalibratedCamerasWithDistortion_SilhouetteOnTheCpuProjectionWithinOnePixel()
    {
        CameraRig calibration = CalibrationToml.Read(SharedAssets.CalibrationToml);
        AthleteMesh mesh = AroundTheAthlete();
        int cameras = 0;
        foreach (Camera camera in calibration.Cameras)
        {
            using var compositor = new Compositor(Device, new CompositorDescription(camera.ImageWidth, camera.ImageHeight));
            compositor.BeginFrame(Transparent);
            compositor.DrawMeshes(RenderCamera.FromCalibration(camera), [mesh], new Vector3(0.25f, 0.15f, -1));
            byte[] rgba = new byte[camera.ImageWidth * camera.ImageHeight * 4];
            compositor.ReadRgba(rgba);
            (int minX, int minY, int maxX, int maxY, int covered) = (int.MaxValue, int.MaxValue, int.MinValue, int.MinValue, 0);
            for (int p = 0; p < rgba.Length; p += 4)
            {
                if (rgba[p + 3] == 0)
                    continue;
                int x = p / 4 % camera.ImageWidth, y = p / 4 / camera.ImageWidth;
                (minX, minY, maxX, maxY, covered) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y), covered + 1);
            }
            (double pMinX, double pMinY, double pMaxX, double pMaxY) = (double.MaxValue, double.MaxValue, double.MinValue, double.MinValue);
            ReadOnlySpan<float> positions = mesh.Positions.Span;
            for (int v = 0; v < positions.Length; v += 3)
            {
                (double u, double w) = camera.Project(new Vector3d(positions[v], positions[v + 1], positions[v + 2]));
                (pMinX, pMinY, pMaxX, pMaxY) = (Math.Min(pMinX, u), Math.Min(pMinY, w), Math.Max(pMaxX, u), Math.Max(pMaxY, w));
            }
            if (pMinX < 1 || pMinY < 1 || pMaxX > camera.ImageWidth - 2 || pMaxY > camera.ImageHeight - 2)
                continue; // partly out of this camera's picture
            cameras++;
            Assert.That(covered, Is.GreaterThan(1000), $"{camera.Name}: the mesh is drawn");
            // Pixel centres at integers: a pixel is covered when its centre is inside the projected triangles.
            Assert.That(new[] { minX - pMinX, minY - pMinY, maxX - pMaxX, maxY - pMaxY }, Has.All.InRange(-1.0, 1.0),
                $"{camera.Name}: drawn {minX}..{maxX} x {minY}..{maxY}, projected {pMinX:0.00}..{pMaxX:0.00} x {pMinY:0.00}..{pMaxY:0.00}");
        }
        Assert.That(cameras, Is.GreaterThanOrEqualTo(3), "the athlete is wholly in view of most of the demo's four cameras");
    }

    [Test]
    public void DrawMeshes_NonFiniteVertex_ItsTrianglesSkippedAndTheRestDrawn()
    {
        AthleteMesh whole = EllipsoidMesh.Create(1, Vector3.Zero, new Vector3(0.3f), 12, 16, _ => (200, 200, 200, 255));
        float[] positions = whole.Positions.ToArray();
        positions[2] = float.NaN; // the top pole: one corner of the 16 triangles of the top cap
        var broken = new AthleteMesh(1, positions, whole.Colours.ToArray(), whole.Indices.ToArray());
        RenderCamera camera = RenderCamera.Orbit(Vector3.Zero, 0, 0.2f, 3, 0.8f, 128, 128);
        using var compositor = new Compositor(Device, new CompositorDescription(128, 128));
        int[] covered = new int[2];
        int i = 0;
        foreach (AthleteMesh mesh in new[] { whole, broken })
        {
            compositor.BeginFrame(Transparent);
            compositor.DrawMeshes(camera, [mesh], -Vector3.UnitZ);
            Assert.That(compositor.SkippedMeshTriangles, Is.EqualTo(i == 0 ? 0 : 16));
            byte[] rgba = new byte[128 * 128 * 4];
            compositor.ReadRgba(rgba);
            for (int p = 3; p < rgba.Length; p += 4)
                covered[i] += rgba[p] == 0 ? 0 : 1;
            i++;
        }
        Assert.That(covered[1], Is.GreaterThan(covered[0] * 8 / 10).And.LessThanOrEqualTo(covered[0]), "the body without its top cap");
    }

    [Test]
    public void DrawMeshes_BadArguments_RefusedNamingThem()
    {
        AthleteMesh mesh = EllipsoidMesh.Create(1, Vector3.Zero, new Vector3(0.3f), 4, 6, _ => (200, 200, 200, 255));
        RenderCamera camera = RenderCamera.Orbit(Vector3.Zero, 0, 0.2f, 3, 0.8f, 64, 64);
        using var compositor = new Compositor(Device, new CompositorDescription(64, 64));
        compositor.BeginFrame(Transparent);
        var nullEntry = Assert.Throws<ArgumentException>(() => compositor.DrawMeshes(camera, [mesh, null!], -Vector3.UnitZ))!;
        Assert.That(nullEntry.Message, Does.Contain("meshes[1] is null"));
        var light = Assert.Throws<ArgumentOutOfRangeException>(() => compositor.DrawMeshes(camera, [mesh], Vector3.Zero))!;
        Assert.That(light.ParamName, Is.EqualTo("lightDirection"));
        var ground = Assert.Throws<ArgumentException>(() => compositor.DrawGround(camera, GroundPlane.Around(Vector3.Zero), [], [null!]))!;
        Assert.That(ground.Message, Does.Contain("meshes[0] is null"));
    }

    /// <summary>An ellipsoid around the Balancing trial's athlete at frame 50: 0.3 m round, from the lowest joint to the highest.</summary>
    private static AthleteMesh AroundTheAthlete()
    {
        (Vector3[] joints, _) = BalancingReference.Joints(50);
        (Vector3 sum, float low, float high, int n) = (Vector3.Zero, float.MaxValue, float.MinValue, 0);
        foreach (Vector3 j in joints)
        {
            if (!float.IsFinite(j.X + j.Y + j.Z))
                continue;
            (sum, low, high, n) = (sum + j, Math.Min(low, j.Z), Math.Max(high, j.Z), n + 1);
        }
        var centre = new Vector3(sum.X / n, sum.Y / n, (low + high) / 2);
        return EllipsoidMesh.Create(1, centre, new Vector3(0.3f, 0.3f, (high - low) / 2), 64, 64, _ => (220, 120, 40, 255));
    }
}
