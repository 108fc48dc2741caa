using System.Diagnostics;

namespace Broadcast3D.Core.Time;

/// <summary>
/// Live clock on the monotonic <see cref="Stopwatch"/>. Deadlines are computed from the integer frame index
/// (<c>start + n·den/num</c> in Stopwatch ticks, 128-bit exact), never by adding a rounded period, so 59.94 does
/// not drift. Waits block on the cancellation handle until ~2 ms before the deadline (its waits round to whole
/// milliseconds), then sleep to the deadline itself with <c>clock_nanosleep</c> (<see cref="MonotonicSleep"/>): kernel
/// timer slack is ~50–100 µs on Linux, far below a 16.7 ms frame. That last sleep used to be a spin, 1–2 ms of the
/// waiting thread's CPU every frame (issue #12, docs/drawspeed.md).
/// The clock is created stopped: <see cref="Start"/> (called by the channel when it begins to run, after every
/// device, model and output is ready) makes frame 0 due, so start-up work never shows as late frames.
/// </summary>
public sealed class RealtimeFrameClock : IFrameClock
{
    private static readonly long s_sleepTicks = Stopwatch.Frequency / 500;
    private long _startTicks;
    private bool _waitedOnce;

    /// <summary>Creates a stopped clock; <see cref="Start"/> starts it.</summary>
    public RealtimeFrameClock(FrameRate rate)
    {
        Rate = rate;
    }

    public FrameRate Rate { get; }

    /// <summary>True once <see cref="Start"/> was called.</summary>
    public bool IsStarted => _startTicks != 0;

    /// <summary>Starts the clock now: frame 0 is due immediately. Calling it again restarts the count from now.</summary>
    public void Start() => _startTicks = Stopwatch.GetTimestamp();

    /// <summary>Stopwatch timestamp at which frame <paramref name="frameIndex"/> is due; throws before <see cref="Start"/>.</summary>
    public long DeadlineTicks(long frameIndex)
    {
        if (!IsStarted)
            throw new InvalidOperationException("the real-time clock has not been started: call Start when the channel begins to run");
        return _startTicks + (long)((Int128)frameIndex * Rate.Denominator * Stopwatch.Frequency / Rate.Numerator);
    }

    /// <summary>Seconds since the clock started (0 before <see cref="Start"/>).</summary>
    public double ElapsedSeconds => IsStarted ? (double)(Stopwatch.GetTimestamp() - _startTicks) / Stopwatch.Frequency : 0;

    public double WaitForFrame(long frameIndex, CancellationToken cancellationToken)
    {
        // Checked first: a channel behind real time has no time left to wait, and must still stop when asked.
        cancellationToken.ThrowIfCancellationRequested();
        if (!_waitedOnce)
        {
            // A thread's first wait on a wait handle allocates its wait state (136 B in .NET's managed wait subsystem
            // on Linux), and the token's first WaitHandle makes its event. A channel that starts behind real time
            // waits for the first time only when it catches up, possibly minutes into the steady state, where those
            // bytes showed as the channel's 24–112 B allocation flake (docs/found.md). A zero wait now, on the first
            // frame (start-up), does that work before any steady state; so does binding the sleep's native call.
            cancellationToken.WaitHandle.WaitOne(0);
            MonotonicSleep.Bind();
            _waitedOnce = true;
        }
        long deadline = DeadlineTicks(frameIndex);
        long remaining = deadline - Stopwatch.GetTimestamp();
        if (remaining > s_sleepTicks)
        {
            var wait = TimeSpan.FromSeconds((double)(remaining - s_sleepTicks) / Stopwatch.Frequency);
            if (cancellationToken.WaitHandle.WaitOne(wait))
                cancellationToken.ThrowIfCancellationRequested();
        }
        // At most ~2 ms here: a cancellation that comes during it is seen when the frame is due.
        MonotonicSleep.Until(deadline);
        cancellationToken.ThrowIfCancellationRequested();
        return (double)(Stopwatch.GetTimestamp() - deadline) / Stopwatch.Frequency;
    }
}
