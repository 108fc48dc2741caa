using System.Diagnostics;

namespace Broadcast3D.Core.Time;

/// <summary>
/// Live clock on the monotonic <see cref="Stopwatch"/>. Deadlines are computed from the integer frame index
/// (<c>start + n·den/num</c> in Stopwatch ticks, 128-bit exact), never by adding a rounded period, so 59.94 does
/// not drift. Waits block on the cancellation handle until ~1 ms before the deadline, then spin the remainder:
/// kernel timer slack is ~50–100 µs on Linux, far below a 16.7 ms frame, and the spin keeps jitter small.
/// </summary>
public sealed class RealtimeFrameClock : IFrameClock
{
    private static readonly long s_spinTicks = Stopwatch.Frequency / 1000;
    private readonly long _startTicks;

    /// <summary>Starts the clock now: frame 0 is due immediately.</summary>
    public RealtimeFrameClock(FrameRate rate)
    {
        Rate = rate;
        _startTicks = Stopwatch.GetTimestamp();
    }

    public FrameRate Rate { get; }

    /// <summary>Stopwatch timestamp at which frame <paramref name="frameIndex"/> is due.</summary>
    public long DeadlineTicks(long frameIndex) =>
        _startTicks + (long)((Int128)frameIndex * Rate.Denominator * Stopwatch.Frequency / Rate.Numerator);

    /// <summary>Seconds since the clock started.</summary>
    public double ElapsedSeconds => (double)(Stopwatch.GetTimestamp() - _startTicks) / Stopwatch.Frequency;

    public double WaitForFrame(long frameIndex, CancellationToken cancellationToken)
    {
        long deadline = DeadlineTicks(frameIndex);
        long remaining = deadline - Stopwatch.GetTimestamp();
        if (remaining > s_spinTicks)
        {
            var wait = TimeSpan.FromSeconds((double)(remaining - s_spinTicks) / Stopwatch.Frequency);
            if (cancellationToken.WaitHandle.WaitOne(wait))
                cancellationToken.ThrowIfCancellationRequested();
        }
        var spinner = new SpinWait();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        return (double)(Stopwatch.GetTimestamp() - deadline) / Stopwatch.Frequency;
    }
}
