using System.Globalization;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// Decodes selected frames with the ffmpeg CLI (an independent decoder, until Media's decoder lands) into RGBA8.
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

    /// <summary>Frames <paramref name="indices"/> (0-based, ascending) of <paramref name="video"/>, tightly packed RGBA.</summary>
    public static RgbaFrame[] Read(string video, params int[] indices)
    {
        (int w, int h) = Size(video);
        using var tmp = new TempFolder("b3d-frames");
        string raw = tmp.File("frames.rgba");
        string select = string.Join('+', indices.Select(i => $"eq(n\\,{i})"));
        ProcessRunner.Ffmpeg("-i", video, "-vf", $"select={select}", "-vsync", "0", "-f", "rawvideo", "-pix_fmt", "rgba", raw);
        byte[] all = File.ReadAllBytes(raw);
        int frameBytes = w * h * 4;
        Assert.That(all.Length, Is.EqualTo(frameBytes * indices.Length), $"ffmpeg returned {all.Length} bytes for {indices.Length} frames of {video}");
        var frames = new RgbaFrame[indices.Length];
        for (int i = 0; i < frames.Length; i++)
            frames[i] = new RgbaFrame(all.AsMemory(i * frameBytes, frameBytes), w, h);
        return frames;
    }

    /// <summary>The Balancing trial's video of camera <paramref name="camera"/> (1-based).</summary>
    public static string Balancing(int camera) => Path.Combine(SharedAssets.BalancingTrial, "videos", $"cam{camera:00}.mp4");
}
