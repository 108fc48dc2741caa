using System.Numerics;
using System.Runtime.InteropServices;
using Broadcast3D.Gpu;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Gpu.Tests;

public sealed class GpuResourceTests : GpuTestBase
{
    [Test]
    public void Buffer_UpdateThenRead_RoundTrips()
    {
        using GpuBuffer buffer = Device.CreateBuffer(new BufferDescription(64, BufferUsage.Dynamic | BufferUsage.Readback));
        int[] data = Enumerable.Range(10, 8).ToArray();
        buffer.Update<int>(data, offsetBytes: 16);
        int[] back = new int[8];
        buffer.Read<int>(back, offsetBytes: 16);
        Assert.That(back, Is.EqualTo(data));
    }

    [Test]
    public void Buffer_UpdatePastEnd_Throws()
    {
        using GpuBuffer buffer = Device.CreateBuffer(new BufferDescription(16, BufferUsage.Dynamic));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Update<float>(new float[5]));
    }

    [Test]
    public void Texture_UploadWithStride_ReadsBackTopRowFirst()
    {
        using GpuTexture texture = Device.CreateTexture(new TextureDescription(3, 2, TextureFormat.Rgba8));
        byte[] pixels = new byte[2 * 16];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)i;
        texture.Upload(pixels, strideBytes: 16, 0, 0, 3, 2);
        byte[] back = new byte[3 * 2 * 4];
        texture.Read(back);
        Assert.That(back[..12], Is.EqualTo(pixels[..12]));
        Assert.That(back[12..], Is.EqualTo(pixels[16..28]));
    }

    [Test]
    public void ReadbackPool_AllSlotsBusy_RefusesThenRecycles()
    {
        using GpuTexture color = Device.CreateTexture(new TextureDescription(8, 4, TextureFormat.Rgba8));
        using GpuFramebuffer fb = Device.CreateFramebuffer(color);
        using var pool = new ReadbackPool(Device, 8, 4, TextureFormat.Rgba8, slots: 2);
        byte[] frame = new byte[pool.FrameBytes];
        Device.SetRenderTarget(fb);
        Device.Clear(new Vector4(0, 1, 0, 1));
        Assert.That(pool.TryBegin(fb, out int first), Is.True);
        Device.Clear(new Vector4(0, 0, 1, 1));
        Assert.That(pool.TryBegin(fb, out int second), Is.True);
        Assert.That(pool.TryBegin(fb, out _), Is.False, "a full pool refuses instead of allocating");
        Assert.That(pool.TryComplete(first, frame, TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(frame[..4], Is.EqualTo(new byte[] { 0, 255, 0, 255 }), "the first copy holds the first clear");
        Assert.That(pool.TryComplete(second, frame, TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(frame[^4..], Is.EqualTo(new byte[] { 0, 0, 255, 255 }));
        Assert.That(pool.FreeSlots, Is.EqualTo(2));
    }

    [Test]
    public void Fence_AfterFinish_IsSignaled()
    {
        using GpuFence fence = Device.InsertFence();
        Device.WaitIdle();
        Assert.That(fence.IsSignaled, Is.True);
    }

    [Test]
    public void Dispatch_GraphicsProgram_Throws()
    {
        using GpuProgram kernel = Device.CreateComputeProgram("selftest.comp");
        Assert.Throws<ArgumentException>(() => Device.Draw(kernel, PrimitiveTopology.Triangles, 3));
    }

    [Test]
    public void ShaderSource_UnknownFile_ListsEmbeddedShaders()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => ShaderSource.Load("nope.comp"));
        Assert.That(ex!.Message, Does.Contain("selftest.comp"));
    }
}
