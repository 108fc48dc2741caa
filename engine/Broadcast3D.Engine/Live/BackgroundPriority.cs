using System.Runtime.InteropServices;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// Lowers the calling thread's scheduling priority on Linux (nice 10), for background work that shares a CPU-only
/// machine with the real-time channels (the replay meshes): the kernel then runs the channel threads first whenever
/// both are runnable. .NET's <see cref="Thread.Priority"/> is ignored on Linux without privileges; raising one's own
/// nice value needs none, and on Linux it is per thread (threads the lowered thread creates inherit it). Elsewhere
/// nothing changes.
/// </summary>
internal static partial class BackgroundPriority
{
    private const int PrioProcess = 0;
    private const int Nice = 10;

    /// <summary>Lowers the calling thread; a refusal is logged, not thrown (the work still runs, at normal priority).</summary>
    public static void LowerCurrentThread(Serilog.ILogger log)
    {
        if (!OperatingSystem.IsLinux())
            return;
        // who = 0 with PRIO_PROCESS is the calling thread under Linux's per-thread nice values (setpriority(2), BUGS).
        if (SetPriority(PrioProcess, 0, Nice) != 0)
            log.Warning("{Thread:l}: could not lower its priority (errno {Errno}); it competes with the channels at normal priority",
                Thread.CurrentThread.Name ?? "background thread", Marshal.GetLastPInvokeError());
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
