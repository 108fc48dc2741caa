using System.Numerics;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// <see cref="ProgramReadback"/>: frame n comes back at submit n+1 with its stamps and the same bytes as a
/// synchronous conversion of that frame; full pools drop (counted) instead of waiting and refill once released;
/// one counted copy per picture; no allocation per frame.
/// </summary>
public sealed class ProgramReadbackTests : GpuTestBase
{
    private const int W = 64, H = 32;
    private static readonly PixelLayout[] s_layouts = [PixelLayout.Yuv420P, PixelLayout.Uyvy, PixelLayout.Rgba8];

    [Test]
    public void Submit_FrameN_ComesBackAtSubmitNPlusOneWithItsStampsAndPixels()
    {
        using var compositor = new Compositor(Device, new CompositorDescription(W, H) { ReadbackSlots = 1 });
        using var readback = new ProgramReadback(Device, W, H, s_layouts, picturesPerLayout: 2);
        var converters = s_layouts.Select(l => new PictureConverter(Device, l, W, H)).ToArray();
        var buffers = converters.Select(c => Device.CreateBuffer(new BufferDescription(c.OutputBytes, BufferUsage.Readback))).ToArray();
        try
        {
            var expected = new List<byte[][]>();
            var got = new Picture?[s_layouts.Length];
            int delivered = 0;
            for (int n = 0; n < 5; n++)
            {
                Draw(compositor, n);
                // The synchronous reference: the same conversion, read at once.
                var sync = new byte[s_layouts.Length][];
                for (int i = 0; i < s_layouts.Length; i++)
                {
                    converters[i].Convert(compositor.Output, buffers[i]);
                    sync[i] = new byte[converters[i].OutputBytes];
                    buffers[i].Read<byte>(sync[i]);
                }
                expected.Add(sync);
                bool hasPrevious = readback.Submit(compositor.Output, 100 + n, new Rational(n, 25), 1000 + n, got);
                Assert.That(hasPrevious, Is.EqualTo(n > 0), $"submit {n} completes the frame before it");
                if (n > 0)
                    delivered += CheckAndRelease(got, n - 1, expected[n - 1]);
            }
            Assert.That(readback.Flush(got), Is.True, "the last frame is pending");
            delivered += CheckAndRelease(got, 4, expected[4]);
            Assert.That(readback.Flush(got), Is.False, "nothing is pending after a flush");
            Assert.That(got, Is.All.Null);
            Assert.That(delivered, Is.EqualTo(5 * s_layouts.Length));
            Assert.That(readback.Dropped, Is.Zero);
            foreach (PicturePool pool in readback.Pools)
            {
                Assert.That(pool.FullFrameCopies, Is.EqualTo(5), $"{pool.Layout}: one copy per delivered picture");
                Assert.That(pool.Available, Is.EqualTo(pool.Capacity), $"{pool.Layout}: every picture is back");
            }
        }
        finally
        {
            foreach (GpuBuffer b in buffers)
                b.Dispose();
            foreach (PictureConverter c in converters)
                c.Dispose();
        }
    }

    [Test]
    public void Submit_PoolsAllHeld_DeliversNullCountsDropsAndRefillsAfterRelease()
    {
        using var compositor = new Compositor(Device, new CompositorDescription(W, H) { ReadbackSlots = 1 });
        using var readback = new ProgramReadback(Device, W, H, [PixelLayout.Uyvy], picturesPerLayout: 2);
        var held = new List<Picture>();
        var got = new Picture?[1];
        Draw(compositor, 0);
        readback.Submit(compositor.Output, 0, Rational.Zero, 0, got);
        for (int n = 1; n <= 3; n++)
        {
            Draw(compositor, n);
            readback.Submit(compositor.Output, n, Rational.Zero, 0, got);
            if (n <= 2)
            {
                Assert.That(got[0], Is.Not.Null, $"frame {n - 1} gets a picture while the pool has one");
                held.Add(got[0]!);
            }
            else
            {
                Assert.That(got[0], Is.Null, "frame 2 finds both pictures held by a slow sink");
            }
        }
        Assert.That(readback.Dropped, Is.EqualTo(1));
        foreach (Picture p in held)
            p.Release();
        Draw(compositor, 4);
        readback.Submit(compositor.Output, 4, Rational.Zero, 0, got);
        Assert.That(got[0], Is.Not.Null, "the pool refilled once the sink released its pictures");
        Assert.That(got[0]!.FrameIndex, Is.EqualTo(3));
        got[0]!.Release();
        readback.Flush(got);
        got[0]?.Release();
        Assert.That(readback.Dropped, Is.EqualTo(1));
    }

