using Broadcast3D.Calibration.Intrinsics;
using OpenCvSharp;
using OpenCvSharp.Aruco;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// ChArUco intrinsics on pictures OpenCV renders of its own board seen by a known pinhole camera from eight poses
/// (the shared data has no ChArUco pictures): the detector, the corner ids and the fit must give the camera back.
/// </summary>
public sealed class CharucoCalibrationTests
{
    private const int Width = 1280, Height = 720;
    private const double Focal = 1200, Cx = 640, Cy = 360;

    [Test]
    public void Calibrate_RenderedCharucoViews_RecoversFocalWithinOnePercent()
    {
        BoardSpec spec = BoardSpec.Parse("charuco:7x5:40:30:DICT_4X4_50");
        using var board = new CharucoBoard(7, 5, 0.04f, 0.03f, CvAruco.GetPredefinedDictionary(PredefinedDictionaryType.Dict4X4_50));
        using var flat = new Mat();
        board.GenerateImage(new Size(1400, 1000), flat, 0, 1);
        // Without margin the 7×5 squares fill 1400×1000: 200 px a square, the board's origin at the top-left.
        double metresPerPixel = 0.04 / 200;
        (double Rx, double Ry, double X, double Y, double Z)[] poses =
        [
            (0, 0, -0.14, -0.10, 0.60), (20, 0, -0.14, -0.10, 0.65), (-20, 0, -0.14, -0.10, 0.65), (0, 25, -0.14, -0.10, 0.65),
            (0, -25, -0.14, -0.10, 0.65), (15, 15, -0.18, -0.05, 0.55), (-15, 20, -0.05, -0.15, 0.70),
            // Partly outside the picture: ChArUco views still count with the corners that are seen.
            (10, -10, 0.10, -0.10, 0.50),
        ];
        var images = poses.Select((p, i) => Render(flat, metresPerPixel, p, $"view {i}")).ToList();

        IntrinsicResult result = IntrinsicCalibrator.Calibrate("synthetic", "rendered", images, spec);

        TestContext.Out.WriteLine($"fx {result.Camera.Intrinsics.M00:F1} fy {result.Camera.Intrinsics.M11:F1} cx {result.Camera.Intrinsics.M02:F1} cy {result.Camera.Intrinsics.M12:F1}, RMS {result.RmsPixels:F3} px; " +
                                  string.Join(", ", result.Views.Select(v => $"{v.Label}: {(v.Used ? $"{v.Corners} corners" : v.Rejection)}")));
        Assert.Multiple(() =>
        {
            Assert.That(result.Camera.Intrinsics.M00, Is.EqualTo(Focal).Within(1).Percent);
            Assert.That(result.Camera.Intrinsics.M02, Is.EqualTo(Cx).Within(10));
            Assert.That(result.RmsPixels, Is.LessThan(0.5));
            Assert.That(result.Views.Count(v => v.Used), Is.GreaterThanOrEqualTo(7));
            Assert.That(result.Views[^1].Corners, Is.LessThan(spec.CornerCount), "the partial view");
        });
    }

    [Test]
    public void Calibrate_ChessboardPicturesWithCharucoSpec_ThrowsNoBoardFound()
    {
        string folder = SharedAssets.Data("pose2sim-demo/S00_Calibration/intrinsics/int_cam01_img");
        var ex = Assert.Throws<Broadcast3D.Tracking.Formats.InputFormatException>(() =>
            IntrinsicCalibrator.Calibrate("cam01", folder, CalibrationImages.ReadFolder(folder), BoardSpec.Parse("charuco:5x8:60:45:DICT_4X4_50")));
        Assert.That(ex!.Message, Does.Contain("no ChArUco board found"));
    }

    private static CalibrationImage Render(Mat flat, double metresPerPixel, (double Rx, double Ry, double X, double Y, double Z) pose, string label)
    {
        double ax = pose.Rx * Math.PI / 180, ay = pose.Ry * Math.PI / 180;
        // R = Ry·Rx; columns r1, r2 and t give the board plane's homography K·[r1 r2 t].
        double[,] rx = { { 1, 0, 0 }, { 0, Math.Cos(ax), -Math.Sin(ax) }, { 0, Math.Sin(ax), Math.Cos(ax) } };
        double[,] ry = { { Math.Cos(ay), 0, Math.Sin(ay) }, { 0, 1, 0 }, { -Math.Sin(ay), 0, Math.Cos(ay) } };
        double[,] r = Multiply(ry, rx);

        double[,] k3 = { { Focal, 0, Cx }, { 0, Focal, Cy }, { 0, 0, 1 } };
        double[,] plane = { { r[0, 0], r[0, 1], pose.X }, { r[1, 0], r[1, 1], pose.Y }, { r[2, 0], r[2, 1], pose.Z } };
        double[,] pixels = { { metresPerPixel, 0, 0 }, { 0, metresPerPixel, 0 }, { 0, 0, 1 } };
        using Mat homography = Mat.FromArray(Multiply(Multiply(k3, plane), pixels));
        using var view = new Mat();
        Cv2.WarpPerspective(flat, view, homography, new Size(Width, Height), InterpolationFlags.Linear, BorderTypes.Constant, new Scalar(128));
        view.GetArray(out byte[] gray);
        return new CalibrationImage(label, Width, Height, gray);
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var m = new double[3, 3];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int k = 0; k < 3; k++)
                {
                    m[i, j] += a[i, k] * b[k, j];
                }
            }
        }

        return m;
    }
}
