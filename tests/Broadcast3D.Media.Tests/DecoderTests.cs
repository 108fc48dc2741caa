using Broadcast3D.Core.Time;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

public class DecoderTests
{
    private static string Videos => Path.Combine(SharedAssets.BalancingTrial, "videos");

    [TestCase("h264.mp4", "-c:v libx264 -pix_fmt yuv420p -g 12 -bf 2", "h264", "yuv420p", 0)]
    [TestCase("h264_422p10.mkv", "-c:v libx264 -pix_fmt yuv422p10le", "h264", "yuv422p10le", 1)]
    [TestCase("hevc.mp4", "-c:v libx265 -pix_fmt yuv420p10le -x265-params log-level=error", "hevc", "yuv420p10le", 2)]
    [TestCase("vp9.webm", "-c:v libvpx-vp9 -pix_fmt yuv444p -deadline realtime -cpu-used 8", "vp9", "yuv444p", 0)]
    [TestCase("prores.mov", "-c:v prores_ks -profile:v 3 -pix_fmt yuv422p10le", "prores", "yuv422p10le", 2)]
    [TestCase("prores4444.mov", "-c:v prores_ks -profile:v 4 -pix_fmt yuva444p10le", "prores", "yuva444p12le", 0)]
    [TestCase("mpeg2.ts", "-c:v mpeg2video -pix_fmt yuv422p -bf 2", "mpeg2video", "yuv422p", 1)]
    public void TryRead_GeneratedClip_EveryFrameMatchesCliFrameMd5(string name, string codecArgs, string codec, string pixelFormat, int threads)
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, name, codecArgs);
        List<CliReference.FrameLine> reference = CliReference.FrameMd5(clip);
        Assert.That(reference, Has.Count.EqualTo(30));

        var options = new DecoderOptions { Threads = threads, Hardware = HardwareDecode.Software };
        using (Decoder decoder = Decoder.Open(clip, options))
        {
            Assert.That(decoder.Stream.Codec, Is.EqualTo(codec));
            Assert.That((decoder.Stream.Width, decoder.Stream.Height), Is.EqualTo((128, 72)));
            Assert.That(decoder.Stream.FrameRate, Is.EqualTo(new FrameRate(25, 1)));
        }
        List<(long Pts, string Md5)> ours = CliReference.DecodeAll(clip, options);
        Assert.That(ours.Select(o => o.Pts), Is.EqualTo(reference.Select(r => r.Pts)), "timestamps");
        Assert.That(ours.Select(o => o.Md5), Is.EqualTo(reference.Select(r => r.Md5)), "pixels");

        using Decoder again = Decoder.Open(clip, options);
        Assert.That(again.TryRead(out VideoFrame? first), Is.True);
        using (first)
        {
            Assert.That(first!.PixelFormat, Is.EqualTo(pixelFormat));
            Assert.That(first.Time, Is.EqualTo(Rational.Zero));
        }
    }

    /// <summary>
    /// Live decoding (<see cref="DecoderOptions.LowDelay"/>: no frame threading) changes when frames come out, never
    /// which frames or their order, B-frames included.
    /// </summary>
    [TestCase("h264.mp4", "-c:v libx264 -pix_fmt yuv420p -g 12 -bf 2")]
    [TestCase("hevc.mp4", "-c:v libx265 -pix_fmt yuv420p10le -x265-params log-level=error")]
    public void TryRead_LowDelay_EveryFrameMatchesCliFrameMd5(string name, string codecArgs)
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, name, codecArgs);
        List<CliReference.FrameLine> reference = CliReference.FrameMd5(clip);
        List<(long Pts, string Md5)> ours = CliReference.DecodeAll(clip, new DecoderOptions { LowDelay = true, Hardware = HardwareDecode.Software });
        Assert.That(ours.Select(o => o.Pts), Is.EqualTo(reference.Select(r => r.Pts)), "timestamps");
        Assert.That(ours.Select(o => o.Md5), Is.EqualTo(reference.Select(r => r.Md5)), "pixels");
    }

    [TestCase("cam01.mp4", "h264", 1080)]
    [TestCase("cam02.mp4", "vp9", 1080)]
    [TestCase("cam03.mp4", "h264", 1088)]
    [TestCase("cam04.mp4", "h264", 1088)]
    public void TryRead_BalancingVideo_HundredFramesMatchCliFrameMd5(string file, string codec, int width)
    {
        string path = Path.Combine(Videos, file);
        List<CliReference.FrameLine> reference = CliReference.FrameMd5(path);
        List<(long Pts, string Md5)> ours = CliReference.DecodeAll(path);
        using (Decoder d = Decoder.Open(path))
        {
            Assert.That(d.Stream.Codec, Is.EqualTo(codec));
            Assert.That((d.Stream.Width, d.Stream.Height), Is.EqualTo((width, 1920)));
            Assert.That(d.Stream.FrameRate, Is.EqualTo(FrameRate.Fps60));
            Assert.That(d.Stream.FrameCount, Is.EqualTo(100));
        }
        Assert.That(ours, Has.Count.EqualTo(100));
        Assert.That(ours.Select(o => o.Pts), Is.EqualTo(reference.Select(r => r.Pts)));
        Assert.That(ours.Select(o => o.Md5), Is.EqualTo(reference.Select(r => r.Md5)));
    }

    [Test]
    public void SeekToFrame_BalancingFrame57_ReturnsExactlyFrame57()
    {
        string path = Path.Combine(Videos, "cam01.mp4");
        List<CliReference.FrameLine> reference = CliReference.FrameMd5(path);
        using Decoder decoder = Decoder.Open(path);
        byte[] buffer = [];
        // Read past the target first so the seek has to go backwards, then forwards again.
        for (int i = 0; i < 80; i++)
        {
            Assert.That(decoder.TryRead(out VideoFrame? f), Is.True);
            f!.Dispose();
        }
        foreach (int target in new[] { 57, 3, 57, 99 })
        {
            decoder.SeekToFrame(target);
            Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True);
            using (frame)
            {
                Assert.That(frame!.Time, Is.EqualTo(FrameRate.Fps60.TimeOfFrame(target)), $"time of frame {target}");
                Assert.That(frame.Pts, Is.EqualTo(reference[target].Pts));
                Assert.That(CliReference.Md5(frame, ref buffer), Is.EqualTo(reference[target].Md5), $"pixels of frame {target}");
            }
        }
    }

    [Test]
    public void Seek_LongGopWithBFrames_ReturnsFrameOnScreenAtThatTime()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "gop.mp4", "-c:v libx264 -g 25 -bf 3", frames: 60);
        List<CliReference.FrameLine> reference = CliReference.FrameMd5(clip);
        using Decoder decoder = Decoder.Open(clip, new DecoderOptions { Hardware = HardwareDecode.Software });
        byte[] buffer = [];
        // 57/25 s is frame 57; 57.5 frames in is still frame 57 on screen.
        foreach ((Rational time, int expected) in new[] { (new Rational(57, 25), 57), (new Rational(115, 50), 57), (new Rational(24, 25), 24), (Rational.Zero, 0) })
        {
            decoder.Seek(time);
            Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True);
            using (frame)
                Assert.That(CliReference.Md5(frame!, ref buffer), Is.EqualTo(reference[expected].Md5), $"seek to {time} s");
        }
    }

    [Test]
    public void TryRead_RgbaOutput_EqualsCliConversionWithSameFlags()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "c.mp4", "-c:v libx264 -pix_fmt yuv420p -crf 10", frames: 3);
        foreach (FrameOutput output in new[] { FrameOutput.Rgba, FrameOutput.Bgra })
        {
            string format = output == FrameOutput.Rgba ? "rgba" : "bgra";
            string raw = temp.File("c." + format);
            ProcessRunner.Ffmpeg("-i", clip, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", format, "-sws_flags", "bilinear", raw);
            byte[] reference = File.ReadAllBytes(raw);
            using Decoder decoder = Decoder.Open(clip, new DecoderOptions { Output = output });
            Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True);
            using (frame)
            {
                Assert.That(frame!.PixelFormat, Is.EqualTo(format));
                ReadOnlySpan<byte> plane = frame.Plane(0);
                int maxDiff = 0;
                for (int y = 0; y < 72; y++)
                {
                    for (int x = 0; x < 128 * 4; x++)
                        maxDiff = Math.Max(maxDiff, Math.Abs(plane[y * frame.Stride(0) + x] - reference[y * 128 * 4 + x]));
                }
                Assert.That(maxDiff, Is.Zero, $"{output}: the same swscale path as the CLI");
            }
        }
    }

    [Test]
    public void TryRead_InterlacedMpeg2_FlagsFramesAndStream()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "i.ts", "-c:v mpeg2video -flags +ildct+ilme -top 1", size: "128x96", frames: 6, filter: "setfield=tff");
        using Decoder decoder = Decoder.Open(clip);
        Assert.That(decoder.Stream.Interlaced, Is.True);
        Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True);
        using (frame)
            Assert.That((frame!.IsInterlaced, frame.TopFieldFirst), Is.EqualTo((true, true)));
    }

    [Test]
    public void Open_HardwareAutoWithoutCudaDevice_FallsBackToSoftwareAndSaysWhy()
    {
        bool hasNvidia = File.Exists("/dev/nvidia0");
        string path = Path.Combine(Videos, "cam01.mp4");
        using Decoder decoder = Decoder.Open(path, new DecoderOptions { Hardware = HardwareDecode.Auto });
        Assert.That(decoder.IsHardwareAccelerated, Is.EqualTo(hasNvidia), decoder.HardwareStatus);
        if (!hasNvidia)
        {
            Assert.That(decoder.HardwareStatus, Does.StartWith("software (CUDA not used: no usable CUDA device"));
            Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True, "software decoding still works");
            frame!.Dispose();
        }
    }

    [Test]
    public void Open_HardwareCudaRequiredWithoutDevice_ThrowsNamingSource()
    {
        if (File.Exists("/dev/nvidia0"))
            TestSkip.NotApplicable("a CUDA device exists; the required-CUDA failure path cannot be exercised here");
        string path = Path.Combine(Videos, "cam02.mp4");
        var ex = Assert.Throws<MediaException>(() => Decoder.Open(path, new DecoderOptions { Hardware = HardwareDecode.Cuda }).Dispose());
        Assert.That(ex!.Message, Does.Contain("CUDA decoding of '" + path + "' is not available"));
    }

    [Test]
    public void TryRead_PoolExhausted_ThrowsSayingWhatToDo()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "p.mp4", "-c:v libx264", frames: 5);
        using Decoder decoder = Decoder.Open(clip, new DecoderOptions { PoolSize = 2 });
        Assert.That(decoder.TryRead(out VideoFrame? a), Is.True);
        Assert.That(decoder.TryRead(out VideoFrame? b), Is.True);
        var ex = Assert.Throws<InvalidOperationException>(() => decoder.TryRead(out _));
        Assert.That(ex!.Message, Does.Contain("PoolSize"));
        a!.Dispose();
        b!.Dispose();
    }
}
