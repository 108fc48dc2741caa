using Broadcast3D.Calibration.Intrinsics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Tests;

/// <summary>Intrinsic calibration from the Pose2Sim demo's chessboard pictures against the Qualisys calibration.</summary>
public sealed class IntrinsicCalibrationTests
{
    private static readonly BoardSpec DemoBoard = BoardSpec.Parse("chessboard:4x7:60");

    private static string Intrinsics(int camera) => SharedAssets.Data($"pose2sim-demo/S00_Calibration/intrinsics/int_cam{camera:D2}_img");

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void Calibrate_DemoChessboard_FocalWithinOnePercentOfQualisysAndRmsBelowHalfPixel(int camera)
    {
        string folder = Intrinsics(camera);
        IntrinsicResult result = IntrinsicCalibrator.Calibrate(CalibrationImages.CameraName(folder), folder, CalibrationImages.ReadFolder(folder), DemoBoard);
        Camera qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml).Cameras[camera - 1];

        double fx = result.Camera.Intrinsics.M00, reference = qualisys.Intrinsics.M00;
        double error = Math.Abs(fx - reference) / reference;
        TestContext.Out.WriteLine($"cam{camera:D2}: fx {fx:F1} (Qualisys {reference:F1}, {100 * error:F2} %), fy {result.Camera.Intrinsics.M11:F1}, " +
                                  $"cx {result.Camera.Intrinsics.M02:F1}, cy {result.Camera.Intrinsics.M12:F1}, k1 {result.Camera.Distortion.K1:F4}, RMS {result.RmsPixels:F3} px, coverage {result.Coverage:P0}");
        foreach (ViewReport view in result.Views)
        {
            TestContext.Out.WriteLine($"  {view.Label}: {(view.Used ? $"RMS {view.RmsPixels:F3} px" : view.Rejection)}, sharpness {view.Sharpness:F0}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.LessThan(0.01), "fx within 1 % of Qualisys");
            Assert.That(result.RmsPixels, Is.LessThan(0.5), "overall RMS reprojection error, px");
            Assert.That(result.Views.Where(v => v.Used).Select(v => v.RmsPixels), Is.All.LessThan(1.0), "per-view RMS, px");
            Assert.That(result.Camera.Name, Is.EqualTo($"cam{camera:D2}"));
        });
    }

    [Test]
    public void Calibrate_VideoWithoutBoard_ThrowsNamingTheVideoAndWhatToCapture()
    {
        string video = Path.Combine(SharedAssets.BalancingTrial, "videos", "cam01.mp4");
        IReadOnlyList<CalibrationImage> frames = CalibrationImages.ReadVideo(video, every: 25);
        Assert.That(frames, Has.Count.EqualTo(4), "100 frames, every 25th");

        var ex = Assert.Throws<InputFormatException>(() => IntrinsicCalibrator.Calibrate("cam01", video, frames, DemoBoard));
        Assert.That(ex!.Message, Does.Contain(video).And.Contain("no usable chessboard:4x7:60").And.Contain("4 no whole board found").And.Contain("photograph the whole board"));
    }

    [Test]
    public void Calibrate_TooFewViews_ThrowsSayingHowManyAreNeeded()
    {
        string folder = Intrinsics(1);
        // Pictures 1, 3 and 4 show the whole board, picture 2 does not.
        IReadOnlyList<CalibrationImage> four = [.. CalibrationImages.ReadFolder(folder).Take(4)];

        var ex = Assert.Throws<InputFormatException>(() => IntrinsicCalibrator.Calibrate("cam01", folder, four, DemoBoard));
        Assert.That(ex!.Message, Does.Contain("only 3 usable view(s) of 4 (1 no whole board found)").And.Contain("at least 4 are needed"));
    }

    [Test]
    public void Calibrate_BlurredPictures_RejectedAsBlurred()
    {
        string folder = Intrinsics(1);
        IReadOnlyList<CalibrationImage> sharp = CalibrationImages.ReadFolder(folder);
        IReadOnlyList<CalibrationImage> blurred = [.. sharp.Select(Blur)];

        var ex = Assert.Throws<InputFormatException>(() => IntrinsicCalibrator.Calibrate("cam01", folder, [.. sharp.Take(3), .. blurred], DemoBoard));
        // Sharp pictures 1 and 3 remain (2 shows no whole board); of the 7 blurred ones 6 are found and rejected as blurred.
        Assert.That(ex!.Message, Does.Contain("only 2 usable view(s) of 10 (2 no whole board found, 6 blurred)"));
    }

    [Test]
    public void WritePng_DemoCalibration_WritesCoverageMapOfHalfSize()
    {
        string folder = Intrinsics(2);
        IntrinsicResult result = IntrinsicCalibrator.Calibrate("cam02", folder, CalibrationImages.ReadFolder(folder), DemoBoard);
        using var temp = new TempFolder();
        string png = Path.Combine(temp.Path, "coverage.png");

        CoverageMap.WritePng(result, png);

        using OpenCvSharp.Mat written = OpenCvSharp.Cv2.ImRead(png);
        Assert.Multiple(() =>
        {
            Assert.That(written.Width, Is.EqualTo(544));
            Assert.That(written.Height, Is.EqualTo(960));
            Assert.That(result.Coverage, Is.GreaterThan(0.05).And.LessThanOrEqualTo(1.0));
        });
    }

    [TestCase("chessboard:4x7:60", BoardKind.Chessboard, 4, 7, 60.0)]
    [TestCase("charuco:7x5:40:30:DICT_4X4_50", BoardKind.Charuco, 7, 5, 40.0)]
    public void Parse_ValidSpec_ReadsEveryField(string spec, BoardKind kind, int columns, int rows, double square)
    {
        BoardSpec board = BoardSpec.Parse(spec);
        Assert.That((board.Kind, board.Columns, board.Rows, board.SquareMm, board.ToString()), Is.EqualTo((kind, columns, rows, square, spec)));
    }

    [TestCase("chessboard:4x7", "takes 2 fields")]
    [TestCase("chessboard:4by7:60", "must be COLSxROWS")]
    [TestCase("chessboard:4x7:-60", "positive length in millimetres")]
    [TestCase("charuco:7x5:40:45:DICT_4X4_50", "must be smaller than the square")]
    [TestCase("charuco:7x5:40:30:DICT_9X9_50", "unknown ArUco dictionary")]
    [TestCase("circles:4x7:60", "unknown kind")]
    public void Parse_BadSpec_ThrowsSayingWhichPart(string spec, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => BoardSpec.Parse(spec));
        Assert.That(ex!.Message, Does.Contain(spec).And.Contain(expected));
    }

    private static CalibrationImage Blur(CalibrationImage image)
    {
        using OpenCvSharp.Mat gray = OpenCvSharp.Mat.FromPixelData(image.Height, image.Width, OpenCvSharp.MatType.CV_8UC1, image.Gray);
        using var blurred = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.GaussianBlur(gray, blurred, new OpenCvSharp.Size(0, 0), 6);
        var bytes = new byte[image.Gray.Length];
        blurred.GetArray(out byte[] data);
        data.CopyTo(bytes, 0);
        return image with { Label = "blurred " + image.Label, Gray = bytes };
    }
}
