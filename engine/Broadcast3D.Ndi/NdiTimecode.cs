using Broadcast3D.Core.Time;

namespace Broadcast3D.Ndi;

/// <summary>
/// The mapping between our frame index and NDI's timecode field (a 64-bit count of 100 ns units). Frame n of a
/// stream at rate N/D carries <c>floor(n · D · 10⁷ / N)</c>: frame 0 is timecode 0 and the value is the exact frame
/// start time truncated to 100 ns, so it never drifts (59.94 does not accumulate a rounded period). The receiver
/// recovers n by rounding <c>timecode · N / (D · 10⁷)</c>; SMPTE timecode then follows from
/// <see cref="Timecode.FromFrameIndex"/>.
/// </summary>
public static class NdiTimecode
{
    /// <summary>100 ns units per second.</summary>
    public const long UnitsPerSecond = 10_000_000;

    /// <summary>NDI timecode (100 ns units) of frame <paramref name="frameIndex"/> (≥ 0) at <paramref name="rate"/>.</summary>
    public static long FromFrameIndex(long frameIndex, FrameRate rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        return (long)((Int128)frameIndex * rate.Denominator * UnitsPerSecond / rate.Numerator);
    }

    /// <summary>The frame index whose start is nearest to <paramref name="timecode"/> (100 ns units, ≥ 0).</summary>
    public static long ToFrameIndex(long timecode, FrameRate rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timecode);
        Int128 scaled = (Int128)timecode * rate.Numerator;
        Int128 unit = (Int128)rate.Denominator * UnitsPerSecond;
        return (long)((scaled + unit / 2) / unit);
    }
}
