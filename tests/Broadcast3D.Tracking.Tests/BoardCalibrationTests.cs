using Broadcast3D.Calibration.Extrinsics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// Extrinsics from a board (issue #19). The shared data has no board seen by several cameras at once, so a
/// chessboard (8×5 inner corners, 100 mm squares) is laid on the Qualisys floor in several places and its corners
/// projected through the Qualisys cameras, lens distortion included, with Gaussian pixel noise.
/// </summary>
public sealed class BoardCalibrationTests
{
    [Test]
    public void Calibrate_FivePlacementsOnTheFloor_RecoversQualisysCameraCentres()
    {
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        var placements = new[] { (0.0, 0.0, 0.0), (-1.0, 0.3, 0.5), (-1.8, -0.3, 1.2), (-0.6, -0.4, 2.0), (-1.2, 0.5, 2.8) };
        IReadOnlyList<IReadOnlyList<BoardView?>> views = Views(qualisys, placements, noisePixels: 0.3, seed: 19);

        BoardCalibrationResult result = BoardCalibrator.Calibrate(qualisys, views, "synthetic board");

        // The world is the reference placement's board frame: compare after a similarity (its scale must be 1).
        Similarity alignment = Similarity.Fit([.. result.Rig.Cameras.Select(c => c.PositionMetres)], [.. qualisys.Cameras.Select(c => c.PositionMetres)]);
        double[] centres = [.. result.Rig.Cameras.Select((c, i) => (alignment.Apply(c.PositionMetres) - qualisys.Cameras[i].PositionMetres).Length)];
        Vector3d up = alignment.Rotation * new Vector3d(0, 0, 1);
        double tilt = Math.Acos(Math.Clamp(up.Z, -1, 1)) * 180 / Math.PI;
        TestContext.Out.WriteLine($"board, {result.Placements} placements (reference {result.ReferencePlacement}), 0.3 px noise: centres {string.Join(", ", centres.Select(e => $"{100 * e:F2}"))} cm, scale {alignment.Scale:F4}, floor tilt {tilt:F3}°, RMS {string.Join(", ", result.RmsPixels.Select(r => $"{r:F2}"))} px");
        Assert.Multiple(() =>
        {
            Assert.That(result.Placements, Is.EqualTo(5));
            Assert.That(centres, Is.All.LessThan(0.02), "camera centres, m");
            Assert.That(alignment.Scale, Is.EqualTo(1).Within(0.01), "metric from the board's squares");
            Assert.That(tilt, Is.LessThan(0.5), "Z up: the board lay on the floor, degrees");
            Assert.That(result.RmsPixels, Is.All.LessThan(0.6), "reprojection of 0.3 px noise, px");
        });
    }

    [Test]
    public void Calibrate_EachPlacementSeenByOneCamera_ThrowsSayingTwoCameras()
    {
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        var placements = new[] { (0.0, 0.0, 0.0), (-1.0, 0.3, 0.5), (-1.8, -0.3, 1.2), (-0.6, -0.4, 2.0) };
        IReadOnlyList<IReadOnlyList<BoardView?>> all = Views(qualisys, placements, noisePixels: 0, seed: 1);
        // Camera c keeps only placement c: no placement is shared.
        IReadOnlyList<IReadOnlyList<BoardView?>> alone = [.. all.Select((v, c) => (IReadOnlyList<BoardView?>)[.. v.Select((view, i) => i == c ? view : null)])];

        var ex = Assert.Throws<InputFormatException>(() => BoardCalibrator.Calibrate(qualisys, alone, "boards/"));
        Assert.That(ex!.Message, Does.Contain("boards/").And.Contain("never seen by two cameras at once"));
    }

    [Test]
    public void Calibrate_CameraNeverSeesBoard_ThrowsNamingIt()
    {
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        IReadOnlyList<IReadOnlyList<BoardView?>> all = Views(qualisys, [(0.0, 0.0, 0.0), (-1.0, 0.3, 0.5)], noisePixels: 0, seed: 1);
        IReadOnlyList<IReadOnlyList<BoardView?>> blind = [.. all.Select((v, c) => c == 2 ? (IReadOnlyList<BoardView?>)[null, null] : v)];

        var ex = Assert.Throws<InputFormatException>(() => BoardCalibrator.Calibrate(qualisys, blind, "boards/"));
        Assert.That(ex!.Message, Does.Contain("cam_03 never sees the board"));
    }

    /// <summary>
    /// The board's corners per camera and placement (x, y on the floor in metres, heading in radians), or null where
    /// a corner falls outside the picture (a detector needs the whole board).
    /// </summary>
    internal static IReadOnlyList<IReadOnlyList<BoardView?>> Views(CameraRig rig, (double X, double Y, double Heading)[] placements, double noisePixels, int seed)
    {
        var random = new Random(seed);
        Vector3d[] corners = [.. Enumerable.Range(0, 40).Select(i => new Vector3d((i % 8) * 0.1, (i / 8) * 0.1, 0))];
        var result = new List<IReadOnlyList<BoardView?>>();
        foreach (Camera camera in rig.Cameras)
        {
            var views = new BoardView?[placements.Length];
            for (int p = 0; p < placements.Length; p++)
            {
                (double x, double y, double heading) = placements[p];
                var pixels = new List<(double U, double V)>();
                foreach (Vector3d c in corners)
                {
                    var world = new Vector3d(x + (c.X * Math.Cos(heading)) - (c.Y * Math.Sin(heading)), y + (c.X * Math.Sin(heading)) + (c.Y * Math.Cos(heading)), 0);
                    (double u, double v) = camera.Project(world);
                    pixels.Add((u + (noisePixels * ScenePointsCalibrationTests.Gaussian(random)), v + (noisePixels * ScenePointsCalibrationTests.Gaussian(random))));
                }

                bool whole = pixels.All(q => q.U >= 0 && q.U < camera.ImageWidth && q.V >= 0 && q.V < camera.ImageHeight);
                views[p] = whole ? new BoardView(pixels, corners) : null;
            }

            result.Add(views);
        }

        return result;
    }
}
