using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

/// <summary>
/// <see cref="Encoder.WritePicture"/>: yuv420p pictures go to x264 without a conversion or a copy (the encoder holds
/// a reference until it has read them) and come back from the file close to the source; straight-alpha RGBA
/// pictures go to ProRes 4444 through swscale.
/// </summary>
public class EncoderPictureTests
{
    private const int Width = 128, Height = 72, Frames = 30;

    [Test]
    public void WritePicture_Yuv420PToH264_DecodesBackAbove40DbAndReturnsEveryPicture()
    {
        using var temp = new TempFolder();
        string path = temp.File("pictures.mp4");
        var pool = new PicturePool(PixelLayout.Yuv420P, Width, Height, capacity: 4);
        var sources = new List<byte[]>();
        using (Encoder encoder = Encoder.Create(path, new EncoderOptions { Width = Width, Height = Height, FrameRate = FrameRate.Fps25 }))
        {
            for (int i = 0; i < Frames; i++)
            {
                Assert.That(pool.TryRent(out Picture picture), Is.True, $"frame {i}: a picture is free (the encoder returned the earlier ones)");
                byte[] source = Yuv420P(i);
                sources.Add(source);
                picture.Fill(source);
                encoder.WritePicture(picture, i);
                picture.Release();
            }
            encoder.Finish();
            Assert.That(encoder.FramesWritten, Is.EqualTo(Frames));
        }
        Assert.That(pool.Available, Is.EqualTo(pool.Capacity), "every picture is back in its pool after Finish");
        Assert.That(pool.FullFrameCopies, Is.EqualTo(Frames), "only the test's own fills copied a frame");

        using Decoder decoder = Decoder.Open(path, new DecoderOptions { Output = FrameOutput.Native });
        int decoded = 0;
        double worstPsnr = double.MaxValue;
        while (decoder.TryRead(out VideoFrame? frame))
        {
            using (frame)
            {
                ImagePlanes planes = frame.AsPlanes();
                Assert.That(planes.Layout, Is.EqualTo(PixelLayout.Yuv420P));
                worstPsnr = Math.Min(worstPsnr, Psnr(planes, sources[decoded]));
            }
            decoded++;
        }
        Assert.That(decoded, Is.EqualTo(Frames), "every frame decodes back");
        TestContext.Out.WriteLine($"worst PSNR over {Frames} frames (Y, Cb, Cr together): {worstPsnr:0.0} dB");
        Assert.That(worstPsnr, Is.GreaterThanOrEqualTo(40));
    }

    [Test]
    public void WritePicture_StraightRgbaToProRes4444_KeepsAlpha()
    {
        using var temp = new TempFolder();
        string path = temp.File("key.mov");
        var pool = new PicturePool(PixelLayout.Rgba8, Width, Height, capacity: 1);
        byte[] expected = TestPictures.Rgba(Width, Height, 0, withAlpha: true);
        using (Encoder encoder = Encoder.Create(path, new EncoderOptions { Width = Width, Height = Height, FrameRate = FrameRate.Fps25, Codec = VideoCodec.ProRes4444 }))
        {
            pool.TryRent(out Picture picture);
            picture.Fill(expected);
            encoder.WritePicture(picture, 0);
            picture.Release();
        }
        Assert.That(pool.Available, Is.EqualTo(1));
        using Decoder decoder = Decoder.Open(path, new DecoderOptions { Output = FrameOutput.Rgba });
        Assert.That(decoder.Stream.PixelFormat, Does.StartWith("yuva444p"));
        Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True);
        using (frame)
        {
            int worstAlpha = 0;
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                    worstAlpha = Math.Max(worstAlpha, Math.Abs(expected[((y * Width) + x) * 4 + 3] - frame!.Plane(0)[(y * frame.Stride(0)) + (x * 4) + 3]));
            }
            Assert.That(worstAlpha, Is.LessThanOrEqualTo(1), "alpha within rounding");
            Assert.That(TestPictures.MeanError(expected, frame!.Plane(0), frame.Stride(0), Width, Height), Is.LessThan(1.5), "colour");
        }
    }

    [Test]
    public void WritePicture_UyvyPicture_ThrowsNamingTheLayoutsThatFit()
    {
        using var temp = new TempFolder();
        using Encoder encoder = Encoder.Create(temp.File("x.mp4"), new EncoderOptions { Width = Width, Height = Height, FrameRate = FrameRate.Fps25 });
        var pool = new PicturePool(PixelLayout.Uyvy, Width, Height, capacity: 1);
        pool.TryRent(out Picture picture);
        var ex = Assert.Throws<ArgumentException>(() => encoder.WritePicture(picture, 0));
        Assert.That(ex!.Message, Does.Contain("Uyvy").And.Contain("Yuv420P"));
        Assert.That(picture.References, Is.EqualTo(1), "a refused picture is not retained");
    }

    [Test]
    public void WritePicture_WrongSize_ThrowsNamingBothSizes()
    {
        using var temp = new TempFolder();
        using Encoder encoder = Encoder.Create(temp.File("x.mp4"), new EncoderOptions { Width = Width, Height = Height, FrameRate = FrameRate.Fps25 });
        var pool = new PicturePool(PixelLayout.Yuv420P, 64, 32, capacity: 1);
        pool.TryRent(out Picture picture);
        var ex = Assert.Throws<ArgumentException>(() => encoder.WritePicture(picture, 0));
        Assert.That(ex!.Message, Does.Contain("64x32").And.Contain($"{Width}x{Height}"));
    }

    // A moving, smooth picture (gradients and a soft disc), limited range, as a camera programme looks.
    private static byte[] Yuv420P(int frame)
    {
        byte[] o = new byte[Width * Height * 3 / 2];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                double dx = x - 30 - (2 * frame), dy = y - 36;
                double disc = Math.Exp(-((dx * dx) + (dy * dy)) / 200);
                o[(y * Width) + x] = (byte)(16 + (150 * x / Width) + (60 * disc));
            }
        }
        int cb = Width * Height, cr = cb + (Width * Height / 4);
        for (int y = 0; y < Height / 2; y++)
        {
            for (int x = 0; x < Width / 2; x++)
            {
                o[cb + (y * Width / 2) + x] = (byte)(90 + (80 * y / (Height / 2)));
                o[cr + (y * Width / 2) + x] = (byte)(160 - (50 * x / (Width / 2)) + frame);
            }
        }
        return o;
    }

    private static double Psnr(ImagePlanes planes, byte[] source)
    {
        double squared = 0;
        long samples = 0;
        int offset = 0;
        for (int p = 0; p < 3; p++)
        {
            (int rowBytes, int rows) = ImagePlanes.PlaneShape(PixelLayout.Yuv420P, Width, Height, p);
            ReadOnlySpan<byte> plane = planes.Plane(p).Span;
            for (int y = 0; y < rows; y++)
            {
                for (int x = 0; x < rowBytes; x++)
                {
                    double d = plane[(y * planes.Stride(p)) + x] - source[offset + (y * rowBytes) + x];
                    squared += d * d;
                    samples++;
                }
            }
            offset += rowBytes * rows;
        }
        double mse = Math.Max(squared / samples, 1e-10);
        return 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
