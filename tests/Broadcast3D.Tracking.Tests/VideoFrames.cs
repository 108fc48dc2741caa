using System.Globalization;
using Broadcast3D.Core.Frames;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// Decodes selected frames with the ffmpeg CLI (a decoder independent of Media's) as yuv420p planes (what the
/// cameras deliver and tracking samples) or as swscale's RGBA8.
/// </summary>
internal static class VideoFrames
{
    /// <summary>Frame size of <paramref name="video"/> from ffprobe.</summary>
    public static (int Width, int Height) Size(string video)
    {
        ProcessRunner.Result r = ProcessRunner.Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries",
            "stream=width,height", "-of", "csv=p=0", video]);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        string[] parts = r.StdOut.Trim().Split(',');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Frames <paramref name="indices"/> (0-based, ascending) of <paramref name="video"/> as decoded: tightly packed
    /// yuv420p planes, limited range, BT.709 (what <c>VideoFrame.AsPlanes</c> reports for these unmarked HD streams).
    /// </summary>
    public static ImagePlanes[] Read(string video, params int[] indices)
    {
        (int w, int h) = Size(video);
        int cw = (w + 1) / 2, ch = (h + 1) / 2, luma = w * h, chroma = cw * ch;
        byte[] all = Raw(video, "yuv420p", luma + (2 * chroma), indices);
        var frames = new ImagePlanes[indices.Length];
        for (int i = 0; i < frames.Length; i++)
        {
            int o = i * (luma + (2 * chroma));
            frames[i] = new ImagePlanes(PixelLayout.Yuv420P, w, h, all.AsMemory(o, luma), w, all.AsMemory(o + luma, chroma), cw,
                all.AsMemory(o + luma + chroma, chroma), cw);
        }
        return frames;
    }

    /// <summary>Frames <paramref name="indices"/> of <paramref name="video"/> converted by swscale to tightly packed RGBA8.</summary>
    public static ImagePlanes[] ReadRgba(string video, params int[] indices)
    {
        (int w, int h) = Size(video);
        byte[] all = Raw(video, "rgba", w * h * 4, indices);
        var frames = new ImagePlanes[indices.Length];
        for (int i = 0; i < frames.Length; i++)
            frames[i] = ImagePlanes.Rgba(all.AsMemory(i * w * h * 4, w * h * 4), w, h);
        return frames;
    }

    private static byte[] Raw(string video, string pixelFormat, int frameBytes, int[] indices)
    {
        using var tmp = new TempFolder("b3d-frames");
        string raw = tmp.File("frames.raw");
        string select = string.Join('+', indices.Select(i => $"eq(n\\,{i})"));
        ProcessRunner.Ffmpeg("-i", video, "-vf", $"select={select}", "-vsync", "0", "-f", "rawvideo", "-pix_fmt", pixelFormat, raw);
        byte[] all = File.ReadAllBytes(raw);
        Assert.That(all.Length, Is.EqualTo(frameBytes * indices.Length), $"ffmpeg returned {all.Length} bytes for {indices.Length} {pixelFormat} frames of {video}");
        return all;
    }

    /// <summary>The Balancing trial's video of camera <paramref name="camera"/> (1-based).</summary>
    public static string Balancing(int camera) => Path.Combine(SharedAssets.BalancingTrial, "videos", $"cam{camera:00}.mp4");
}
