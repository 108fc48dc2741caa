using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Broadcast3D.Core.Time;

/// <summary>
/// Sleeps the calling thread until a <see cref="Stopwatch"/> timestamp, with Linux's
/// <c>clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)</c> (Stopwatch reads CLOCK_MONOTONIC on Linux): it wakes within
/// the kernel's timer slack (about 50 µs) and burns no CPU, where .NET's waits round to whole milliseconds and a spin
/// to the deadline costs the spinning thread's CPU. Not cancellable: for the last short stretch of a wait.
/// </summary>
/// <remarks>Thread-safety: any thread. Allocation-free.</remarks>
internal static partial class MonotonicSleep
{
    private const int ClockMonotonic = 1; // CLOCK_MONOTONIC in <linux/time.h>
    private const int TimerAbsoluteTime = 1; // TIMER_ABSTIME
    private const int Interrupted = 4; // EINTR
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>
    /// Makes one sleep that returns at once (a deadline long past), so that the first real one allocates nothing: the
    /// runtime binds libc's function on its first call (80 B on the calling thread).
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux (the engine's one platform).</exception>
    public static void Bind()
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("the real-time clock sleeps with Linux's clock_nanosleep; this platform is not Linux");
        _ = ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, default(TimeSpec), IntPtr.Zero);
    }

    /// <summary>Returns at or after <paramref name="deadlineTicks"/> (a <see cref="Stopwatch.GetTimestamp"/> value).</summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux (the engine's one platform).</exception>
    /// <exception cref="InvalidOperationException">The kernel refused the sleep (its error number in the message).</exception>
    public static void Until(long deadlineTicks)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("the real-time clock sleeps with Linux's clock_nanosleep; this platform is not Linux");
        long nanoseconds = (long)((Int128)deadlineTicks * NanosecondsPerSecond / Stopwatch.Frequency);
        var until = new TimeSpec { Seconds = nanoseconds / NanosecondsPerSecond, Nanoseconds = nanoseconds % NanosecondsPerSecond };
        // A signal handler cuts the sleep short (EINTR); the absolute deadline makes the retry exact.
        while (Stopwatch.GetTimestamp() < deadlineTicks)
        {
            int error = ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, in until, IntPtr.Zero);
            if (error != 0 && error != Interrupted)
                throw new InvalidOperationException($"clock_nanosleep(CLOCK_MONOTONIC) failed with error {error}");
        }
    }

    // struct timespec on 64-bit Linux: two longs (time_t, long).
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // Returns the error number itself (0 on success), not through errno.
    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clockId, int flags, in TimeSpec request, IntPtr remaining);
}
