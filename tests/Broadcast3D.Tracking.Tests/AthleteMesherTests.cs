using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Masks;
using Broadcast3D.Tracking.Meshes;

namespace Broadcast3D.Tracking.Tests;

public class AthleteMesherTests
{
    [Test]
    public void Extract_VoxelBall_ClosedOutwardSurfaceOfTheBallsVolume()
    {
        VisualHull hull = Ball(radiusVoxels: 20, out CarveGrid g);
        SurfaceMesh mesh = SurfaceNets.Extract(hull);
        double voxelVolume = hull.KeptVoxels * Math.Pow(g.Step, 3);
        Assert.Multiple(() =>
        {
            Assert.That(OpenEdges(mesh), Is.Zero, "edges not shared by exactly two triangles (either direction once)");
            // Positive: counter-clockwise from outside. Surface nets cut the voxel corners: a little under the voxels' volume.
            Assert.That(SignedVolume(mesh) / voxelVolume, Is.InRange(0.9, 1.02), "enclosed volume against the voxels'");
        });
    }

    [Test]
    public void Surface_VoxelBall_SmoothedWithoutShrinkingAndWithinBudget()
    {
        VisualHull hull = Ball(radiusVoxels: 20, out CarveGrid g);
        SurfaceMesh raw = SurfaceNets.Extract(hull);
        double rawVolume = SignedVolume(raw);
        double rawSpread = RadiusSpread(raw, g, out _);
        SurfaceMesh smooth = AthleteMesher.Surface(hull, new MeshOptions(TriangleBudget: 2000, SmoothingIterations: 6));
        double spread = RadiusSpread(smooth, g, out double meanRadius);
        TestContext.Out.WriteLine($"{raw.TriangleCount} → {smooth.TriangleCount} triangles; radius spread {rawSpread * 1000:F2} → {spread * 1000:F2} mm, mean radius {meanRadius * 1000:F1} mm; volume {rawVolume:F5} → {SignedVolume(smooth):F5} m³");
        Assert.Multiple(() =>
        {
            Assert.That(smooth.TriangleCount, Is.LessThanOrEqualTo(2000).And.GreaterThan(500));
            Assert.That(spread, Is.LessThan(rawSpread), "the staircase smoothed");
            Assert.That(meanRadius, Is.EqualTo(20 * g.Step).Within(1.0 * g.Step), "no shrinking");
            Assert.That(SignedVolume(smooth) / rawVolume, Is.InRange(0.9, 1.1), "volume kept through smoothing and decimation");
        });
    }

