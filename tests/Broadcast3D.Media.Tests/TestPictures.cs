namespace Broadcast3D.Media.Tests;

/// <summary>Deterministic synthetic RGBA pictures: smooth gradients (codec friendly) that move with the frame index.</summary>
internal static class TestPictures
{
    public static byte[] Rgba(int width, int height, long frameIndex, bool withAlpha = false)
    {
        var pixels = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 4;
                pixels[i] = (byte)(x * 180 / (width - 1) + frameIndex * 2 % 60); // moves, never wraps (a wrap is a hard edge)
                pixels[i + 1] = (byte)(y * 255 / (height - 1));
                pixels[i + 2] = (byte)(128 + 100 * Math.Sin((x + y + frameIndex) / 20.0));
                pixels[i + 3] = withAlpha ? (byte)(x * 255 / (width - 1)) : (byte)255;
            }
        }
        return pixels;
    }

    /// <summary>Mean absolute difference over the channels selected by <paramref name="channelMask"/> (bit 0 = R … bit 3 = A).</summary>
    public static double MeanError(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actualPlane, int actualStride, int width, int height, int channelMask = 0b0111)
    {
        double sum = 0;
        long count = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width * 4; x++)
            {
                if ((channelMask & (1 << (x % 4))) == 0)
                    continue;
                sum += Math.Abs(expected[y * width * 4 + x] - actualPlane[y * actualStride + x]);
                count++;
            }
        }
        return sum / count;
    }
}
