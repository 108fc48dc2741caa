using System.Globalization;
using System.Security.Cryptography;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

/// <summary>The ffmpeg CLI as the independent reference: test clips and per-frame MD5 + timestamps.</summary>
internal static class CliReference
{
    /// <summary>One line of <c>-f framemd5</c>, in the stream's own time base (we ask for -enc_time_base -1 and -copyts).</summary>
    public sealed record FrameLine(long Pts, long Duration, int Size, string Md5);

    /// <summary>
    /// Encodes <paramref name="frames"/> frames of FFmpeg's testsrc pattern (it draws the frame number) at
    /// <paramref name="size"/> and <paramref name="rate"/> with <paramref name="codecArgs"/> into <paramref name="name"/>.
    /// </summary>
    public static string TestClip(TempFolder folder, string name, string codecArgs, string size = "128x72", string rate = "25", int frames = 30,
        string? filter = null)
    {
        string path = folder.File(name);
        string source = $"testsrc=size={size}:rate={rate}" + (filter is null ? "" : "," + filter);
        ProcessRunner.Ffmpeg(["-f", "lavfi", "-i", source, "-frames:v", frames.ToString(CultureInfo.InvariantCulture),
            .. codecArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries), path]);
        return path;
    }

    /// <summary>Every frame of the first video stream as the CLI decodes it: pts in stream time base, MD5 of the packed planes.</summary>
    public static List<FrameLine> FrameMd5(string file)
    {
        string text = ProcessRunner.Ffmpeg("-copyts", "-i", file, "-map", "0:v:0", "-fps_mode", "passthrough", "-enc_time_base", "-1", "-f", "framemd5", "-");
        var lines = new List<FrameLine>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
                continue;
            string[] p = line.Split(',', StringSplitOptions.TrimEntries);
            lines.Add(new FrameLine(long.Parse(p[2], CultureInfo.InvariantCulture), long.Parse(p[3], CultureInfo.InvariantCulture),
                int.Parse(p[4], CultureInfo.InvariantCulture), p[5]));
        }
        return lines;
    }

    /// <summary>MD5 (lower-case hex) of the frame's planes packed like rawvideo.</summary>
    public static string Md5(VideoFrame frame, ref byte[] buffer)
    {
        int size = frame.PackedSize;
        if (buffer.Length < size)
            buffer = new byte[size];
        frame.CopyPacked(buffer);
        return Convert.ToHexStringLower(MD5.HashData(buffer.AsSpan(0, size)));
    }

    /// <summary>Decodes the whole file with our decoder as (pts, md5) pairs.</summary>
    public static List<(long Pts, string Md5)> DecodeAll(string file, DecoderOptions? options = null)
    {
        var result = new List<(long, string)>();
        byte[] buffer = [];
        using Decoder decoder = Decoder.Open(file, options);
        while (decoder.TryRead(out VideoFrame? frame))
        {
            using (frame)
                result.Add((frame.Pts, Md5(frame, ref buffer)));
        }
        return result;
    }
}
