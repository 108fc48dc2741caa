using System.Numerics;
using System.Runtime.InteropServices;
using Broadcast3D.Core.Frames;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// The plate shader converts Y'CbCr to R'G'B' as the standard says: colours encoded on the CPU with the BT.709 /
/// BT.601 equations (limited or full range, rounded to 8 bits) come back within 2 levels (the rounding of the
/// 8-bit encoding itself is up to ±1.5 levels after the matrix).
/// </summary>
public sealed class VideoPlateTests : GpuTestBase
{
    private static readonly byte[][] s_colors =
    [
        [255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255], [16, 16, 16], [200, 120, 40], [30, 160, 220], [128, 128, 128],
    ];

    [TestCase(VideoPlateFormat.Yuv420P, YuvColorSpace.Bt709Limited)]
    [TestCase(VideoPlateFormat.Nv12, YuvColorSpace.Bt709Limited)]
    [TestCase(VideoPlateFormat.Yuv420P, YuvColorSpace.Bt709Full)]
    [TestCase(VideoPlateFormat.Nv12, YuvColorSpace.Bt601Limited)]
    public void DrawPlate_EncodedColours_DecodeWithinTwoLevels(VideoPlateFormat format, YuvColorSpace space)
    {
        // One 8×8 block per colour (chroma constant over each 2×2 cell), 64×8 picture.
        const int W = 64, H = 8;
        byte[] y = new byte[W * H], cb = new byte[W / 2 * H / 2], cr = new byte[W / 2 * H / 2], cbcr = new byte[W * H / 2];
        for (int block = 0; block < s_colors.Length; block++)
        {
            (byte Y, byte Cb, byte Cr) e = Encode(s_colors[block], space);
            for (int row = 0; row < H; row++)
            {
                for (int col = block * 8; col < (block + 1) * 8; col++)
                {
                    y[(row * W) + col] = e.Y;
                    int c = ((row / 2) * (W / 2)) + (col / 2);
                    cb[c] = e.Cb;
                    cr[c] = e.Cr;
                    cbcr[2 * c] = e.Cb;
                    cbcr[(2 * c) + 1] = e.Cr;
                }
            }
        }
        using var plate = new VideoPlate(Device, W, H, format, space);
        if (format == VideoPlateFormat.Nv12)
            plate.UploadNv12(y, W, cbcr, W);
        else
            plate.UploadYuv420P(y, W, cb, W / 2, cr, W / 2);
        using var compositor = new Compositor(Device, new CompositorDescription(W, H) { ReadbackSlots = 1 });
        compositor.BeginFrame(Vector4.Zero);
        compositor.DrawPlate(plate);
        byte[] rgba = new byte[W * H * 4];
        compositor.ReadRgba(rgba);
        int worst = 0;
        for (int block = 0; block < s_colors.Length; block++)
        {
            // The centre of the block: bilinear chroma there is the block's own value.
            int p = ((4 * W) + (block * 8) + 4) * 4;
            for (int c = 0; c < 3; c++)
                worst = Math.Max(worst, Math.Abs(rgba[p + c] - s_colors[block][c]));
            Assert.That(rgba[p + 3], Is.EqualTo(255), "the plate is opaque");
        }
        Assert.That(worst, Is.LessThanOrEqualTo(2));
    }

