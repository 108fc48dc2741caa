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
}
