using System.Diagnostics;
using Broadcast3D.Core.Time;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

public class EncoderTests
{
    private const int Width = 128;
    private const int Height = 72;
    private const int Frames = 30;

    [TestCase(VideoCodec.H264, "clip.mp4", "h264", 3.0)]
    [TestCase(VideoCodec.Hevc, "clip.mp4", "hevc", 3.0)]
    [TestCase(VideoCodec.ProRes422Hq, "clip.mov", "prores", 1.5)]
    public void WriteFrame_RoundTrip_KeepsCountTimingAndPixels(VideoCodec codec, string name, string codecName, double tolerance)
    {
        using var temp = new TempFolder();
        string path = temp.File(name);
        var rate = FrameRate.Fps29_97;
        using (Encoder encoder = Encoder.Create(path, new EncoderOptions { Width = Width, Height = Height, FrameRate = rate, Codec = codec }))
        {
            for (int i = 0; i < Frames; i++)
                encoder.WriteFrame(TestPictures.Rgba(Width, Height, i), Width * 4);
            encoder.Finish();
            Assert.That(encoder.FramesWritten, Is.EqualTo(Frames));
        }
        Assert.That(CliReference.FrameMd5(path), Has.Count.EqualTo(Frames), "the ffmpeg CLI reads every frame");
        AssertDecodesBack(path, codecName, rate, tolerance, withAlpha: false);
    }

