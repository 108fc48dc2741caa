using Broadcast3D.Core.Time;

namespace Broadcast3D.Ndi.Tests;

public sealed class NdiVideoLayoutTests
{
    [Test]
    public void SizeBytes_Uyva1080p_IsUyvyPlaneThenFullResolutionAlpha()
    {
        var layout = new NdiVideoLayout(1920, 1080, NdiPixelFormat.Uyva);

        Assert.That(layout.StrideBytes, Is.EqualTo(3840));
        Assert.That(layout.AlphaPlaneOffset, Is.EqualTo(3840 * 1080));
        Assert.That(layout.SizeBytes, Is.EqualTo(3840 * 1080 + 1920 * 1080));
    }

    [Test]
    public void Constructor_OddWidthUyvy_ThrowsNamingWidth()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new NdiVideoLayout(321, 180, NdiPixelFormat.Uyvy));

        Assert.That(ex!.Message, Does.Contain("even width").And.Contain("321"));
    }

    [Test]
    public void Send_BufferSmallerThanLayout_ThrowsWithBothSizes()
    {
        using var sender = new NdiSender(NdiTestRuntime.Load(), new NdiSenderOptions(NdiTestRuntime.UniqueSourceName("size"), FrameRate.Fps25));
        var layout = new NdiVideoLayout(64, 36, NdiPixelFormat.Bgra);

        var ex = Assert.Throws<ArgumentException>(() => sender.Send(new byte[layout.SizeBytes - 1], layout, 0));

        Assert.That(ex!.Message, Does.Contain("9216").And.Contain("9215"));
    }
}
