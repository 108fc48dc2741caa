namespace Broadcast3D.TestSupport;

/// <summary>
/// How much fine detail a region of a picture holds: the variance of the 4-neighbour Laplacian of one channel over
/// the region. A blur drives it towards 0; the privacy tests state their bounds as blurred / original of this measure.
/// </summary>
public static class Sharpness
{
    /// <summary>
    /// The Laplacian variance of one channel over the pixels (x0..x1, y0..y1), inclusive, optionally only where
    /// <paramref name="where"/> holds. Each measured pixel needs its four neighbours inside the picture.
    /// </summary>
    /// <param name="pixels">The picture, rows of <paramref name="stride"/> bytes.</param>
    /// <param name="stride">Bytes per row.</param>
    /// <param name="bytesPerPixel">1 for a luma plane, 4 for RGBA.</param>
    /// <param name="channel">The byte of the pixel measured (0 for luma; 1, green, for RGBA).</param>
    /// <param name="x0">First column measured.</param>
    /// <param name="y0">First row measured.</param>
    /// <param name="x1">Last column measured (inclusive).</param>
    /// <param name="y1">Last row measured (inclusive).</param>
    /// <param name="where">Which pixels of the rectangle count (null: all).</param>
    public static double LaplacianVariance(ReadOnlySpan<byte> pixels, int stride, int bytesPerPixel, int channel,
        int x0, int y0, int x1, int y1, Func<int, int, bool>? where = null)
    {
        double sum = 0, sumSquares = 0;
        int n = 0;
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                if (where is not null && !where(x, y))
                    continue;
                int i = (y * stride) + (x * bytesPerPixel) + channel;
                double l = (4.0 * pixels[i]) - pixels[i - bytesPerPixel] - pixels[i + bytesPerPixel] - pixels[i - stride] - pixels[i + stride];
                sum += l;
                sumSquares += l * l;
                n++;
            }
        }
        if (n == 0)
            throw new ArgumentException($"no pixel measured in ({x0}, {y0})–({x1}, {y1})");
        double mean = sum / n;
        return (sumSquares / n) - (mean * mean);
    }
}
