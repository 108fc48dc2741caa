using System.Diagnostics;

namespace Broadcast3D.Core.Diagnostics;

/// <summary>
/// Running latency statistics of one pipeline stage (count, mean, max, last) in seconds. One writer thread;
/// readers may see a slightly stale but never torn mean because each field is read atomically.
/// </summary>
public sealed class StageTiming(string name)
{
    private long _count;
    private long _totalTicks;
    private long _maxTicks;
    private long _lastTicks;

    /// <summary>Stage name as shown in summaries ("decode", "pose", "composite").</summary>
    public string Name { get; } = name;

    public long Count => Interlocked.Read(ref _count);

    public double MeanSeconds => Count == 0 ? 0 : (double)Interlocked.Read(ref _totalTicks) / Count / Stopwatch.Frequency;

    public double MaxSeconds => (double)Interlocked.Read(ref _maxTicks) / Stopwatch.Frequency;

    public double LastSeconds => (double)Interlocked.Read(ref _lastTicks) / Stopwatch.Frequency;

    /// <summary>Records one measurement started at <paramref name="startTimestamp"/> (Stopwatch ticks).</summary>
    public void Record(long startTimestamp)
    {
        long dt = Stopwatch.GetTimestamp() - startTimestamp;
        Interlocked.Exchange(ref _lastTicks, dt);
        Interlocked.Add(ref _totalTicks, dt);
        Interlocked.Increment(ref _count);
        if (dt > Interlocked.Read(ref _maxTicks))
            Interlocked.Exchange(ref _maxTicks, dt);
    }
}
