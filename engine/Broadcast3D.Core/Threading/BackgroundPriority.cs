using System.Runtime.InteropServices;

namespace Broadcast3D.Core.Threading;

/// <summary>
/// Lowers the calling thread's scheduling priority (a Linux nice value, through libc's <c>setpriority</c> on the
/// thread's id), for background work that shares a CPU-only machine with the real-time threads: the kernel then runs
/// the channels first whenever both are runnable. Blurring recorded segments on disk takes the lowest
/// (<see cref="Lowest"/>); the replay's meshes, which an operator waits for, <see cref="Below"/>. .NET's <see cref="Thread.Priority"/> does nothing on Linux without privileges;
/// raising one's own niceness needs none. Threads the caller starts afterwards (a decoder's, Mesa llvmpipe's
/// rasterisers for a context made on it) inherit it.
/// </summary>
/// <remarks>Thread-safety: any thread; it changes only its own priority. Irreversible for the thread without privileges.</remarks>
public static partial class BackgroundPriority
{
    private const int PriorityProcess = 0; // PRIO_PROCESS: on Linux a thread id names one thread

    /// <summary>Nice 19: work nobody waits for (segments blurred on disk).</summary>
    public const int Lowest = 19;

    /// <summary>Nice 10: work an operator waits for but that must not take the channels' CPU (replay meshes).</summary>
    public const int Below = 10;

    /// <summary>
    /// Sets the calling thread's niceness to <paramref name="niceness"/> (0–19); returns false (with the errno) where
    /// the kernel refused or the platform is not Linux.
    /// </summary>
    public static bool TryLowerCurrentThread(int niceness, out int errno)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(niceness);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(niceness, Lowest);
        errno = 0;
        if (!OperatingSystem.IsLinux())
            return false;
        if (SetPriority(PriorityProcess, GetTid(), niceness) == 0)
            return true;
        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
