using Broadcast3D.TestSupport;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// A compositor makes its own RGBA readback slots only when asked (issue #12): the channels read back through
/// <see cref="ProgramReadback"/>, so every view used to carry three unused full-frame GPU buffers.
/// </summary>
public sealed class CompositorReadbackSlotsTests : GpuTestBase
{
    [Test]
    public void Readback_DefaultDescription_NoSlotsAndAClearError()
    {
        using var compositor = new Compositor(Device, new CompositorDescription(64, 48));
        var error = Assert.Throws<InvalidOperationException>(() => _ = compositor.Readback)!;
        Assert.That(error.Message, Does.Contain("64x48").And.Contain("CompositorDescription.ReadbackSlots"));
    }

    [Test]
    public void Readback_TwoSlotsAsked_PoolOfTwoReadsTheFrame()
    {
        using var compositor = new Compositor(Device, new CompositorDescription(8, 8) { ReadbackSlots = 2 });
        compositor.BeginFrame(new System.Numerics.Vector4(1, 0, 0, 1));
        compositor.FlushGraphics();
        var rgba = new byte[8 * 8 * 4];
        Assert.That(compositor.Readback.FreeSlots, Is.EqualTo(2));
        Assert.That(compositor.Readback.TryBegin(compositor.Target, out int slot), Is.True);
        Assert.That(compositor.Readback.TryComplete(slot, rgba, TimeSpan.FromSeconds(5)), Is.True);
        Assert.That(rgba[..4], Is.EqualTo(new byte[] { 255, 0, 0, 255 }), "the frame read through the compositor's own slots");
    }

    [Test]
    public void Constructor_NegativeReadbackSlots_RefusedNamingTheField()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Compositor(Device, new CompositorDescription(8, 8) { ReadbackSlots = -1 }))!;
        Assert.That(error.ParamName, Is.EqualTo("ReadbackSlots"));
    }
}
