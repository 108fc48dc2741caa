using System.Globalization;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;
using OpenCvSharp;
using OpenCvSharp.Aruco;

namespace Broadcast3D.Calibration.Intrinsics;

/// <summary>
/// Intrinsic calibration of one camera from pictures of a board (OpenCV): corner detection with sub-pixel
/// refinement, rejection of views without the whole board (chessboard) or with too few corners (ChArUco), of
/// blurred views and of views whose fit is an outlier, then <c>calibrateCamera</c>. Stateless, thread-safe.
/// </summary>
public static class IntrinsicCalibrator
{
    private const string Advice = "photograph the whole board, sharp (good light, short exposure), from several angles and distances, covering the image corners too";

    /// <summary>Calibrates camera <paramref name="cameraName"/> from <paramref name="images"/>.</summary>
    /// <param name="cameraName">Name written into the calibration.</param>
    /// <param name="source">The folder or video the images came from (named in errors).</param>
    /// <param name="images">The pictures, all of one size.</param>
    /// <param name="board">The board.</param>
    /// <param name="options">Thresholds; null = defaults.</param>
    /// <exception cref="InputFormatException">No picture, pictures of different sizes, no board found anywhere, or
    /// fewer usable views than <see cref="IntrinsicOptions.MinViews"/>: the message says what to capture.</exception>
    public static IntrinsicResult Calibrate(string cameraName, string source, IReadOnlyList<CalibrationImage> images, BoardSpec board, IntrinsicOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cameraName);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(board);
        options ??= new IntrinsicOptions();
        if (images.Count == 0)
        {
            throw new InputFormatException(source, $"camera {cameraName}: no picture; {Advice}");
        }

        int width = images[0].Width, height = images[0].Height;
        var reports = new ViewReport?[images.Count];
        var detections = new List<(int Index, Point2f[] Image, Point3f[] Board, double Sharpness)>();
        using CharucoDetector? charuco = board.Kind == BoardKind.Charuco ? CreateCharucoDetector(board) : null;
        for (int i = 0; i < images.Count; i++)
        {
            CalibrationImage image = images[i];
            if (image.Width != width || image.Height != height || image.Gray.Length != width * height)
            {
                throw new InputFormatException(source, $"{image.Label} is {image.Width}×{image.Height} but {images[0].Label} is {width}×{height}: one camera's pictures must all have the camera's size");
            }

            using Mat gray = Mat.FromPixelData(height, width, MatType.CV_8UC1, image.Gray);
            (Point2f[]? corners, Point3f[]? objects, string? why) = charuco is null ? DetectChessboard(gray, board) : DetectCharuco(gray, board, charuco, options);
            if (corners is null || objects is null)
            {
                reports[i] = new ViewReport(image.Label, false, why, 0, 0, double.NaN);
                continue;
            }

            double sharpness = Sharpness(gray, corners);
            if (sharpness < options.MinSharpness)
            {
                reports[i] = new ViewReport(image.Label, false,
                    string.Create(CultureInfo.InvariantCulture, $"blurred (sharpness {sharpness:F0} < {options.MinSharpness:F0})"), corners.Length, sharpness, double.NaN);
                continue;
            }

            detections.Add((i, corners, objects, sharpness));
        }

        if (detections.Count == 0)
        {
            throw new InputFormatException(source,
                $"camera {cameraName}: no usable {board} in any of {images.Count} picture(s) ({Summary(reports)}); check the board spec (inner corners for a chessboard) and {Advice}");
        }

        CalibrationFlags flags = CalibrationFlags.None;
        if (!options.FitK3)
        {
            flags |= CalibrationFlags.FixK3;
        }

