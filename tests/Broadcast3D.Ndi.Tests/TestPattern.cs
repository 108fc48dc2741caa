namespace Broadcast3D.Ndi.Tests;

/// <summary>
/// Synthetic frames with known content: smooth ramps (what SpeedHQ codes well, like graphics over video) plus a
/// flat level that changes by 8 codes per frame, so a frame received out of place fails the pixel check.
/// </summary>
internal static class TestPattern
{
    /// <summary>Rows at the top holding the frame's flat level; 16 keeps the edge on a codec macroblock boundary.</summary>
    public const int LevelBandRows = 16;

    /// <summary>
    /// Fills a BGRA frame for <paramref name="frameIndex"/>: grey (B = G = R), so the check does not depend on the
    /// runtime's colour matrices (see <c>NdiColourTests</c>); a band of <see cref="LevelBandRows"/> rows at the
    /// frame's level above a horizontal ramp 0 → 255; alpha a horizontal ramp 255 → 0.
    /// </summary>
    public static void FillBgra(Span<byte> frame, int width, int height, long frameIndex)
    {
        for (int y = 0; y < height; y++)
        {
            Span<byte> row = frame.Slice(y * width * 4, width * 4);
            for (int x = 0; x < width; x++)
            {
                byte grey = y < LevelBandRows ? FrameLevel(frameIndex) : (byte)(x * 255 / (width - 1));
                row[x * 4 + 0] = grey;
                row[x * 4 + 1] = grey;
                row[x * 4 + 2] = grey;
                row[x * 4 + 3] = (byte)(255 - x * 255 / (width - 1));
            }
        }
    }

    /// <summary>
    /// Fills a UYVA frame: studio-range luma ramp across x, Cb ramp down y, Cr at the frame's level, and an alpha
    /// plane ramping 0 → 255 down the picture.
    /// </summary>
    public static void FillUyva(Span<byte> frame, int width, int height, long frameIndex)
    {
        for (int y = 0; y < height; y++)
        {
            Span<byte> row = frame.Slice(y * width * 2, width * 2);
            for (int pair = 0; pair < width / 2; pair++)
            {
                row[pair * 4 + 0] = (byte)(64 + y * 128 / (height - 1));
                row[pair * 4 + 1] = Luma(2 * pair, width);
                row[pair * 4 + 2] = (byte)(16 + FrameLevel(frameIndex) * 224 / 255);
                row[pair * 4 + 3] = Luma(2 * pair + 1, width);
            }
        }
        Span<byte> alpha = frame[(width * 2 * height)..];
        for (int y = 0; y < height; y++)
            alpha.Slice(y * width, width).Fill((byte)(y * 255 / (height - 1)));
    }

    /// <summary>The flat level that identifies a frame: 8 codes apart, wrapping after 32 frames.</summary>
    public static byte FrameLevel(long frameIndex) => (byte)(frameIndex * 8 % 256);

    private static byte Luma(int x, int width) => (byte)(16 + x * 219 / (width - 1));
}
