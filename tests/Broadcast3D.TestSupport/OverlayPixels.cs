using System.Globalization;
using System.Text.Json;

namespace Broadcast3D.TestSupport;

/// <summary>
/// Finding the live overlays in decoded pictures of a <see cref="LiveRig"/> run (programme 272×480, cam01): the
/// skeleton's orange and where the athlete stands in that camera. Pixels are packed rows with R, G, B first.
/// </summary>
public static class OverlayPixels
{
    public const int Width = 272, Height = 480;

    /// <summary>A 272×480 skeleton is several hundred orange pixels; a few stray pixels are not one.</summary>
    public const int MinimumSkeletonPixels = 60;

    /// <summary>The overlay's orange (1, 0.65, 0), loosely enough for H.264 4:2:0 and the NDI runtime's colour decode.</summary>
    public static bool IsOrange(byte red, byte green, byte blue) => red > 190 && green is > 100 and < 210 && blue < 80;

    /// <summary>
    /// Pixels of the overlay's orange (<see cref="IsOrange"/>) among <paramref name="bytesPerPixel"/>-byte pixels, and when those are RGBA only where alpha is at
    /// least <paramref name="minimumAlpha"/>; their centre and the topmost one.
    /// </summary>
    public static int CountOrange(ReadOnlySpan<byte> pixels, int bytesPerPixel, out double cx, out double cy, out int topX, out int topY,
        int minimumAlpha = 0)
    {
        int n = 0;
        double sx = 0, sy = 0;
        (topX, topY) = (0, Height);
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int i = ((y * Width) + x) * bytesPerPixel;
                byte red = pixels[i], green = pixels[i + 1], blue = pixels[i + 2];
                bool opaqueEnough = bytesPerPixel < 4 || pixels[i + 3] >= minimumAlpha;
                if (IsOrange(red, green, blue) && opaqueEnough)
                {
                    n++;
                    sx += x;
                    sy += y;
                    if (y < topY)
                        (topX, topY) = (x, y);
                }
            }
        }
        (cx, cy) = n == 0 ? (double.NaN, double.NaN) : (sx / n, sy / n);
        return n;
    }

    /// <summary>
    /// Box, in stream pixels, holding 98 % of the athlete's 2D keypoints (1st to 99th percentile: a few stray
    /// detections land at the picture edge) over the whole trial, from the Pose2Sim demo's own associated detections
    /// of cam01 (full-size pixels, scaled to the 272-wide stream).
    /// </summary>
    public static (double X0, double Y0, double X1, double Y1) AthleteBox()
    {
        const double Scale = 272.0 / 1088.0;
        var xs = new List<double>();
        var ys = new List<double>();
        string folder = Path.Combine(SharedAssets.BalancingTrial, "pose-associated", "cam01_json");
        foreach (string file in Directory.EnumerateFiles(folder, "*.json"))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (JsonElement person in doc.RootElement.GetProperty("people").EnumerateArray())
            {
                double[] k = [.. person.GetProperty("pose_keypoints_2d").EnumerateArray().Select(e => e.GetDouble())];
                for (int i = 0; i + 2 < k.Length; i += 3)
                {
                    if (k[i + 2] < 0.3) // Pose2Sim's own likelihood threshold for the demo
                        continue;
                    xs.Add(k[i] * Scale);
                    ys.Add(k[i + 1] * Scale);
                }
            }
        }
        Assert.That(xs, Is.Not.Empty, folder);
        xs.Sort();
        ys.Sort();
        return (xs[xs.Count / 100], ys[ys.Count / 100], xs[xs.Count * 99 / 100], ys[ys.Count * 99 / 100]);
    }

    /// <summary>Decodes <paramref name="video"/> (its first <paramref name="frames"/> frames, null: all) to packed RGB24 via <paramref name="rawPath"/>.</summary>
    public static byte[] RawRgb(string video, string rawPath, int? frames)
    {
        var args = new List<string> { "-v", "error", "-nostdin", "-y", "-i", video };
        if (frames is { } n)
            args.AddRange(["-frames:v", n.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(["-f", "rawvideo", "-pix_fmt", "rgb24", rawPath]);
        ProcessRunner.Result r = ProcessRunner.Run("ffmpeg", args);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        return File.ReadAllBytes(rawPath);
    }
}