    // The decoders' planes through Upload(ImagePlanes): 10-bit (codes in 16-bit words, encoded at 10-bit precision)
    // and BT.601, with the matrix and range the view carries; same 2-level bound at the block centres.
    [TestCase(PixelLayout.Yuv420P10, YuvMatrix.Bt709, false)]
    [TestCase(PixelLayout.Yuv420P10, YuvMatrix.Bt601, false)]
    [TestCase(PixelLayout.Yuv420P, YuvMatrix.Bt601, true)]
    [TestCase(PixelLayout.Yuv420P, YuvMatrix.Bt601, false)]
    [TestCase(PixelLayout.Nv12, YuvMatrix.Bt709, false)]
    public void UploadPlanes_EncodedColours_DecodeWithinTwoLevels(PixelLayout layout, YuvMatrix matrix, bool fullRange)
    {
        const int W = 64, H = 8;
        int bits = layout == PixelLayout.Yuv420P10 ? 10 : 8, sampleBytes = bits == 10 ? 2 : 1;
        ushort[] y = new ushort[W * H], cb = new ushort[W / 2 * H / 2], cr = new ushort[W / 2 * H / 2];
        for (int block = 0; block < s_colors.Length; block++)
        {
            (int Y, int Cb, int Cr) e = Encode(s_colors[block], matrix, fullRange, bits);
            for (int row = 0; row < H; row++)
            {
                for (int col = block * 8; col < (block + 1) * 8; col++)
                {
                    y[(row * W) + col] = (ushort)e.Y;
                    int c = ((row / 2) * (W / 2)) + (col / 2);
                    cb[c] = (ushort)e.Cb;
                    cr[c] = (ushort)e.Cr;
                }
            }
        }
        ImagePlanes planes;
        if (layout == PixelLayout.Nv12)
        {
            byte[] cbcr = new byte[W * H / 2];
            for (int c = 0; c < cb.Length; c++)
            {
                cbcr[2 * c] = (byte)cb[c];
                cbcr[(2 * c) + 1] = (byte)cr[c];
            }
            planes = new ImagePlanes(layout, W, H, y.Select(v => (byte)v).ToArray(), W, cbcr, W, matrix: matrix, fullRange: fullRange);
        }
        else
        {
            planes = new ImagePlanes(layout, W, H, Samples(y, sampleBytes), W * sampleBytes, Samples(cb, sampleBytes), W / 2 * sampleBytes,
                Samples(cr, sampleBytes), W / 2 * sampleBytes, matrix, fullRange);
        }
        VideoPlateFormat format = layout switch
        {
            PixelLayout.Yuv420P10 => VideoPlateFormat.Yuv420P10,
            PixelLayout.Nv12 => VideoPlateFormat.Nv12,
            _ => VideoPlateFormat.Yuv420P,
        };
        using var plate = new VideoPlate(Device, W, H, format);
        plate.Upload(planes);
        using var compositor = new Compositor(Device, new CompositorDescription(W, H) { ReadbackSlots = 1 });
        compositor.BeginFrame(Vector4.Zero);
        compositor.DrawPlate(plate);
        byte[] rgba = new byte[W * H * 4];
        compositor.ReadRgba(rgba);
        int worst = 0, compared = 0;
        for (int block = 0; block < s_colors.Length; block++)
        {
            int p = ((4 * W) + (block * 8) + 4) * 4;
            for (int c = 0; c < 3; c++, compared++)
                worst = Math.Max(worst, Math.Abs(rgba[p + c] - s_colors[block][c]));
        }
        Assert.That(compared, Is.EqualTo(s_colors.Length * 3));
        Assert.That(worst, Is.LessThanOrEqualTo(2), $"{layout} {matrix} {(fullRange ? "full" : "limited")}");
    }

    [Test]
    public void UploadPlanes_WrongLayout_ThrowsNamingBoth()
    {
        using var plate = new VideoPlate(Device, 16, 8, VideoPlateFormat.Yuv420P);
        var planes = new ImagePlanes(PixelLayout.Nv12, 16, 8, new byte[128], 16, new byte[64], 16);
        var ex = Assert.Throws<ArgumentException>(() => plate.Upload(planes));
        Assert.That(ex!.Message, Does.Contain("Nv12").And.Contain("Yuv420P"));
    }

    private static byte[] Samples(ushort[] values, int sampleBytes) =>
        sampleBytes == 2 ? MemoryMarshal.AsBytes(values.AsSpan()).ToArray() : values.Select(v => (byte)v).ToArray();

    // BT.601/709 at 8 or 10 bits: limited range Y' = (16 + 219·Y)·2^(n−8), C = (128 + 224·P)·2^(n−8); full range
    // Y' = (2^n − 1)·Y, C = 2^(n−1) + (2^n − 1)·P.
    private static (int Y, int Cb, int Cr) Encode(byte[] rgb, YuvMatrix matrix, bool fullRange, int bits)
    {
        (double kr, double kb) = matrix == YuvMatrix.Bt601 ? (0.299, 0.114) : (0.2126, 0.0722);
        double r = rgb[0] / 255.0, g = rgb[1] / 255.0, b = rgb[2] / 255.0;
        double luma = (kr * r) + ((1 - kr - kb) * g) + (kb * b);
        double pb = (b - luma) / (2 * (1 - kb)), pr = (r - luma) / (2 * (1 - kr));
        double scale = 1 << (bits - 8), max = (1 << bits) - 1;
        (double yv, double cbv, double crv) = fullRange
            ? (max * luma, (1 << (bits - 1)) + (max * pb), (1 << (bits - 1)) + (max * pr))
            : ((16 + (219 * luma)) * scale, (128 + (224 * pb)) * scale, (128 + (224 * pr)) * scale);
        return ((int)Math.Clamp(Math.Round(yv), 0, max), (int)Math.Clamp(Math.Round(cbv), 0, max), (int)Math.Clamp(Math.Round(crv), 0, max));
    }

    private static (byte, byte, byte) Encode(byte[] rgb, YuvColorSpace space)
    {
        (double kr, double kb) = space == YuvColorSpace.Bt601Limited ? (0.299, 0.114) : (0.2126, 0.0722);
        double r = rgb[0] / 255.0, g = rgb[1] / 255.0, b = rgb[2] / 255.0;
        double luma = (kr * r) + ((1 - kr - kb) * g) + (kb * b);
        double pb = (b - luma) / (2 * (1 - kb)), pr = (r - luma) / (2 * (1 - kr));
        bool limited = space != YuvColorSpace.Bt709Full;
        double yv = limited ? 16 + (219 * luma) : 255 * luma;
        double cbv = limited ? 128 + (224 * pb) : 128 + (255 * pb);
        double crv = limited ? 128 + (224 * pr) : 128 + (255 * pr);
        return (Clamp(yv), Clamp(cbv), Clamp(crv));
    }

    private static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}
