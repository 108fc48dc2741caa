using System.Globalization;
using System.Text;
using Broadcast3D.Calibration.Extrinsics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;
using OpenCvSharp;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// <c>b3d calib extrinsics --board</c> and <c>--points</c> through the real CLI (issue #19). The shared data has no
/// board seen by several cameras, so a chessboard (8×5 inner corners, 100 mm squares) lying on the Qualisys floor is
/// rendered by OpenCV into each Qualisys camera's picture (pinhole: the intrinsics given to the command are the
/// Qualisys ones without lens distortion) and found again by the command's own detector.
/// </summary>
public class CalibBoardPointsCliTests
{
    private static readonly (double X, double Y, double Heading)[] Placements = [(0.0, 0.0, 0.0), (-1.0, 0.3, 0.5), (-1.8, -0.3, 1.2), (-0.6, -0.4, 2.0)];

    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(3));

    [Test]
    public void CalibExtrinsicsBoard_RenderedBoardOnTheFloor_PosesCamerasLikeQualisys()
    {
        using var tmp = new TempFolder();
        CameraRig pinhole = Pinhole(CalibrationToml.Read(SharedAssets.CalibrationToml));
        string intrinsics = tmp.File("pinhole.toml");
        CalibrationToml.Write(pinhole, intrinsics);
        string images = RenderAll(tmp, pinhole, Placements, _ => true);
        string output = tmp.File("board.toml");

        ProcessRunner.Result r = B3d("calib", "extrinsics", "--intrinsics", intrinsics, "--board", "chessboard:8x5:100", "--images", images, "--out", output);

        Assert.That(r.ExitCode, Is.Zero, r.StdErr + r.StdOut);
        CameraRig rig = CalibrationToml.Read(output);
        Similarity alignment = Similarity.Fit([.. rig.Cameras.Select(c => c.PositionMetres)], [.. pinhole.Cameras.Select(c => c.PositionMetres)]);
        double[] centres = [.. rig.Cameras.Select((c, i) => (alignment.Apply(c.PositionMetres) - pinhole.Cameras[i].PositionMetres).Length)];
        TestContext.Out.WriteLine(r.StdOut);
        TestContext.Out.WriteLine($"rendered board: centres {string.Join(", ", centres.Select(e => (100 * e).ToString("F2", CultureInfo.InvariantCulture)))} cm, scale {alignment.Scale.ToString("F4", CultureInfo.InvariantCulture)}");
        Assert.Multiple(() =>
        {
            Assert.That(centres, Is.All.LessThan(0.02), "camera centres, m");
            Assert.That(alignment.Scale, Is.EqualTo(1).Within(0.01), "metric from the board's squares");
            Assert.That(rig.Cameras.Select(c => c.PositionMetres.Z), Is.All.GreaterThan(1.0), "Z up: the cameras above the board, m");
        });
    }

    [Test]
    public void CalibExtrinsicsBoard_BoardSeenByOneCameraOnly_ExitsOneAndWritesNothing()
    {
        using var tmp = new TempFolder();
        CameraRig pinhole = Pinhole(CalibrationToml.Read(SharedAssets.CalibrationToml));
        string intrinsics = tmp.File("pinhole.toml");
        CalibrationToml.Write(pinhole, intrinsics);
        string images = RenderAll(tmp, pinhole, Placements[..1], camera => camera == 0);
        string output = tmp.File("board.toml");

        ProcessRunner.Result r = B3d("calib", "extrinsics", "--intrinsics", intrinsics, "--board", "chessboard:8x5:100", "--images", images, "--out", output);

        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
            Assert.That(r.StdErr, Does.Contain("never seen by two cameras at once"));
            Assert.That(File.Exists(output), Is.False, "no calibration written");
        });
    }

    [Test]
    public void CalibExtrinsicsPoints_DemoScenePoints_PosesCamerasLikeQualisys()
    {
        using var tmp = new TempFolder();
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        string points = tmp.File("points.toml");
        // Pose2Sim's eight scene points of the demo (its Config.toml), metres, as the Qualisys cameras see them.
        WritePoints(qualisys, points, [new(-2.0, 0.3, 0.0), new(-2.0, 0.0, 0.0), new(-2.0, 0.0, 0.05), new(-2.0, -0.3, 0.0), new(0.0, 0.3, 0.0), new(0.0, 0.0, 0.0), new(0.0, 0.0, 0.05), new(0.0, -0.3, 0.0)]);
        string output = tmp.File("points-calib.toml");

        ProcessRunner.Result r = B3d("calib", "extrinsics", "--intrinsics", SharedAssets.CalibrationToml, "--points", points, "--out", output);

        Assert.That(r.ExitCode, Is.Zero, r.StdErr + r.StdOut);
        CameraRig rig = CalibrationToml.Read(output);
        Assert.That(rig.Cameras.Select((c, i) => (c.PositionMetres - qualisys.Cameras[i].PositionMetres).Length), Is.All.LessThan(0.005), "camera centres, m (the points fix the world)");
    }

    [Test]
    public void CalibExtrinsicsPoints_FivePoints_ExitsOneAndWritesNothing()
    {
        using var tmp = new TempFolder();
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        string points = tmp.File("points.toml");
        WritePoints(qualisys, points, [new(-2.0, 0.3, 0.0), new(-2.0, 0.0, 0.0), new(-2.0, -0.3, 0.0), new(0.0, 0.3, 0.0), new(0.0, -0.3, 0.0)]);
        string output = tmp.File("points-calib.toml");

        ProcessRunner.Result r = B3d("calib", "extrinsics", "--intrinsics", SharedAssets.CalibrationToml, "--points", points, "--out", output);

        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
            Assert.That(r.StdErr, Does.Contain("cam_01").And.Contain("5 point(s), at least 6 needed"));
            Assert.That(File.Exists(output), Is.False, "no calibration written");
        });
    }

    [Test]
    public void CalibExtrinsics_PoseAndPointsBoth_ExitsOneSayingGiveOne()
    {
        using var tmp = new TempFolder();
        ProcessRunner.Result r = B3d("calib", "extrinsics", "--intrinsics", SharedAssets.CalibrationToml, "--pose2d", tmp.Path, "--points", tmp.File("p.toml"), "--out", tmp.File("o.toml"));
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
            Assert.That(r.StdErr, Does.Contain("give one of --pose2d DIR"));
        });
    }

    private static CameraRig Pinhole(CameraRig rig) =>
        new([.. rig.Cameras.Select(c => new Camera(c.Name, c.ImageWidth, c.ImageHeight, c.Intrinsics, LensDistortion.FromOpenCv(new double[4], isFisheye: false), c.RotationVector, c.TranslationMetres))]);

    /// <summary>One folder per camera, picture i = placement i (grey where <paramref name="shows"/> says the camera does not see it).</summary>
    private static string RenderAll(TempFolder tmp, CameraRig rig, (double X, double Y, double Heading)[] placements, Func<int, bool> shows)
    {
        string root = tmp.File("boards");
        for (int c = 0; c < rig.Count; c++)
        {
            string folder = Path.Combine(root, $"ext_cam0{c + 1}_img");
            Directory.CreateDirectory(folder);
            for (int p = 0; p < placements.Length; p++)
            {
                using Mat picture = shows(c) ? Render(rig.Cameras[c], placements[p]) : new Mat(rig.Cameras[c].ImageHeight, rig.Cameras[c].ImageWidth, MatType.CV_8UC1, Scalar.All(128));
                Cv2.ImWrite(Path.Combine(folder, $"board_{p + 1:D2}.png"), picture);
            }
        }

        return root;
    }

    /// <summary>
    /// The board (9×6 squares of 0.1 m, black square at the first corner's outside, 0.1 m white margin) lying on the
    /// floor at (x, y) turned by heading, warped into the camera's picture through K·[r1 r2 t] (floor plane → image).
    /// </summary>
    private static Mat Render(Camera camera, (double X, double Y, double Heading) placement)
    {
        const double scale = 1000; // texture pixels per metre
        using var texture = new Mat(800, 1100, MatType.CV_8UC1, Scalar.All(255));
        for (int i = 0; i < 9; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                if ((i + j) % 2 == 0)
                {
                    texture.Rectangle(new Rect(100 + (100 * i), 100 + (100 * j), 100, 100), Scalar.All(0), -1);
                }
            }
        }

        // Texture pixel → board metres (inner corner (a, b) at (0.1·a, 0.1·b)) → floor → camera → pixels.
        (double x, double y, double h) = placement;
        Matrix3d r = camera.Rotation;
        var c0 = r * new Vector3d(Math.Cos(h), Math.Sin(h), 0);
        var c1 = r * new Vector3d(-Math.Sin(h), Math.Cos(h), 0);
        Vector3d c2 = (r * new Vector3d(x, y, 0)) + camera.TranslationMetres;
        Matrix3d k = camera.Intrinsics;
        var plane = new Matrix3d(c0.X, c1.X, c2.X, c0.Y, c1.Y, c2.Y, c0.Z, c1.Z, c2.Z);
        var fromTexture = new Matrix3d(1 / scale, 0, -0.2, 0, 1 / scale, -0.2, 0, 0, 1);
        Matrix3d h3 = k * plane * fromTexture;
        double[,] homography = { { h3.M00, h3.M01, h3.M02 }, { h3.M10, h3.M11, h3.M12 }, { h3.M20, h3.M21, h3.M22 } };
        using var m = Mat.FromArray(homography);
        var picture = new Mat();
        Cv2.WarpPerspective(texture, picture, m, new OpenCvSharp.Size(camera.ImageWidth, camera.ImageHeight), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(128));
        return picture;
    }

    private static void WritePoints(CameraRig rig, string file, Vector3d[] world)
    {
        var text = new StringBuilder("[world]\n");
        for (int i = 0; i < world.Length; i++)
        {
            text.Append(FormattableString.Invariant($"P{i + 1} = [{world[i].X:R}, {world[i].Y:R}, {world[i].Z:R}]\n"));
        }

        foreach (Camera camera in rig.Cameras)
        {
            text.Append(FormattableString.Invariant($"[{camera.Name}]\n"));
            for (int i = 0; i < world.Length; i++)
            {
                (double u, double v) = camera.Project(world[i]);
                text.Append(FormattableString.Invariant($"P{i + 1} = [{u:R}, {v:R}]\n"));
            }
        }

        File.WriteAllText(file, text.ToString());
    }
}
