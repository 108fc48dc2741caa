using System.Runtime.InteropServices;

namespace Broadcast3D.Core.Threading;

/// <summary>
/// Lowers the calling thread to the lowest scheduling priority (Linux nice 19, through libc's <c>setpriority</c> on
/// the thread's id), for work that must never take CPU from the real-time threads (e.g. blurring recorded segments
/// on disk while the cameras record). .NET's <see cref="Thread.Priority"/> does nothing on Linux without privileges;
/// raising one's own niceness needs none. Threads the caller starts afterwards (a decoder's, Mesa llvmpipe's
/// rasterisers for a context made on it) inherit it.
/// </summary>
/// <remarks>Thread-safety: any thread; it changes only its own priority. Irreversible for the thread without privileges.</remarks>
public static partial class BackgroundPriority
{
    private const int PriorityProcess = 0; // PRIO_PROCESS: on Linux a thread id names one thread
    private const int Lowest = 19;

    /// <summary>Sets the calling thread's niceness to 19; returns false (with the errno) where the kernel refused or the platform is not Linux.</summary>
    public static bool TryLowerCurrentThread(out int errno)
    {
        errno = 0;
        if (!OperatingSystem.IsLinux())
            return false;
        if (SetPriority(PriorityProcess, GetTid(), Lowest) == 0)
            return true;
        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
