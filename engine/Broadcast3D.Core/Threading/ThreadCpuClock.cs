using System.Runtime.InteropServices;

namespace Broadcast3D.Core.Threading;

/// <summary>
/// CPU time consumed by the calling thread or the process (user + system), from Linux's <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>
/// in libc: nanosecond resolution, where <c>/proc/thread-self/stat</c> counts 10 ms clock ticks (coarser than a frame)
/// and costs a file read plus parsing per sample. libc is the one native library Core binds.
/// </summary>
/// <remarks>Thread-safety: any thread; each reads its own clock. Allocation-free.</remarks>
public static partial class ThreadCpuClock
{
    private const int ClockProcessCpuTimeId = 2; // CLOCK_PROCESS_CPUTIME_ID in <linux/time.h>
    private const int ClockThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>CPU time of the calling thread since it started, in nanoseconds.</summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux (the engine's one platform).</exception>
    /// <exception cref="InvalidOperationException">The kernel refused the clock (errno in the message).</exception>
    public static long CurrentThreadNanoseconds() => Read(ClockThreadCpuTimeId, "CLOCK_THREAD_CPUTIME_ID");

    /// <summary>
    /// CPU time of the whole process (every thread, including native ones: decoders, inference, Mesa llvmpipe's
    /// rasterisers) since it started, in nanoseconds.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <exception cref="InvalidOperationException">The kernel refused the clock (errno in the message).</exception>
    public static long ProcessNanoseconds() => Read(ClockProcessCpuTimeId, "CLOCK_PROCESS_CPUTIME_ID");

    private static long Read(int clock, string clockName)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException($"CPU time is read with Linux's clock_gettime({clockName}); this platform is not Linux");
        if (ClockGetTime(clock, out TimeSpec now) != 0)
            throw new InvalidOperationException($"clock_gettime({clockName}) failed with errno {Marshal.GetLastPInvokeError()}");
        return now.Seconds * NanosecondsPerSecond + now.Nanoseconds;
    }

    // struct timespec on 64-bit Linux: two longs (time_t, long).
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);
}
