using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Time;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

public class MediaProbeTests
{
    [Test]
    public void Probe_MovWithTimecodeAndAudio_ReportsStreamsAndTimecode()
    {
        using var temp = new TempFolder();
        string mov = temp.File("tc.mov");
        ProcessRunner.Ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48:rate=30000/1001", "-f", "lavfi", "-i", "sine=duration=1",
            "-frames:v", "12", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-timecode", "01:02:03;04", "-shortest", mov);
        MediaInfo info = MediaProbe.Probe(mov);
        Assert.That(info.Timecode, Is.EqualTo("01:02:03;04"));
        MediaStreamInfo video = info.Streams.Single(s => s.Kind == "video");
        Assert.That((video.Codec, video.Width, video.Height, video.PixelFormat), Is.EqualTo(("h264", 64, 48, "yuv420p")));
        Assert.That(video.FrameRate, Is.EqualTo(FrameRate.Fps29_97));
        Assert.That(video.FrameCount, Is.EqualTo(12));
        Assert.That(video.Interlaced, Is.False);
        Assert.That(info.Streams.Any(s => s.Kind == "audio" && s.Codec == "aac"), Is.True);
    }

    [Test]
    public void Probe_MpegTsWithoutDeclaredCount_CountsFrames()
    {
        using var temp = new TempFolder();
        string ts = CliReference.TestClip(temp, "c.ts", "-c:v libx264", frames: 17);
        MediaStreamInfo video = MediaProbe.Probe(ts).Streams.Single();
        Assert.That(video.FrameCount, Is.EqualTo(17));
        Assert.That(video.TimeBase, Is.EqualTo(new Rational(1, 90000)));
    }

    [Test]
    public void Probe_MissingFile_ThrowsNamingIt()
    {
        var ex = Assert.Throws<MediaException>(() => MediaProbe.Probe("/nonexistent/x.mov"));
        Assert.That(ex!.Message, Does.Contain("/nonexistent/x.mov"));
    }

    [Test]
    public void FFmpegCheck_DebianFFmpeg_EveryItemOkAndCudaWarnsWithoutGpu()
    {
        IReadOnlyList<DiagnosticItem> items = new FFmpegCheck().Run();
        Assert.That(items.Where(i => i.Status != DiagnosticStatus.Ok && i.Name != "hwaccel cuda").Select(i => $"{i.Name}: {i.Detail}"), Is.Empty);
        DiagnosticItem cuda = items.Single(i => i.Name == "hwaccel cuda");
        Assert.That(cuda.Status, Is.EqualTo(File.Exists("/dev/nvidia0") ? DiagnosticStatus.Ok : DiagnosticStatus.Warning), cuda.Detail);
        Assert.That(items.Select(i => i.Name), Is.SupersetOf(new[] { "libavcodec", "decoder vp9", "encoder libx264", "protocol srt" }));
        Assert.That(items.Single(i => i.Name == "libavcodec").Detail, Does.StartWith("59."));
    }
}
