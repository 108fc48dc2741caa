using Broadcast3D.Engine.Nodes;

namespace Broadcast3D.Engine.Tests.Nodes;

public class IngestNodeOptionsTests
{
    private static IngestNodeOptions Options() => new()
    {
        Bus = new BusOptions { Url = "nats://127.0.0.1:4222" }, Cameras = [("cam_01", "cam01.mp4")],
    };

    [Test]
    public void Validate_LoopWithoutLive_ThrowsNamingBothOptions()
    {
        var e = Assert.Throws<ArgumentException>(() => (Options() with { Loop = true }).Validate());
        Assert.That(e!.Message, Does.Contain("--loop").And.Contain("--live"));
    }

    [Test]
    public void Validate_LiveAndLoop_Accepted()
    {
        Assert.DoesNotThrow(() => (Options() with { Live = true, Loop = true }).Validate());
    }
}
