namespace Broadcast3D.Cli.Tests;

/// <summary>
/// A frame number drawn into a picture so it can be read back after encoding, transport, compositing and NDI: 16
/// blocks of 16×16 luma pixels (macroblock-aligned, full white or black, so H.264 keeps them exact) along the top of
/// the picture, most significant bit first: 12 bits of the number (mod 4096) and a 4-bit check that rejects pictures
/// that are not stamped (black before the first picture, a scaled or covered stamp).
/// </summary>
internal static class FrameStamp
{
    private const int Bits = 16;
    private const int Block = 16;
    private const int Left = 8;
    private const int Top = 16;

    /// <summary>Narrowest picture that holds the stamp.</summary>
    public const int MinimumWidth = Left + (Bits * Block);

    /// <summary>Draws <paramref name="frame"/> into a yuv420p picture (Y plane, then U, then V).</summary>
    public static void Draw(Span<byte> yuv420, int width, int height, long frame)
    {
        int code = Encode(frame);
        Span<byte> y = yuv420[..(width * height)];
        int chromaWidth = width / 2;
        Span<byte> u = yuv420.Slice(width * height, chromaWidth * (height / 2));
        Span<byte> v = yuv420.Slice((width * height) + (chromaWidth * (height / 2)), chromaWidth * (height / 2));
        for (int b = 0; b < Bits; b++)
        {
            byte luma = ((code >> (Bits - 1 - b)) & 1) == 1 ? (byte)235 : (byte)16; // studio range white / black
            int x0 = Left + (b * Block);
            for (int row = Top; row < Top + Block; row++)
                y.Slice((row * width) + x0, Block).Fill(luma);
            for (int row = Top / 2; row < (Top + Block) / 2; row++)
            {
                u.Slice((row * chromaWidth) + (x0 / 2), Block / 2).Fill(128);
                v.Slice((row * chromaWidth) + (x0 / 2), Block / 2).Fill(128);
            }
        }
    }

    /// <summary>Reads the stamp of a BGRA picture: the frame number mod 4096, or null when the picture carries none.</summary>
    public static int? Read(ReadOnlySpan<byte> bgra, int strideBytes)
    {
        int code = 0;
        for (int b = 0; b < Bits; b++)
        {
            // The mean green of the block's central 8×8 (away from edges that chroma subsampling and scaling blur).
            int x0 = Left + (b * Block) + 4, y0 = Top + 4, sum = 0;
            for (int row = y0; row < y0 + 8; row++)
            {
                for (int x = x0; x < x0 + 8; x++)
                    sum += bgra[(row * strideBytes) + (x * 4) + 1];
            }
            int mean = sum / 64;
            if (mean is > 70 and < 185)
                return null; // neither black nor white: not a stamp
            code = (code << 1) | (mean >= 128 ? 1 : 0);
        }
        int number = code & 0xFFF;
        return code >> 12 == Check(number) ? number : null;
    }

    private static int Encode(long frame)
    {
        int number = (int)(frame & 0xFFF);
        return (Check(number) << 12) | number;
    }

    // A 4-bit function of all 12 bits; an all-black or all-white strip fails it.
    private static int Check(int number) => ((number * 7) + 3 + (number >> 4) + (number >> 8)) & 0xF;
}