    [Test]
    public void WriteFrame_RedRgba_Bt709LimitedRangeAndTaggedSo()
    {
        using var temp = new TempFolder();
        string path = temp.File("red.mp4");
        byte[] red = new byte[Width * Height * 4];
        for (int i = 0; i < red.Length; i += 4)
        {
            red[i] = 255;
            red[i + 3] = 255;
        }
        using (Encoder encoder = Encoder.Create(path, new EncoderOptions { Width = Width, Height = Height, FrameRate = FrameRate.Fps25 }))
        {
            for (int i = 0; i < 5; i++)
                encoder.WriteFrame(red, Width * 4);
            encoder.Finish();
        }
        ProcessRunner.Result probe = ProcessRunner.Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries",
            "stream=color_space,color_primaries,color_transfer,color_range", "-of", "default=nw=1", path], TimeSpan.FromSeconds(30));
        Assert.That(probe.StdOut, Does.Contain("color_space=bt709").And.Contain("color_primaries=bt709")
            .And.Contain("color_transfer=bt709").And.Contain("color_range=tv"), "the stream says what it holds");
        using Decoder decoder = Decoder.Open(path, new DecoderOptions { Output = FrameOutput.Native });
        Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True);
        using (frame)
        {
            // BT.709 limited range red: Y' = 16 + 219·0.2126 = 63, Cb = 128 − 112·0.2126/0.9278 = 102, Cr = 240
            // (BT.601 would give 81, 90, 240).
            int centre = (Height / 2 * frame!.Stride(0)) + (Width / 2), chroma = (Height / 4 * frame.Stride(1)) + (Width / 4);
            Assert.That(frame.Plane(0)[centre], Is.InRange(61, 65), "Y'");
            Assert.That(frame.Plane(1)[chroma], Is.InRange(100, 104), "Cb");
            Assert.That(frame.Plane(2)[chroma], Is.InRange(238, 242), "Cr");
        }
    }

    [Test]
    public void WriteFrame_ProRes4444Mov_PreservesAlpha()
    {
        using var temp = new TempFolder();
        string path = temp.File("key.mov");
        using (Encoder encoder = Encoder.Create(path, new EncoderOptions { Width = Width, Height = Height, FrameRate = FrameRate.Fps25, Codec = VideoCodec.ProRes4444 }))
        {
            for (int i = 0; i < 5; i++)
                encoder.WriteFrame(TestPictures.Rgba(Width, Height, i, withAlpha: true), Width * 4);
        }
        using Decoder decoder = Decoder.Open(path, new DecoderOptions { Output = FrameOutput.Rgba });
        Assert.That(decoder.Stream.PixelFormat, Does.StartWith("yuva444p"));
        Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True);
        using (frame)
        {
            byte[] expected = TestPictures.Rgba(Width, Height, 0, withAlpha: true);
            ReadOnlySpan<byte> plane = frame!.Plane(0);
            int maxAlphaError = 0;
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                    maxAlphaError = Math.Max(maxAlphaError, Math.Abs(expected[(y * Width + x) * 4 + 3] - plane[y * frame.Stride(0) + x * 4 + 3]));
            }
            Assert.That(maxAlphaError, Is.LessThanOrEqualTo(1), "alpha survives 8 → 10 → 12 → 8 bits within rounding");
            Assert.That(TestPictures.MeanError(expected, frame.Plane(0), frame.Stride(0), Width, Height), Is.LessThan(1.5), "colour");
        }
    }

    [Test]
    public void Finish_NotCalledOnFragmentedMp4_FileOnDiskIsPlayableUpToLastFragment()
    {
        using var temp = new TempFolder();
        string path = temp.File("live.mp4");
        string snapshot = temp.File("snapshot.mp4");
        var options = new EncoderOptions { Width = Width, Height = Height, FrameRate = FrameRate.Fps25, Fragmented = true, KeyFrameInterval = 10, Preset = "ultrafast" };
        using (Encoder encoder = Encoder.Create(path, options))
        {
            for (int i = 0; i < 25; i++)
                encoder.WriteFrame(TestPictures.Rgba(Width, Height, i), Width * 4);
            // What a crash would leave: the bytes on disk now, without trailer or final fragment.
            File.Copy(path, snapshot);
            for (int i = 25; i < Frames; i++)
                encoder.WriteFrame(TestPictures.Rgba(Width, Height, i), Width * 4);
        }
        Assert.That(CliReference.FrameMd5(snapshot).Count, Is.InRange(10, 24), "complete fragments of the interrupted file decode");
        Assert.That(CliReference.FrameMd5(path), Has.Count.EqualTo(Frames), "the finished file has every frame");
    }

    [Test]
    public void WriteFrame_IndexGap_StaysAGapInTime()
    {
        using var temp = new TempFolder();
        string path = temp.File("gap.mp4");
        using (Encoder encoder = Encoder.Create(path, new EncoderOptions { Width = Width, Height = Height, FrameRate = FrameRate.Fps50 }))
        {
            encoder.WriteFrame(TestPictures.Rgba(Width, Height, 0), Width * 4, 0);
            encoder.WriteFrame(TestPictures.Rgba(Width, Height, 1), Width * 4, 1);
            encoder.WriteFrame(TestPictures.Rgba(Width, Height, 5), Width * 4, 5);
            Assert.Throws<ArgumentOutOfRangeException>(() => encoder.WriteFrame(TestPictures.Rgba(Width, Height, 5), Width * 4, 5));
        }
        using Decoder decoder = Decoder.Open(path);
        var times = new List<Rational>();
        while (decoder.TryRead(out VideoFrame? f))
        {
            using (f)
                times.Add(f.Time);
        }
        Assert.That(times, Is.EqualTo(new[] { Rational.Zero, new Rational(1, 50), new Rational(5, 50) }));
    }

    [Test]
    public void Create_SrtToLocalCliListener_StreamIsReceivedAndDecoded()
    {
        using var temp = new TempFolder();
        int port = LoopbackPorts.FreeUdp();
        string received = temp.File("received.md5");
        using Process listener = StartFfmpeg("-i", $"srt://127.0.0.1:{port}?mode=listener", "-f", "framemd5", received);
        SendTo($"srt://127.0.0.1:{port}?mode=caller", listener);
        Assert.That(listener.WaitForExit(TimeSpan.FromSeconds(30)), Is.True, "the listener ends when the caller closes");
        Assert.That(File.ReadAllLines(received).Count(l => !l.StartsWith('#')), Is.EqualTo(Frames), "every frame arrived and decoded");
    }

    [Test]
    public void Create_RtmpToLocalCliListener_FlvStreamIsReceivedAndDecoded()
    {
        using var temp = new TempFolder();
        int port = LoopbackPorts.FreeTcp();
        string received = temp.File("received.md5");
        using Process listener = StartFfmpeg("-listen", "1", "-i", $"rtmp://127.0.0.1:{port}/live/b3d", "-f", "framemd5", received);
        SendTo($"rtmp://127.0.0.1:{port}/live/b3d", listener);
        Assert.That(listener.WaitForExit(TimeSpan.FromSeconds(30)), Is.True, "the listener ends when the sender closes");
        Assert.That(File.ReadAllLines(received).Count(l => !l.StartsWith('#')), Is.EqualTo(Frames));
    }

    [Test]
    public void Create_UnreachableSrtListener_FailsWithinConnectTimeoutNamingUrl()
    {
        int port = LoopbackPorts.FreeUdp();
        string url = $"srt://127.0.0.1:{port}?mode=caller";
        var watch = Stopwatch.StartNew();
        var ex = Assert.Throws<MediaException>(() => Encoder.Create(url, Options(TimeSpan.FromMilliseconds(500))).Dispose());
        Assert.That(ex!.Message, Does.Contain($"'{url}'"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    private static void AssertDecodesBack(string path, string codecName, FrameRate rate, double tolerance, bool withAlpha)
    {
        using Decoder decoder = Decoder.Open(path, new DecoderOptions { Output = FrameOutput.Rgba });
        Assert.That(decoder.Stream.Codec, Is.EqualTo(codecName));
        Assert.That(decoder.Stream.FrameRate, Is.EqualTo(rate));
        int n = 0;
        while (decoder.TryRead(out VideoFrame? frame))
        {
            using (frame)
            {
                Assert.That(frame.Time, Is.EqualTo(rate.TimeOfFrame(n)), $"time of frame {n}");
                byte[] expected = TestPictures.Rgba(Width, Height, n, withAlpha);
                Assert.That(TestPictures.MeanError(expected, frame.Plane(0), frame.Stride(0), Width, Height), Is.LessThan(tolerance), $"frame {n}");
            }
            n++;
        }
        Assert.That(n, Is.EqualTo(Frames));
    }

    private static EncoderOptions Options(TimeSpan connectTimeout) =>
        new() { Width = Width, Height = Height, FrameRate = FrameRate.Fps25, Preset = "ultrafast", ConnectTimeout = connectTimeout };

    /// <summary>Connects to a CLI listener that is starting up (retrying until it binds) and sends the test frames.</summary>
    private static void SendTo(string url, Process listener)
    {
        var watch = Stopwatch.StartNew();
        Encoder? encoder = null;
        while (encoder is null)
        {
            try
            {
                encoder = Encoder.Create(url, Options(TimeSpan.FromMilliseconds(500)));
            }
            catch (MediaException) when (watch.Elapsed < TimeSpan.FromSeconds(15) && !listener.HasExited)
            {
                // The listener has not bound its port yet; the failed attempt itself took the wait.
            }
        }
        using (encoder)
        {
            for (int i = 0; i < Frames; i++)
                encoder.WriteFrame(TestPictures.Rgba(Width, Height, i), Width * 4);
        }
    }

    private static Process StartFfmpeg(params string[] args)
    {
        var psi = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in (string[])["-hide_banner", "-nostdin", "-loglevel", "error", "-y", .. args])
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start ffmpeg");
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return p;
    }
}
