using Broadcast3D.Media.Interop;

namespace Broadcast3D.Media.Tests;

public class FFmpegLibraryTests
{
    [Test]
    public void Availability_InstalledDebianFFmpeg_IsFFmpeg51Majors()
    {
        FFmpegAvailability a = FFmpegLibrary.Availability;
        Assert.That(a.IsAvailable, Is.True, a.Detail);
        Assert.Multiple(() =>
        {
            Assert.That(a.AvUtil >> 16, Is.EqualTo(57));
            Assert.That(a.AvCodec >> 16, Is.EqualTo(59));
            Assert.That(a.AvFormat >> 16, Is.EqualTo(59));
            Assert.That(a.SwScale >> 16, Is.EqualTo(6));
            Assert.That(a.Detail, Does.Contain("libavcodec 59."));
        });
    }

    [Test]
    public void UnsupportedVersions_OtherMajor_RefusesNamingLibraryAndInstallHint()
    {
        string? message = FFmpegLibrary.UnsupportedVersions(57u << 16, (60u << 16) | (3 << 8), 59u << 16, 6u << 16);
        Assert.That(message, Does.Contain("libavcodec 60.3.0 (need 59.x)").And.Contain("apt-get install"));
        Assert.That(message, Does.Not.Contain("libavformat 59"), "only the wrong library is named");
    }

    [Test]
    public void UnsupportedVersions_FFmpeg51_Accepts()
    {
        Assert.That(FFmpegLibrary.UnsupportedVersions((57u << 16) | (28 << 8) | 100, 59u << 16, 59u << 16, 6u << 16), Is.Null);
    }

    [Test]
    public void Check_NegativeCode_ThrowsWithFFmpegMessageAndContext()
    {
        var ex = Assert.Throws<MediaException>(() => FFmpegError.Check(FFmpegConstants.AVERROR_INVALIDDATA, "reading 'x.mp4'"));
        Assert.That(ex!.Message, Is.EqualTo("reading 'x.mp4' failed: Invalid data found when processing input"));
        Assert.That(ex.ErrorCode, Is.EqualTo(FFmpegConstants.AVERROR_INVALIDDATA));
    }
}
