using Broadcast3D.Calibration.Extrinsics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// Extrinsics from scene points with known coordinates (issue #19). The shared data has no clicked points, so the
/// demo's own eight scene points (Pose2Sim's Config.toml, metres) are projected through the Qualisys cameras, lens
/// distortion included, with Gaussian pixel noise, and the poses are recovered.
/// </summary>
public sealed class ScenePointsCalibrationTests
{
    private static readonly Vector3d[] DemoPoints =
    [
        new(-2.0, 0.3, 0.0), new(-2.0, 0.0, 0.0), new(-2.0, 0.0, 0.05), new(-2.0, -0.3, 0.0),
        new(0.0, 0.3, 0.0), new(0.0, 0.0, 0.0), new(0.0, 0.0, 0.05), new(0.0, -0.3, 0.0),
    ];

    [Test]
    public void Calibrate_DemoScenePointsWithHalfPixelNoise_RecoversQualisysPoses()
    {
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        ScenePoints points = Project(qualisys, DemoPoints, noisePixels: 0.5, seed: 6);

        (CameraRig rig, IReadOnlyList<double> rms) = ScenePointsCalibrator.Calibrate(qualisys, points, "synthetic points");

        double[] centres = [.. rig.Cameras.Select((c, i) => (c.PositionMetres - qualisys.Cameras[i].PositionMetres).Length)];
        double[] angles = [.. rig.Cameras.Select((c, i) => AngleDegrees(c.Rotation, qualisys.Cameras[i].Rotation))];
        TestContext.Out.WriteLine($"8 demo points, 0.5 px noise: centres {string.Join(", ", centres.Select(e => $"{100 * e:F2}"))} cm, rotations {string.Join(", ", angles.Select(a => $"{a:F3}"))}°, RMS {string.Join(", ", rms.Select(r => $"{r:F2}"))} px");
        Assert.Multiple(() =>
        {
            Assert.That(centres, Is.All.LessThan(0.05), "camera centres, m (no similarity: the points fix the world)");
            Assert.That(angles, Is.All.LessThan(0.5), "camera orientations, degrees");
            Assert.That(rms, Is.All.LessThan(1.0), "reprojection of 0.5 px noise, px");
        });
    }

    [Test]
    public void Read_PointsFile_RoundTripsAndCalibrates()
    {
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        ScenePoints points = Project(qualisys, DemoPoints, noisePixels: 0, seed: 1);
        using var tmp = new TempFolder();
        string file = tmp.File("points.toml");
        Write(points, file);

        ScenePoints read = ScenePoints.Read(file);
        (CameraRig rig, _) = ScenePointsCalibrator.Calibrate(qualisys, read, file);

        Assert.Multiple(() =>
        {
            Assert.That(read.World, Has.Count.EqualTo(8));
            Assert.That(read.Cameras.Keys, Is.EquivalentTo(qualisys.Cameras.Select(c => c.Name)));
            Assert.That(rig.Cameras.Select((c, i) => (c.PositionMetres - qualisys.Cameras[i].PositionMetres).Length), Is.All.LessThan(0.001));
        });
    }

    [Test]
    public void Calibrate_FivePoints_ThrowsNamingCameraAndCount()
    {
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        ScenePoints points = Project(qualisys, DemoPoints[..5], noisePixels: 0, seed: 1);
        var ex = Assert.Throws<InputFormatException>(() => ScenePointsCalibrator.Calibrate(qualisys, points, "points.toml"));
        Assert.That(ex!.Message, Does.Contain("points.toml").And.Contain("cam_01").And.Contain("5 point(s), at least 6 needed"));
    }

    [Test]
    public void Calibrate_CollinearPoints_ThrowsSayingOneLine()
    {
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        Vector3d[] line = [.. Enumerable.Range(0, 7).Select(i => new Vector3d(-2.0 + (0.3 * i), 0, 0))];
        ScenePoints points = Project(qualisys, line, noisePixels: 0, seed: 1);
        var ex = Assert.Throws<InputFormatException>(() => ScenePointsCalibrator.Calibrate(qualisys, points, "points.toml"));
        Assert.That(ex!.Message, Does.Contain("lie on one line"));
    }

    [Test]
    public void Read_CameraNamesUnknownPoint_ThrowsNamingIt()
    {
        using var tmp = new TempFolder();
        string file = tmp.File("points.toml");
        File.WriteAllText(file, "[world]\nA = [0.0, 0.0, 0.0]\n[cam_01]\nB = [10.0, 20.0]\n");
        var ex = Assert.Throws<InputFormatException>(() => ScenePoints.Read(file));
        Assert.That(ex!.Message, Does.Contain("[cam_01] B: no such point in [world]"));
    }

    [Test]
    public void Read_NoWorldTable_ThrowsSayingWhatToGive()
    {
        using var tmp = new TempFolder();
        string file = tmp.File("points.toml");
        File.WriteAllText(file, "[cam_01]\nA = [10.0, 20.0]\n");
        var ex = Assert.Throws<InputFormatException>(() => ScenePoints.Read(file));
        Assert.That(ex!.Message, Does.Contain("no [world] table"));
    }

    /// <summary>Every point seen by every camera (pixels with distortion, plus noise), names P1…Pn.</summary>
    internal static ScenePoints Project(CameraRig rig, Vector3d[] world, double noisePixels, int seed)
    {
        var random = new Random(seed);
        var names = world.Select((_, i) => $"P{i + 1}").ToArray();
        var cameras = new Dictionary<string, IReadOnlyDictionary<string, (double U, double V)>>();
        foreach (Camera camera in rig.Cameras)
        {
            var seen = new Dictionary<string, (double U, double V)>();
            for (int i = 0; i < world.Length; i++)
            {
                (double u, double v) = camera.Project(world[i]);
                Assert.That(u >= 0 && u < camera.ImageWidth && v >= 0 && v < camera.ImageHeight, Is.True, $"{names[i]} outside {camera.Name}'s picture");
                seen[names[i]] = (u + (noisePixels * Gaussian(random)), v + (noisePixels * Gaussian(random)));
            }

            cameras[camera.Name] = seen;
        }

        return ScenePoints.Create(names.Select((n, i) => (n, world[i])).ToDictionary(p => p.n, p => p.Item2), cameras);
    }

    internal static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    internal static double AngleDegrees(Matrix3d a, Matrix3d b)
    {
        Matrix3d d = a * b.Transpose();
        return Math.Acos(Math.Clamp((d.M00 + d.M11 + d.M22 - 1) / 2, -1, 1)) * 180 / Math.PI;
    }

    private static void Write(ScenePoints points, string file)
    {
        var text = new System.Text.StringBuilder("[world]\n");
        foreach ((string name, Vector3d p) in points.World)
        {
            text.Append(FormattableString.Invariant($"{name} = [{p.X:R}, {p.Y:R}, {p.Z:R}]\n"));
        }

        foreach ((string camera, IReadOnlyDictionary<string, (double U, double V)> seen) in points.Cameras)
        {
            text.Append(FormattableString.Invariant($"[{camera}]\n"));
            foreach ((string name, (double u, double v)) in seen)
            {
                text.Append(FormattableString.Invariant($"{name} = [{u:R}, {v:R}]\n"));
            }
        }

        File.WriteAllText(file, text.ToString());
    }
}
