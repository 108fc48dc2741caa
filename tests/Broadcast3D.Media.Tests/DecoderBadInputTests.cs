using System.Diagnostics;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

public class DecoderBadInputTests
{
    [Test]
    public void Open_MissingFile_ThrowsNamingFile()
    {
        var ex = Assert.Throws<MediaException>(() => Decoder.Open("/nonexistent/cam09.mp4"));
        Assert.That(ex!.Message, Is.EqualTo("cannot open '/nonexistent/cam09.mp4': the file does not exist"));
    }

    [Test]
    public void Open_TruncatedMp4WithoutIndex_ThrowsNamingFileAndFFmpegReason()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "t.mp4", "-c:v libx264");
        Truncate(clip, 0.6); // the moov index sits at the end by default: it is gone
        var ex = Assert.Throws<MediaException>(() => Decoder.Open(clip).Dispose());
        Assert.That(ex!.Message, Does.Contain($"opening '{clip}' failed: Invalid data found when processing input"));
    }

    [Test]
    public void TryRead_TruncatedFaststartMp4_KeepsFramesDecodedBeforeTheCut()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "f.mp4", "-c:v libx264 -movflags +faststart", size: "320x180");
        List<CliReference.FrameLine> reference = CliReference.FrameMd5(clip);
        Truncate(clip, 0.85); // testsrc compresses to a few KB, most of it the index at the front
        var log = new List<string>();
        List<(long Pts, string Md5)> ours = CliReference.DecodeAll(clip, new DecoderOptions { Logger = CollectingLog.Into(log) });
        Assert.That(ours.Count, Is.InRange(3, 29), "a partial decode");
        Assert.That(ours.Select(o => o.Md5), Is.EqualTo(reference.Take(ours.Count).Select(r => r.Md5)), "the frames before the cut are intact");
        Assert.That(log, Is.Not.Empty, "the cut is logged");
    }

    [Test]
    public void TryRead_CorruptBytesInTheMiddle_RecoversCountsAndLogs()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "c.ts", "-c:v libx264 -g 5", size: "320x180");
        List<CliReference.FrameLine> reference = CliReference.FrameMd5(clip);
        byte[] bytes = File.ReadAllBytes(clip);
        var random = new Random(4); // fixed seed: the same damage every run
        int start = bytes.Length / 2;
        for (int i = start; i < start + 3000; i++)
            bytes[i] = (byte)random.Next(256);
        File.WriteAllBytes(clip, bytes);

        var log = new List<string>();
        byte[] buffer = [];
        var md5s = new List<string>();
        using (Decoder decoder = Decoder.Open(clip, new DecoderOptions { Logger = CollectingLog.Into(log), Threads = 1 }))
        {
            while (decoder.TryRead(out VideoFrame? frame))
            {
                using (frame)
                    md5s.Add(CliReference.Md5(frame, ref buffer));
            }
            // The damage loses frames (a timestamp gap) and reorders one (mpegts resync): counted, not fatal.
            Assert.That(decoder.MissingFrames, Is.InRange(1, 30 - md5s.Count + 1), "lost frames are counted");
            Assert.That(decoder.MissingFrames + decoder.CorruptPackets + decoder.DamagedFrames, Is.GreaterThan(0), "the damage is noticed");
            Assert.That(log, Is.Not.Empty, "and logged");
        }
        Assert.That(md5s, Has.Count.GreaterThanOrEqualTo(20), "decoding went on after the damage");
        Assert.That(md5s.Take(8), Is.EqualTo(reference.Take(8).Select(r => r.Md5)), "frames before the damage are intact");
    }

    [Test]
    public void Open_AudioOnlyFile_ThrowsSayingNoVideoStream()
    {
        using var temp = new TempFolder();
        string audio = temp.File("a.m4a");
        ProcessRunner.Ffmpeg("-f", "lavfi", "-i", "sine=duration=0.5", "-c:a", "aac", audio);
        var ex = Assert.Throws<MediaException>(() => Decoder.Open(audio).Dispose());
        Assert.That(ex!.Message, Does.Contain($"'{audio}' has no decodable video stream").And.Contain("1 stream(s)"));
    }

    [Test]
    public void Open_RefusedTcpUrl_ThrowsNamingUrl()
    {
        var ex = Assert.Throws<MediaException>(() => Decoder.Open("tcp://127.0.0.1:9").Dispose());
        Assert.That(ex!.Message, Does.Contain("opening 'tcp://127.0.0.1:9' failed: Connection refused"));
    }

    [Test]
    public void Open_SilentUdpUrl_TimesOutAfterOpenTimeout()
    {
        var watch = Stopwatch.StartNew();
        int port = LoopbackPorts.FreeUdp();
        string Url = $"udp://127.0.0.1:{port}";
        var ex = Assert.Throws<MediaException>(() => Decoder.Open(Url, new DecoderOptions { OpenTimeout = TimeSpan.FromMilliseconds(500) }).Dispose());
        Assert.That(ex!.Message, Is.EqualTo($"cannot open '{Url}': no answer within 0.5 s"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    private static void Truncate(string path, double keep)
    {
        using var f = new FileStream(path, FileMode.Open);
        f.SetLength((long)(f.Length * keep));
    }
}
