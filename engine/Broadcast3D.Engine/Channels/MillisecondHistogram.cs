namespace Broadcast3D.Engine.Channels;

/// <summary>
/// Durations counted in 1 ms bins up to <see cref="RangeMilliseconds"/> (longer ones in a last bin, their maximum
/// kept exactly), so percentiles over a run of any length cost no allocation per sample. Not thread-safe.
/// </summary>
internal sealed class MillisecondHistogram
{
    /// <summary>Longest duration binned, ms: 10 s, far beyond any delay the line holds (5 s at most).</summary>
    public const int RangeMilliseconds = 10_000;

    private readonly long[] _bins = new long[RangeMilliseconds + 2];
    private double _maxSeconds;

    /// <summary>Samples recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Largest sample, seconds (0 with none).</summary>
    public double MaxSeconds => _maxSeconds;

    /// <summary>Counts <paramref name="seconds"/> (≥ 0; NaN ignored).</summary>
    public void Record(double seconds)
    {
        if (double.IsNaN(seconds))
            return;
        seconds = Math.Max(0, seconds);
        // Rounded to the nearest millisecond: 0 stays in bin 0, so "age 0" is exact.
        int bin = (int)Math.Min(RangeMilliseconds + 1, Math.Round(seconds * 1000));
        _bins[bin]++;
        Count++;
        _maxSeconds = Math.Max(_maxSeconds, seconds);
    }

    /// <summary>Samples at most <paramref name="seconds"/> (to the millisecond).</summary>
    public long CountAtMost(double seconds)
    {
        int last = (int)Math.Min(RangeMilliseconds + 1, Math.Floor((seconds * 1000) + 1e-9));
        long n = 0;
        for (int i = 0; i <= last; i++)
            n += _bins[i];
        return n;
    }

    /// <summary>The <paramref name="fraction"/> quantile (0.5 = median), seconds, to the millisecond; NaN with no sample.</summary>
    public double Percentile(double fraction)
    {
        if (Count == 0)
            return double.NaN;
        long rank = Math.Max(1, (long)Math.Ceiling(fraction * Count));
        long seen = 0;
        for (int i = 0; i < _bins.Length; i++)
        {
            seen += _bins[i];
            if (seen >= rank)
                return i > RangeMilliseconds ? _maxSeconds : i / 1000.0;
        }
        return _maxSeconds;
    }

    /// <summary>Forgets every sample.</summary>
    public void Clear()
    {
        Array.Clear(_bins);
        Count = 0;
        _maxSeconds = 0;
    }
}