    [Test]
    public void Colour_BallBeforeColouredCameras_EachSideTakesTheCameraFacingIt()
    {
        // No miss allowed: the hull is then convex, so a vertex facing a camera is never hidden from it (with a miss
        // the hull grows bumps that may rightly hide a few vertices).
        const int misses = 0;
        CameraRig rig = HullCarverTests.Rig(4);
        PersonMask?[] masks = [.. rig.Cameras.Select(HullCarverTests.BallMask)];
        using var carver = new HullCarver(new MeshOptions(MarginMetres: 0.1, VoxelMetres: 0.02, AllowedMisses: misses), TrackingAccelerator.Reference);
        Vector3d c = HullCarverTests.Centre;
        VisualHull hull = carver.Carve(rig, masks, BallBox(), out string? reason) ?? throw new AssertionException(reason ?? "no hull");
        SurfaceMesh surface = AthleteMesher.Surface(hull, new MeshOptions());
        // Camera i's picture is one flat colour: the vertex colours say which camera coloured them.
        byte[][] colours = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0]];
        ImagePlanes[] frames = [.. rig.Cameras.Select((cam, i) => Flat(cam.ImageWidth, cam.ImageHeight, colours[i]))];
        AthleteMesh mesh = AthleteMesher.Colour(7, surface, rig, frames, hull.Cameras);

        Assert.That(mesh.PersonId, Is.EqualTo(7));
        ReadOnlySpan<float> p = mesh.Positions.Span;
        byte[] rgba = mesh.Colours.ToArray();
        float[] normals = surface.VertexNormals();
        int[] byCamera = new int[4];
        int wrong = 0, grey = 0;
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            // The camera the vertex's normal points at most, where it is clearly the most (by 0.1 in cosine) and faced
            // well (cosine 0.4): a ball before four cameras hides nothing from a camera it faces.
            int expected = -1;
            double first = double.MinValue, second = double.MinValue;
            for (int i = 0; i < 4; i++)
            {
                Vector3d d = rig.Cameras[i].PositionMetres - new Vector3d(p[v * 3], p[(v * 3) + 1], p[(v * 3) + 2]);
                double facing = ((normals[v * 3] * d.X) + (normals[(v * 3) + 1] * d.Y) + (normals[(v * 3) + 2] * d.Z)) / d.Length;
                if (facing > first)
                {
                    second = first;
                    first = facing;
                    expected = i;
                }
                else if (facing > second)
                {
                    second = facing;
                }
            }
            if (first < 0.4 || first - second < 0.1)
                expected = -1;
            int got = Array.FindIndex(colours, k => k[0] == rgba[v * 4] && k[1] == rgba[(v * 4) + 1] && k[2] == rgba[(v * 4) + 2]);
            grey += rgba[v * 4] == 128 && rgba[(v * 4) + 1] == 128 ? 1 : 0;
            if (expected < 0)
                continue;
            byCamera[expected]++;
            wrong += got == expected ? 0 : 1;
        }
        TestContext.Out.WriteLine($"{mesh.VertexCount} vertices, clearly facing one camera: {string.Join(", ", byCamera)}; wrong {wrong}; grey {grey}");
        Assert.Multiple(() =>
        {
            Assert.That(byCamera, Is.All.GreaterThan(10));
            Assert.That(wrong, Is.Zero, "vertices coloured by a camera other than the one they face");
            Assert.That(grey, Is.GreaterThan(0), "the bottom and top, which no camera faces, stay grey");
        });
    }

    [TestCase(0, 0.9)]
    [TestCase(1, 0.6)]
    public void IoU_BallMeshAgainstItsMasks_NearOneWithoutMisses(int misses, double least)
    {
        CameraRig rig = HullCarverTests.Rig(4);
        PersonMask[] masks = [.. rig.Cameras.Select(HullCarverTests.BallMask)];
        using var carver = new HullCarver(new MeshOptions(MarginMetres: 0.1, AllowedMisses: misses), TrackingAccelerator.Reference);
        VisualHull hull = carver.Carve(rig, masks, BallBox(), out string? reason) ?? throw new AssertionException(reason ?? "no hull");
        SurfaceMesh mesh = AthleteMesher.Surface(hull, new MeshOptions());
        double[] iou = [.. rig.Cameras.Select((cam, i) => SilhouetteAgreement.IoU(cam, mesh, masks[i]))];
        TestContext.Out.WriteLine($"IoU per camera {string.Join(", ", iou.Select(x => x.ToString("F3")))}");
        // With a miss allowed, what three cameras agree on is kept even where the fourth sees background: the hull
        // reaches past each silhouette (measured 0.66–0.88 on this ball).
        Assert.That(iou, Is.All.GreaterThan(least));
    }

    /// <summary>Two "markers" at opposite corners of the ball's box: the grid then holds the whole ball.</summary>
    private static double[] BallBox()
    {
        Vector3d c = HullCarverTests.Centre;
        const double R = HullCarverTests.Radius;
        return [c.X - R, c.Y - R, c.Z - R, c.X + R, c.Y + R, c.Z + R];
    }

    private static ImagePlanes Flat(int width, int height, byte[] rgb)
    {
        var data = new byte[width * height * 4];
        for (int i = 0; i < data.Length; i += 4)
        {
            data[i] = rgb[0];
            data[i + 1] = rgb[1];
            data[i + 2] = rgb[2];
            data[i + 3] = 255;
        }
        return ImagePlanes.Rgba(data, width, height);
    }

    /// <summary>A grid with a ball of voxels (1 cm) in its middle.</summary>
    private static VisualHull Ball(int radiusVoxels, out CarveGrid grid)
    {
        int n = (2 * radiusVoxels) + 5;
        grid = new CarveGrid(0, 0, 0, 0.01f, n, n, n, 4, 1, 2);
        var occupancy = new byte[n * n * n];
        double centre = (n - 1) / 2.0;
        for (int k = 0; k < n; k++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int i = 0; i < n; i++)
                {
                    double d2 = ((i - centre) * (i - centre)) + ((j - centre) * (j - centre)) + ((k - centre) * (k - centre));
                    occupancy[i + (n * (j + (n * k)))] = d2 <= radiusVoxels * radiusVoxels ? (byte)1 : (byte)0;
                }
            }
        }
        return new VisualHull(grid, occupancy, [0, 1], []);
    }

    private static double SignedVolume(SurfaceMesh mesh)
    {
        double volume = 0;
        float[] p = mesh.Positions;
        for (int t = 0; t < mesh.Indices.Length; t += 3)
        {
            int a = mesh.Indices[t] * 3, b = mesh.Indices[t + 1] * 3, c = mesh.Indices[t + 2] * 3;
            volume += ((p[a] * ((p[b + 1] * p[c + 2]) - (p[b + 2] * p[c + 1]))) - (p[a + 1] * ((p[b] * p[c + 2]) - (p[b + 2] * p[c]))) + (p[a + 2] * ((p[b] * p[c + 1]) - (p[b + 1] * p[c])))) / 6;
        }
        return volume;
    }

    private static int OpenEdges(SurfaceMesh mesh)
    {
        var directed = new Dictionary<(int, int), int>();
        for (int t = 0; t < mesh.Indices.Length; t += 3)
        {
            for (int e = 0; e < 3; e++)
            {
                var key = (mesh.Indices[t + e], mesh.Indices[t + ((e + 1) % 3)]);
                directed[key] = directed.GetValueOrDefault(key) + 1;
            }
        }
        // Closed and consistently wound: every directed edge once, its reverse once.
        return directed.Count(kv => kv.Value != 1 || !directed.ContainsKey((kv.Key.Item2, kv.Key.Item1)));
    }

    private static double RadiusSpread(SurfaceMesh mesh, CarveGrid g, out double mean)
    {
        double centre = (g.Nx - 1) / 2.0 * g.Step;
        double[] r = new double[mesh.VertexCount];
        for (int v = 0; v < r.Length; v++)
        {
            double dx = mesh.Positions[v * 3] - centre, dy = mesh.Positions[(v * 3) + 1] - centre, dz = mesh.Positions[(v * 3) + 2] - centre;
            r[v] = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
        }
        double m = r.Average();
        mean = m;
        return Math.Sqrt(r.Average(x => (x - m) * (x - m)));
    }
}
