using OpenCvSharp;

namespace Broadcast3D.Calibration.Intrinsics;

/// <summary>
/// Where the board's corners fell in the picture: a PNG with every used view's corners and outline over a grid,
/// the empty cells shaded, so the operator sees which part of the lens still lacks views (distortion is fitted
/// only where corners were seen). Stateless, thread-safe.
/// </summary>
public static class CoverageMap
{
    /// <summary>Cells per side of the coverage grid.</summary>
    public const int GridSize = 8;

    /// <summary>Fraction (0…1) of grid cells holding at least one corner.</summary>
    public static double Fraction(IReadOnlyList<IReadOnlyList<(double U, double V)>> views, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(views);
        bool[] hit = Cells(views, width, height);
        return hit.Count(h => h) / (double)hit.Length;
    }

    /// <summary>Writes the coverage map of <paramref name="result"/> as a PNG at half the camera's resolution.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WritePng(IntrinsicResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        int width = result.Camera.ImageWidth, height = result.Camera.ImageHeight;
        const double scale = 0.5;
        int w = (int)Math.Ceiling(width * scale), h = (int)Math.Ceiling(height * scale);
        using var canvas = new Mat(h, w, MatType.CV_8UC3, new Scalar(24, 24, 24));
        bool[] hit = Cells(result.UsedCorners, width, height);
        for (int gy = 0; gy < GridSize; gy++)
        {
            for (int gx = 0; gx < GridSize; gx++)
            {
                var cell = new Rect(gx * w / GridSize, gy * h / GridSize, w / GridSize, h / GridSize);
                if (!hit[(gy * GridSize) + gx])
                {
                    // Empty cells in dark red: capture more views there.
                    canvas.Rectangle(cell, new Scalar(20, 20, 90), -1);
                }

                canvas.Rectangle(cell, new Scalar(70, 70, 70), 1);
            }
        }

        for (int v = 0; v < result.UsedCorners.Count; v++)
        {
            // One hue per view, so overlapping views stay apart.
            Scalar colour = Hue(v, result.UsedCorners.Count);
            IReadOnlyList<(double U, double V)> corners = result.UsedCorners[v];
            Point[] hull = Cv2.ConvexHull(corners.Select(c => new Point(c.U * scale, c.V * scale)));
            canvas.Polylines([hull], true, colour, 1, LineTypes.AntiAlias);
            foreach ((double u, double vv) in corners)
            {
                canvas.Circle(new Point(u * scale, vv * scale), 3, colour, -1, LineTypes.AntiAlias);
            }
        }

        if (!Cv2.ImWrite(path, canvas))
        {
            throw new IOException($"{path}: the coverage PNG could not be written (check the folder exists and takes files)");
        }
    }

    private static bool[] Cells(IReadOnlyList<IReadOnlyList<(double U, double V)>> views, int width, int height)
    {
        var hit = new bool[GridSize * GridSize];
        foreach (IReadOnlyList<(double U, double V)> view in views)
        {
            foreach ((double u, double v) in view)
            {
                int gx = Math.Clamp((int)(u * GridSize / width), 0, GridSize - 1);
                int gy = Math.Clamp((int)(v * GridSize / height), 0, GridSize - 1);
                hit[(gy * GridSize) + gx] = true;
            }
        }

        return hit;
    }

    private static Scalar Hue(int index, int count)
    {
        using var hsv = new Mat(1, 1, MatType.CV_8UC3, new Scalar(180.0 * index / Math.Max(1, count), 220, 255));
        using var bgr = new Mat();
        Cv2.CvtColor(hsv, bgr, ColorConversionCodes.HSV2BGR);
        Vec3b c = bgr.At<Vec3b>(0, 0);
        return new Scalar(c.Item0, c.Item1, c.Item2);
    }
}
