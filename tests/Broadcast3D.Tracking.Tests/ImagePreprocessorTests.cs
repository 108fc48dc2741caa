using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Tracking.Tests;

public class ImagePreprocessorTests
{
    private static byte[] Gradient(int w, int h)
    {
        var img = new byte[w * h * 4];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int o = (y * w + x) * 4;
                img[o] = (byte)x;
                img[o + 1] = (byte)y;
                img[o + 2] = (byte)(x + y);
                img[o + 3] = 255;
            }
        }
        return img;
    }

    [Test]
    public void CropToTensor_IdentityNchwBgr_CopiesPixelsInBgrPlanes()
    {
        byte[] img = Gradient(8, 6);
        var spec = new TensorSpec(8, 6, TensorLayout.Nchw, ChannelOrder.Bgr, [0, 0, 0], [1, 1, 1], 114);
        var t = new float[spec.ElementsPerImage];
        ImagePreprocessor.CropToTensor(ImagePlanes.Rgba(img, 8, 6), new Affine2D(1, 0, 0, 0, 1, 0), spec, t);
        Assert.That(t[0 * 48 + 2 * 8 + 5], Is.EqualTo(7f)); // B = x + y
        Assert.That(t[1 * 48 + 2 * 8 + 5], Is.EqualTo(2f)); // G = y
        Assert.That(t[2 * 48 + 2 * 8 + 5], Is.EqualTo(5f)); // R = x
    }

    [Test]
    public void CropToTensor_LetterboxHalfScale_AveragesAndPadsOutside()
    {
        byte[] img = Gradient(8, 4);
        var spec = new TensorSpec(4, 4, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 114);
        var t = new float[spec.ElementsPerImage];
        ImagePreprocessor.CropToTensor(ImagePlanes.Rgba(img, 8, 4), Affine2D.Letterbox(0.5), spec, t);
        // Tensor pixel (1,0) covers image x in [2,4): centre 2.5, bilinear average of x=2 and x=3.
        Assert.That(t[(0 * 4 + 1) * 3], Is.EqualTo(2.5f).Within(1e-6));
        // Row 3 of the tensor maps to image y = 6.5: fully outside, pad value.
        Assert.That(t[(3 * 4 + 0) * 3 + 1], Is.EqualTo(114f).Within(1e-6));
    }

    [Test]
    public void RotatedSquareCrop_QuarterTurn_MapsCentreAndAxes()
    {
        Affine2D m = Affine2D.RotatedSquareCrop(100, 50, 40, Math.PI / 2, 4);
        (double x, double y) = m.Apply(1.5, 1.5);
        Assert.That(x, Is.EqualTo(100).Within(1e-12));
        Assert.That(y, Is.EqualTo(50).Within(1e-12));
        // One tensor step along u is 10 image pixels, rotated to +y.
        (double x2, double y2) = m.Apply(2.5, 1.5);
        Assert.That(x2, Is.EqualTo(100).Within(1e-9));
        Assert.That(y2, Is.EqualTo(60).Within(1e-9));
    }

    [Test]
    public void CropToTensor_WrongDestinationSize_Throws()
    {
        var spec = new TensorSpec(4, 4, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 0);
        Assert.Throws<ArgumentException>(() =>
            ImagePreprocessor.CropToTensor(ImagePlanes.Rgba(Gradient(4, 4), 4, 4), new Affine2D(1, 0, 0, 0, 1, 0), spec, new float[5]));
    }

    [Test]
    public void CropToTensor_FlatYuv420pBt709Limited_GivesTextbookRgb()
    {
        // Y' 126, Cb 100, Cr 180 in studio range; BT.709 by its published coefficients (R = Y + 1.5748 Cr, ...).
        ImagePlanes flat = Yuv420p(6, 4, (_, _) => 126, (_, _) => 100, (_, _) => 180, YuvMatrix.Bt709);
        var spec = new TensorSpec(6, 4, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 0);
        var t = new float[spec.ElementsPerImage];
        ImagePreprocessor.CropToTensor(flat, new Affine2D(1, 0, 0, 0, 1, 0), spec, t);
        double y = (126 - 16) * 255.0 / 219, cb = (100 - 128) * 255.0 / 224, cr = (180 - 128) * 255.0 / 224;
        Assert.That(t[(2 * 6 + 3) * 3], Is.EqualTo(y + 1.5748 * cr).Within(0.05), "R");
        Assert.That(t[(2 * 6 + 3) * 3 + 1], Is.EqualTo(y - 0.18732 * cb - 0.46812 * cr).Within(0.05), "G");
        Assert.That(t[(2 * 6 + 3) * 3 + 2], Is.EqualTo(y + 1.8556 * cb).Within(0.05), "B");
    }

    [Test]
    public void CropToTensor_SamePictureAsYuv420pNv12AndYuv420p10_GivesTheSameTensor()
    {
        const int w = 9, h = 7; // odd: the last chroma column and row cover one luma pixel
        static byte Y(int x, int y) => (byte)(16 + (x * 23 + y * 11) % 200);
        static byte U(int x, int y) => (byte)(60 + (x * 37 + y * 5) % 130);
        static byte V(int x, int y) => (byte)(70 + (x * 7 + y * 31) % 120);
        ImagePlanes planar = Yuv420p(w, h, Y, U, V, YuvMatrix.Bt601);
        int cw = (w + 1) / 2, ch = (h + 1) / 2;
        byte[] uv = new byte[cw * 2 * ch];
        var wide = new byte[3][] { new byte[w * h * 2], new byte[cw * ch * 2], new byte[cw * ch * 2] };
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
                BitConverter.TryWriteBytes(wide[0].AsSpan((y * w + x) * 2), (ushort)(Y(x, y) * 4));
        }
        for (int y = 0; y < ch; y++)
        {
            for (int x = 0; x < cw; x++)
            {
                (uv[y * cw * 2 + x * 2], uv[y * cw * 2 + x * 2 + 1]) = (U(x, y), V(x, y));
                BitConverter.TryWriteBytes(wide[1].AsSpan((y * cw + x) * 2), (ushort)(U(x, y) * 4));
                BitConverter.TryWriteBytes(wide[2].AsSpan((y * cw + x) * 2), (ushort)(V(x, y) * 4));
            }
        }
        var nv12 = new ImagePlanes(PixelLayout.Nv12, w, h, planar.Plane0, w, uv, cw * 2, matrix: YuvMatrix.Bt601);
        var p10 = new ImagePlanes(PixelLayout.Yuv420P10, w, h, wide[0], w * 2, wide[1], cw * 2, wide[2], cw * 2, YuvMatrix.Bt601);
        var spec = new TensorSpec(5, 5, TensorLayout.Nchw, ChannelOrder.Bgr, [10, 20, 30], [2, 3, 4], 114);
        Affine2D map = Affine2D.RotatedSquareCrop(4, 3, 8, 0.7, 5); // rotated, partly outside: pads too
        float[] a = new float[spec.ElementsPerImage], b = new float[spec.ElementsPerImage], c = new float[spec.ElementsPerImage];
        ImagePreprocessor.CropToTensor(planar, map, spec, a);
        ImagePreprocessor.CropToTensor(nv12, map, spec, b);
        ImagePreprocessor.CropToTensor(p10, map, spec, c);
        Assert.That(a.Distinct().Count(), Is.GreaterThan(20), "the crop holds picture content");
        Assert.That(b, Is.EqualTo(a).Within(1e-4), "nv12");
        Assert.That(c, Is.EqualTo(a).Within(1e-4), "yuv420p10");
    }

    [Test]
    public void CropToTensor_UyvyPicture_ThrowsNamingTheLayout()
    {
        var spec = new TensorSpec(4, 4, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 0);
        var uyvy = new ImagePlanes(PixelLayout.Uyvy, 4, 4, new byte[32], 8);
        var ex = Assert.Throws<ArgumentException>(() => ImagePreprocessor.CropToTensor(uyvy, new Affine2D(1, 0, 0, 0, 1, 0), spec, new float[48]));
        Assert.That(ex!.Message, Does.Contain("Uyvy"));
    }

    private static ImagePlanes Yuv420p(int w, int h, Func<int, int, byte> y, Func<int, int, byte> u, Func<int, int, byte> v, YuvMatrix matrix)
    {
        int cw = (w + 1) / 2, ch = (h + 1) / 2;
        byte[] luma = new byte[w * h], cb = new byte[cw * ch], cr = new byte[cw * ch];
        for (int j = 0; j < h; j++)
        {
            for (int i = 0; i < w; i++)
                luma[j * w + i] = y(i, j);
        }
        for (int j = 0; j < ch; j++)
        {
            for (int i = 0; i < cw; i++)
                (cb[j * cw + i], cr[j * cw + i]) = (u(i, j), v(i, j));
        }
        return new ImagePlanes(PixelLayout.Yuv420P, w, h, luma, w, cb, cw, cr, cw, matrix);
    }
}