    [Test]
    public void Submit_SteadyState_AllocatesNothingPerFrame()
    {
        using var compositor = new Compositor(Device, new CompositorDescription(W, H) { ReadbackSlots = 1 });
        using var readback = new ProgramReadback(Device, W, H, s_layouts, picturesPerLayout: 2);
        var got = new Picture?[s_layouts.Length];
        var time = new Rational(1, 25);
        Draw(compositor, 0);
        // Warm-up: JIT, first-use paths of the GL bindings.
        for (int n = 0; n < 10; n++)
            SubmitAndRelease(readback, compositor.Output, n, time, got);
        long allocated = SteadyAllocation.Smallest(() =>
        {
            for (int n = 0; n < 30; n++)
                SubmitAndRelease(readback, compositor.Output, n, time, got);
        });
        Assert.That(allocated, Is.Zero, "bytes allocated over 30 submitted frames");
        Assert.That(readback.Dropped, Is.Zero);
    }

    [Test]
    public void Submit_WrongTextureSize_ThrowsNamingBothSizes()
    {
        using var readback = new ProgramReadback(Device, W, H, [PixelLayout.Yuv420P], picturesPerLayout: 1);
        using GpuTexture small = Device.CreateTexture(new TextureDescription(32, 32, TextureFormat.Rgba8));
        var got = new Picture?[1];
        var ex = Assert.Throws<ArgumentException>(() => readback.Submit(small, 0, Rational.Zero, 0, got));
        Assert.That(ex!.Message, Does.Contain("32x32").And.Contain($"{W}x{H}"));
    }

    [Test]
    public void Constructor_RepeatedLayout_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ProgramReadback(Device, W, H, [PixelLayout.Uyvy, PixelLayout.Uyvy], 1));
        Assert.That(ex!.Message, Does.Contain("each layout once"));
    }

    private static void SubmitAndRelease(ProgramReadback readback, GpuTexture output, long n, Rational time, Picture?[] got)
    {
        readback.Submit(output, n, time, n, got);
        foreach (Picture? p in got)
            p?.Release();
    }

    private static int CheckAndRelease(Picture?[] got, int frame, byte[][] expected)
    {
        int delivered = 0;
        for (int i = 0; i < got.Length; i++)
        {
            Picture p = got[i] ?? throw new AssertionException($"frame {frame} {s_layouts[i]}: no picture");
            Assert.That(p.Layout, Is.EqualTo(s_layouts[i]));
            Assert.That(p.FrameIndex, Is.EqualTo(100 + frame), "frame index");
            Assert.That(p.Time, Is.EqualTo(new Rational(frame, 25)), "time");
            Assert.That(p.IngestTimestamp, Is.EqualTo(1000 + frame), "ingest timestamp");
            Assert.That(p.References, Is.EqualTo(1), "one reference, the caller's");
            Assert.That(p.Bytes.SequenceEqual(expected[i]), Is.True, $"frame {frame} {s_layouts[i]}: pixels equal a synchronous conversion");
            p.Release();
            delivered++;
        }
        return delivered;
    }

    // Each frame different: a clear colour and a translucent rectangle that move with n.
    private static void Draw(Compositor compositor, int n)
    {
        compositor.BeginFrame(new Vector4(0.1f * n, 0.5f, 1 - (0.15f * n), 1));
        compositor.FillRectangle(4 + (3 * n), 2 + n, 20, 12, new Vector4(1, 0.65f, 0, 0.6f));
        compositor.FlushGraphics();
    }
}
