using Broadcast3D.Core.Frames;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

/// <summary><see cref="VideoFrame.AsPlanes"/> (a zero-copy view of the decoded planes) and <see cref="VideoFrame.Retain"/> (shared ownership).</summary>
public class VideoFramePlanesTests
{
    private static Decoder Open(string clip, FrameOutput output = FrameOutput.Native, int poolSize = 4) =>
        Decoder.Open(clip, new DecoderOptions { Output = output, Threads = 1, Hardware = HardwareDecode.Software, PoolSize = poolSize });

    [Test]
    public void AsPlanes_Yuv420pFrame_PlanesAreTheFramesPlanesLimitedRangeBt709()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264 -pix_fmt yuv420p", size: "130x74", frames: 3);
        using Decoder decoder = Open(clip);
        Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True);
        using (frame)
        {
            ImagePlanes planes = frame!.AsPlanes();
            Assert.That((planes.Layout, planes.Width, planes.Height), Is.EqualTo((PixelLayout.Yuv420P, 130, 74)));
            Assert.That((planes.Matrix, planes.FullRange), Is.EqualTo((YuvMatrix.Bt709, false)), "an unmarked stream is taken as limited-range BT.709");
            for (int p = 0; p < 3; p++)
            {
                Assert.That(planes.Stride(p), Is.EqualTo(frame.Stride(p)), $"stride of plane {p}");
                Assert.That(planes.Plane(p).Span.SequenceEqual(frame.Plane(p)), Is.True, $"bytes of plane {p}");
                Assert.That(planes.Plane(p).Span.Overlaps(frame.Plane(p)), Is.True, $"plane {p} is a view, not a copy");
            }
        }
    }

    [Test]
    public void AsPlanes_Yuvj420pFrame_IsFullRange()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "j.mkv", "-c:v mjpeg -pix_fmt yuvj420p", frames: 2);
        using Decoder decoder = Open(clip);
        Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True);
        using (frame)
        {
            Assert.That(frame!.PixelFormat, Is.EqualTo("yuvj420p"));
            ImagePlanes planes = frame.AsPlanes();
            Assert.That((planes.Layout, planes.FullRange), Is.EqualTo((PixelLayout.Yuv420P, true)));
        }
    }

    [Test]
    public void AsPlanes_BgraFrame_ThrowsMediaExceptionNamingTheFormat()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "b.mp4", "-c:v libx264", frames: 2);
        using Decoder decoder = Open(clip, FrameOutput.Bgra);
        Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True);
        using (frame)
        {
            var ex = Assert.Throws<MediaException>(() => frame!.AsPlanes());
            Assert.That(ex!.Message, Does.Contain("bgra"));
        }
    }

    [Test]
    public void AsPlanes_SteadyState_AllocatesNothingPerFrame()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "n.mp4", "-c:v libx264 -pix_fmt yuv420p -g 10", size: "320x180", frames: 40);
        using Decoder decoder = Open(clip);
        long sum = 0;
        // Warm-up past the pool size: each pooled frame makes its plane views once, on its first AsPlanes.
        Read(decoder, 10, ref sum);
        long allocated = SteadyAllocation.Smallest(() => Read(decoder, 8, ref sum));
        Assert.That(allocated, Is.Zero, $"bytes allocated over 8 frames viewed as planes (sum {sum})");
    }

    [Test]
    public void Retain_SecondOwner_FrameReturnsOnlyAfterTheLastDispose()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "r.mp4", "-c:v libx264 -pix_fmt yuv420p", frames: 4);
        using Decoder decoder = Open(clip, poolSize: 1);
        Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True);
        frame!.Retain();
        Assert.That(frame.References, Is.EqualTo(2));
        frame.Dispose();
        Assert.That(frame.References, Is.EqualTo(1));
        Assert.That(frame.AsPlanes().Plane0.Length, Is.GreaterThan(0), "the second owner still reads the planes");
        // The pool's only frame is still held: the decoder has nowhere to decode into.
        Assert.Throws<InvalidOperationException>(() => decoder.TryRead(out _));
        frame.Dispose();
        Assert.That(frame.References, Is.Zero);
        Assert.That(decoder.TryRead(out VideoFrame? next), Is.True, "the frame went back to the pool");
        next!.Dispose();
    }

    [Test]
    public void Retain_AfterTheFrameWentBack_ThrowsObjectDisposed()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "d.mp4", "-c:v libx264", frames: 2);
        using Decoder decoder = Open(clip);
        Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True);
        frame!.Dispose();
        Assert.Throws<ObjectDisposedException>(() => frame.Retain());
        Assert.Throws<ObjectDisposedException>(() => frame.AsPlanes());
    }

    private static void Read(Decoder decoder, int count, ref long sum)
    {
        for (int i = 0; i < count; i++)
        {
            // No NUnit constraint here: building one allocates, and this loop is what is measured.
            if (!decoder.TryRead(out VideoFrame? frame))
                throw new InvalidOperationException("the clip ended early");
            ImagePlanes planes = frame.AsPlanes();
            sum += planes.Plane0.Span[0] + planes.Plane2.Span[0] + planes.Stride1;
            frame.Dispose();
        }
    }
}
