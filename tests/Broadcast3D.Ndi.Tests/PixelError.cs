namespace Broadcast3D.Ndi.Tests;

/// <summary>Mean and largest absolute difference between two byte buffers, in 8-bit code values.</summary>
internal readonly record struct PixelError(double Mean, int Max)
{
    /// <summary>Compares <paramref name="actual"/> with <paramref name="expected"/> over the same length.</summary>
    public static PixelError Of(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (expected.Length != actual.Length)
            throw new ArgumentException($"lengths differ: {expected.Length} vs {actual.Length}");
        long sum = 0;
        int max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            int d = Math.Abs(expected[i] - actual[i]);
            sum += d;
            max = Math.Max(max, d);
        }
        return new PixelError((double)sum / expected.Length, max);
    }

    /// <summary>Every <paramref name="stride"/>-th byte starting at <paramref name="offset"/> (one channel of interleaved pixels).</summary>
    public static PixelError OfChannel(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, int offset, int stride)
    {
        long sum = 0;
        int max = 0, count = 0;
        for (int i = offset; i < expected.Length; i += stride, count++)
        {
            int d = Math.Abs(expected[i] - actual[i]);
            sum += d;
            max = Math.Max(max, d);
        }
        return new PixelError((double)sum / count, max);
    }

    public override string ToString() => $"mean {Mean:F2}, max {Max}";
}