        while (true)
        {
            if (detections.Count < options.MinViews)
            {
                foreach (var d in detections)
                {
                    reports[d.Index] ??= new ViewReport(images[d.Index].Label, true, null, d.Image.Length, d.Sharpness, double.NaN);
                }

                throw new InputFormatException(source,
                    $"camera {cameraName}: only {detections.Count} usable view(s) of {images.Count} ({Summary(reports)}); at least {options.MinViews} are needed: {Advice}");
            }

            double[,] k = new double[3, 3];
            double[] distortion = new double[5];
            double rms = Cv2.CalibrateCamera(
                detections.Select(d => (IEnumerable<Point3f>)d.Board), detections.Select(d => (IEnumerable<Point2f>)d.Image),
                new Size(width, height), k, distortion, out Vec3d[] rvecs, out Vec3d[] tvecs, flags,
                new TermCriteria(CriteriaTypes.Count | CriteriaTypes.Eps, 100, 1e-9));
            double[] perView = new double[detections.Count];
            for (int v = 0; v < detections.Count; v++)
            {
                perView[v] = ViewRms(detections[v].Board, detections[v].Image, rvecs[v], tvecs[v], k, distortion);
            }

            double median = Median(perView);
            double limit = Math.Max(options.OutlierFloorPixels, options.OutlierFactor * median);
            int worst = Array.IndexOf(perView, perView.Max());
            if (perView[worst] > limit)
            {
                // One at a time: a single bad detection inflates every view's error, so the next fit judges afresh.
                var d = detections[worst];
                reports[d.Index] = new ViewReport(images[d.Index].Label, false,
                    string.Create(CultureInfo.InvariantCulture, $"outlier (RMS {perView[worst]:F2} px > {limit:F2} px)"), d.Image.Length, d.Sharpness, perView[worst]);
                detections.RemoveAt(worst);
                continue;
            }

            for (int v = 0; v < detections.Count; v++)
            {
                var d = detections[v];
                reports[d.Index] = new ViewReport(images[d.Index].Label, true, null, d.Image.Length, d.Sharpness, perView[v]);
            }

            double[] coefficients = options.FitK3 ? distortion : distortion[..4];
            var camera = new Camera(cameraName, width, height,
                new Matrix3d(k[0, 0], k[0, 1], k[0, 2], k[1, 0], k[1, 1], k[1, 2], k[2, 0], k[2, 1], k[2, 2]),
                LensDistortion.FromOpenCv(coefficients, isFisheye: false), default, default);
            IReadOnlyList<(double U, double V)>[] corners = [.. detections.Select(d => (IReadOnlyList<(double U, double V)>)[.. d.Image.Select(p => ((double)p.X, (double)p.Y))])];
            return new IntrinsicResult(camera, rms, [.. reports.Select(r => r!)], corners);
        }
    }

    /// <summary>
    /// The board's corners in one picture (sub-pixel) and their board coordinates (metres, z = 0), or why not;
    /// shared with the board extrinsics. Blur is not judged here.
    /// </summary>
    internal static (Point2f[]? Corners, Point3f[]? Board, string? Why) Detect(CalibrationImage image, BoardSpec board, CharucoDetector? charuco, IntrinsicOptions options)
    {
        using Mat gray = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC1, image.Gray);
        return charuco is null ? DetectChessboard(gray, board) : DetectCharuco(gray, board, charuco, options);
    }

    private static (Point2f[]? Corners, Point3f[]? Board, string? Why) DetectChessboard(Mat gray, BoardSpec board)
    {
        var size = new Size(board.Columns, board.Rows);
        if (!Cv2.FindChessboardCorners(gray, size, out Point2f[] corners,
                ChessboardFlags.AdaptiveThresh | ChessboardFlags.NormalizeImage | ChessboardFlags.FastCheck)
            || corners.Length != board.CornerCount)
        {
            return (null, null, "no whole board found (missing, partly outside the picture or hidden)");
        }

        // The search window is a quarter of the smallest corner spacing: large enough to converge from the
        // detector's estimate, small enough never to reach the neighbouring corner (a far board is a few pixels wide).
        double spacing = double.MaxValue;
        for (int r = 0; r < board.Rows; r++)
        {
            for (int c = 0; c < board.Columns; c++)
            {
                Point2f p = corners[(r * board.Columns) + c];
                if (c + 1 < board.Columns)
                {
                    spacing = Math.Min(spacing, p.DistanceTo(corners[(r * board.Columns) + c + 1]));
                }

                if (r + 1 < board.Rows)
                {
                    spacing = Math.Min(spacing, p.DistanceTo(corners[((r + 1) * board.Columns) + c]));
                }
            }
        }

        int half = Math.Clamp((int)(spacing / 4), 2, 11);
        Point2f[] refined = Cv2.CornerSubPix(gray, corners, new Size(half, half), new Size(-1, -1),
            new TermCriteria(CriteriaTypes.Count | CriteriaTypes.Eps, 50, 0.001));
        var objects = new Point3f[board.CornerCount];
        for (int r = 0; r < board.Rows; r++)
        {
            for (int c = 0; c < board.Columns; c++)
            {
                // Metres, so a later board pose (PnP) comes out in the calibration's unit.
                objects[(r * board.Columns) + c] = new Point3f((float)(c * board.SquareMm / 1000.0), (float)(r * board.SquareMm / 1000.0), 0);
            }
        }

        return (refined, objects, null);
    }

    private static (Point2f[]? Corners, Point3f[]? Board, string? Why) DetectCharuco(Mat gray, BoardSpec board, CharucoDetector detector, IntrinsicOptions options)
    {
        detector.DetectBoard(gray, out Point2f[] corners, out int[] ids, out _, out _);
        if (corners.Length < options.MinCharucoCorners)
        {
            return (null, null, corners.Length == 0
                ? "no ChArUco board found (check the dictionary and the square and marker sizes)"
                : $"partial view ({corners.Length} of {board.CornerCount} corners, at least {options.MinCharucoCorners} needed)");
        }

        var objects = new Point3f[ids.Length];
        int columns = board.CornerColumns;
        for (int i = 0; i < ids.Length; i++)
        {
            objects[i] = new Point3f((float)((ids[i] % columns) * board.SquareMm / 1000.0), (float)((ids[i] / columns) * board.SquareMm / 1000.0), 0);
        }

        // Corners on one line fix no homography: the view says nothing about the focal length.
        bool collinear = true;
        for (int i = 2; i < objects.Length && collinear; i++)
        {
            Point3f a = objects[0], b = objects[1], c = objects[i];
            collinear = Math.Abs(((b.X - a.X) * (c.Y - a.Y)) - ((b.Y - a.Y) * (c.X - a.X))) < 1e-9;
        }

        return collinear ? (null, null, "partial view (the corners seen lie on one line)") : (corners, objects, null);
    }

    /// <summary>OpenCV's ChArUco detector for <paramref name="board"/> (a ChArUco spec); the caller disposes it.</summary>
    internal static CharucoDetector CreateCharucoDetector(BoardSpec board)
    {
        PredefinedDictionaryType name = BoardSpec.ArucoDictionary(board.Dictionary)
            ?? throw new ArgumentException($"board {board}: unknown ArUco dictionary", nameof(board));
        Dictionary dictionary = CvAruco.GetPredefinedDictionary(name);
        var charuco = new CharucoBoard(board.Columns, board.Rows, (float)board.SquareMm, (float)board.MarkerMm, dictionary);
        return new CharucoDetector(charuco);
    }

    /// <summary>Variance of the Laplacian over the board's bounding box: edges of a sharp board give high values.</summary>
    private static double Sharpness(Mat gray, Point2f[] corners)
    {
        Rect box = Cv2.BoundingRect(corners).Intersect(new Rect(0, 0, gray.Width, gray.Height));
        if (box.Width < 3 || box.Height < 3)
        {
            return 0;
        }

        using var roi = new Mat(gray, box);
        using var laplacian = new Mat();
        Cv2.Laplacian(roi, laplacian, MatType.CV_64F);
        Cv2.MeanStdDev(laplacian, out _, out Scalar deviation);
        return deviation.Val0 * deviation.Val0;
    }

    private static double ViewRms(Point3f[] board, Point2f[] image, Vec3d rvec, Vec3d tvec, double[,] k, double[] distortion)
    {
        Cv2.ProjectPoints(board, [rvec.Item0, rvec.Item1, rvec.Item2], [tvec.Item0, tvec.Item1, tvec.Item2], k, distortion, out Point2f[] projected, out _);
        double sum = 0;
        for (int i = 0; i < image.Length; i++)
        {
            double dx = projected[i].X - image[i].X, dy = projected[i].Y - image[i].Y;
            sum += (dx * dx) + (dy * dy);
        }

        return Math.Sqrt(sum / image.Length);
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    private static string Summary(ViewReport?[] reports)
    {
        var reasons = reports.Where(r => r is { Used: false }).GroupBy(r => r!.Rejection!.Split(" (")[0]).Select(g => $"{g.Count()} {g.Key}");
        string text = string.Join(", ", reasons);
        return text.Length == 0 ? "none rejected" : text;
    }
}
