using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

public class ImageFileTests
{
    [Test]
    public void WriteRgba_PngWithAlpha_CliDecodesIdenticalPixels()
    {
        using var temp = new TempFolder();
        RgbaImage image = Gradient(67, 45); // odd sizes catch stride mistakes
        string png = temp.File("g.png");
        ImageFile.WriteRgba(png, image);
        string raw = temp.File("g.rgba");
        ProcessRunner.Ffmpeg("-i", png, "-f", "rawvideo", "-pix_fmt", "rgba", raw);
        Assert.That(File.ReadAllBytes(raw), Is.EqualTo(image.Pixels));
    }

    [Test]
    public void ReadRgba_PngFromCli_EqualsCliRawPixels()
    {
        using var temp = new TempFolder();
        string png = temp.File("t.png");
        ProcessRunner.Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=96x54,format=rgba", "-frames:v", "1", png);
        string raw = temp.File("t.rgba");
        ProcessRunner.Ffmpeg("-i", png, "-f", "rawvideo", "-pix_fmt", "rgba", raw);
        RgbaImage image = ImageFile.ReadRgba(png);
        Assert.That((image.Width, image.Height), Is.EqualTo((96, 54)));
        Assert.That(Tight(image), Is.EqualTo(File.ReadAllBytes(raw)));
    }

    [Test]
    public void WriteRgba_PngWithPaddedStride_RoundTripsExactly()
    {
        using var temp = new TempFolder();
        RgbaImage tight = Gradient(33, 17);
        var padded = new RgbaImage(33, 17, 33 * 4 + 12, new byte[(33 * 4 + 12) * 17]);
        for (int y = 0; y < 17; y++)
            tight.Row(y).CopyTo(padded.Row(y));
        string png = temp.File("p.png");
        ImageFile.WriteRgba(png, padded);
        Assert.That(ImageFile.ReadRgba(png).Pixels, Is.EqualTo(tight.Pixels));
    }

    [Test]
    public void WriteRgba_JpegQuality95_ReadsBackWithinCodecTolerance()
    {
        using var temp = new TempFolder();
        RgbaImage image = Gradient(64, 48);
        string jpg = temp.File("g.jpg");
        ImageFile.WriteRgba(jpg, image, jpegQuality: 95);
        RgbaImage back = ImageFile.ReadRgba(jpg);
        Assert.That((back.Width, back.Height), Is.EqualTo((64, 48)));
        double sum = 0;
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            if (i % 4 != 3)
                sum += Math.Abs(image.Pixels[i] - back.Pixels[i]);
        }
        double meanError = sum / (image.Pixels.Length * 3 / 4);
        Assert.That(meanError, Is.LessThan(3.0), "mean absolute RGB error of a smooth gradient at quality 95");
        Assert.That(back.Pixel(10, 10)[3], Is.EqualTo(255), "JPEG has no alpha: opaque");
        string raw = temp.File("g.rgba");
        ProcessRunner.Ffmpeg("-i", jpg, "-f", "rawvideo", "-pix_fmt", "rgba", raw);
        Assert.That(File.ReadAllBytes(raw), Has.Length.EqualTo(64 * 48 * 4), "the CLI reads our JPEG");
    }

    [Test]
    public void ReadRgba_RealChessboardJpeg_HasCalibrationSizeAndCliPixels()
    {
        string folder = SharedAssets.Data("pose2sim-demo/S00_Calibration/intrinsics/int_cam01_img");
        string jpg = Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).First();
        RgbaImage image = ImageFile.ReadRgba(jpg);
        using var temp = new TempFolder();
        string raw = temp.File("c.rgba");
        ProcessRunner.Ffmpeg("-i", jpg, "-f", "rawvideo", "-pix_fmt", "rgba", "-sws_flags", "bilinear", raw);
        byte[] reference = File.ReadAllBytes(raw);
        Assert.That(reference, Has.Length.EqualTo(image.Width * image.Height * 4));
        byte[] ours = Tight(image);
        int maxDiff = 0;
        for (int i = 0; i < ours.Length; i++)
            maxDiff = Math.Max(maxDiff, Math.Abs(ours[i] - reference[i]));
        Assert.That(maxDiff, Is.Zero, "same decoder and converter as the CLI");
    }

    [Test]
    public void ReadRgba_MissingFile_ThrowsNamingPath()
    {
        var ex = Assert.Throws<MediaException>(() => ImageFile.ReadRgba("/nonexistent/picture.png"));
        Assert.That(ex!.Message, Does.Contain("/nonexistent/picture.png").And.Contain("does not exist"));
    }

    [Test]
    public void WriteRgba_UnknownExtension_ThrowsArgumentException()
    {
        using var temp = new TempFolder();
        var ex = Assert.Throws<ArgumentException>(() => ImageFile.WriteRgba(temp.File("x.gif"), Gradient(4, 4)));
        Assert.That(ex!.Message, Does.Contain("x.gif"));
    }

    private static RgbaImage Gradient(int width, int height)
    {
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                Span<byte> p = image.Pixel(x, y);
                p[0] = (byte)(x * 255 / (width - 1));
                p[1] = (byte)(y * 255 / (height - 1));
                p[2] = (byte)((x + y) * 127 / (width + height));
                p[3] = (byte)(255 - x * 200 / (width - 1));
            }
        }
        return image;
    }

    private static byte[] Tight(RgbaImage image)
    {
        var bytes = new byte[image.Width * image.Height * 4];
        for (int y = 0; y < image.Height; y++)
            image.Row(y).CopyTo(bytes.AsSpan(y * image.Width * 4));
        return bytes;
    }
}
