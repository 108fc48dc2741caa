namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// Decodes RTMPose's SimCC outputs: per joint, the argmax of the x and y classification vectors divided by the
/// split ratio gives crop pixels; the score is min(max x, max y) and a joint whose score is ≤ 0 is not found.
/// Stateless and allocation-free.
/// </summary>
public static class SimccDecoder
{
    /// <summary>SimCC bins per input pixel (RTMPose's simcc_split_ratio).</summary>
    public const double SplitRatio = 2.0;

    /// <summary>
    /// Writes <paramref name="keypoints"/>[j] = (x, y, score) in crop pixel coordinates for each of the K joints of
    /// <paramref name="simccX"/> (K × binsX) and <paramref name="simccY"/> (K × binsY).
    /// </summary>
    public static void Decode(ReadOnlySpan<float> simccX, int binsX, ReadOnlySpan<float> simccY, int binsY, Span<Keypoint> keypoints)
    {
        int k = keypoints.Length;
        if (simccX.Length != k * binsX || simccY.Length != k * binsY)
            throw new ArgumentException($"simcc shapes {simccX.Length}/{simccY.Length} do not match {k} joints × {binsX}/{binsY} bins");
        for (int j = 0; j < k; j++)
        {
            (int ix, float vx) = ArgMax(simccX.Slice(j * binsX, binsX));
            (int iy, float vy) = ArgMax(simccY.Slice(j * binsY, binsY));
            float score = Math.Min(vx, vy);
            keypoints[j] = score > 0 ? new Keypoint((float)(ix / SplitRatio), (float)(iy / SplitRatio), score) : default;
        }
    }

    /// <summary>Index and value of the first maximum.</summary>
    private static (int Index, float Value) ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++)
        {
            if (v[i] > v[best])
                best = i;
        }
        return (best, v[best]);
    }
}
