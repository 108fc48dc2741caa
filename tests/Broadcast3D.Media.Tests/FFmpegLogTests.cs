using Broadcast3D.TestSupport;
using Serilog;

namespace Broadcast3D.Media.Tests;

/// <summary>FFmpeg's own <c>av_log</c> lines reach the process logger (never raw standard error), at our levels.</summary>
[NonParallelizable]
public class FFmpegLogTests
{
    [Test]
    public void Decode_CorruptH264_FFmpegLinesArriveThroughTheLoggerAsWarnings()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "c.ts", "-c:v libx264 -g 5", size: "320x180");
        byte[] bytes = File.ReadAllBytes(clip);
        var random = new Random(4); // fixed seed: the same damage every run
        int start = bytes.Length / 2;
        for (int i = start; i < start + 3000; i++)
            bytes[i] = (byte)random.Next(256);
        File.WriteAllBytes(clip, bytes);

        var lines = new List<string>();
        ILogger previous = Log.Logger;
        using (Serilog.Core.Logger collecting = CollectingLog.Into(lines, "{Level:u3} {SourceContext} {Message:lj}"))
        {
            Log.Logger = collecting;
            try
            {
                using Decoder decoder = Decoder.Open(clip, new DecoderOptions { Threads = 1 });
                while (decoder.TryRead(out VideoFrame? frame))
                    frame.Dispose();
            }
            finally
            {
                Log.Logger = previous;
            }
        }

        List<string> ffmpeg;
        lock (lines)
            ffmpeg = [.. lines.Where(l => l.Contains(" FFmpeg [", StringComparison.Ordinal))];
        // The logger here is at Verbose, so FFmpeg's chatter (info → DBG, verbose/debug → VRB) comes too.
        Assert.That(ffmpeg.Where(l => l.StartsWith("WRN FFmpeg [h264 @", StringComparison.Ordinal) || l.StartsWith("WRN FFmpeg [mpegts @", StringComparison.Ordinal)),
            Is.Not.Empty, "the damaged stream makes the h264 decoder or the demuxer complain, as warnings");
        Assert.That(ffmpeg.Where(l => l.StartsWith("ERR ", StringComparison.Ordinal)), Is.Empty, "FFmpeg's recovered errors are warnings, not errors");
        Assert.That(ffmpeg.Where(l => l.Contains("Cannot load lib", StringComparison.Ordinal)), Is.All.StartWith("DBG "), "the hardware probe is debug");
    }
}
