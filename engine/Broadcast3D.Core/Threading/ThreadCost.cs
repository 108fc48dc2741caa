using System.Globalization;

namespace Broadcast3D.Core.Threading;

/// <summary>
/// What one thread spent over a window of frames: CPU time and managed bytes allocated, in total and per frame.
/// </summary>
/// <param name="Role">The thread's role ("channel", "ingest", ...).</param>
/// <param name="Frames">Frames completed in the window (0: the window never opened, e.g. the run was shorter than the warm-up).</param>
/// <param name="CpuNanoseconds">CPU time (user + system) of the thread over the window, in nanoseconds.</param>
/// <param name="AllocatedBytes">Managed bytes the thread allocated over the window.</param>
public readonly record struct ThreadCost(string Role, long Frames, long CpuNanoseconds, long AllocatedBytes)
{
    /// <summary>
    /// CPU time of the whole process over the same window, in nanoseconds, when the accounting sampled it (the
    /// programme-pacing thread's; see <see cref="ThreadAccounting"/>); otherwise null.
    /// </summary>
    public long? ProcessCpuNanoseconds { get; init; }

    /// <summary>
    /// Frames of the window that handled a state change (<see cref="ThreadAccounting.StateChangeDone"/>, e.g. a
    /// camera leaving or rejoining the frame sets): counted in <see cref="Frames"/>, their allocations not in
    /// <see cref="AllocatedBytes"/> but in <see cref="StateChangeBytes"/>.
    /// </summary>
    public long StateChangeFrames { get; init; }

    /// <summary>Managed bytes the <see cref="StateChangeFrames"/> allocated, left out of <see cref="AllocatedBytes"/>.</summary>
    public long StateChangeBytes { get; init; }

    /// <summary>CPU milliseconds per frame of the window; NaN when no frame was counted.</summary>
    public double CpuMillisecondsPerFrame => Frames > 0 ? CpuNanoseconds / 1e6 / Frames : double.NaN;

    /// <summary>Managed bytes allocated per frame of the window; NaN when no frame was counted.</summary>
    public double AllocatedBytesPerFrame => Frames > 0 ? (double)AllocatedBytes / Frames : double.NaN;

    /// <summary>
    /// The cost spread over <paramref name="frames"/> frames of another stream, e.g. the ingest thread's frame sets
    /// expressed per programme frame.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frames"/> is not positive.</exception>
    public ThreadCost Per(long frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        return this with { Frames = frames };
    }

    /// <summary>Whole-process CPU milliseconds per frame of the window; NaN when not sampled or no frame was counted.</summary>
    public double ProcessCpuMillisecondsPerFrame => Frames > 0 && ProcessCpuNanoseconds is { } p ? p / 1e6 / Frames : double.NaN;

    /// <summary>
    /// One report line: "cpu channel thread: 3.21 ms/frame, 0 B/frame (240 frames)", with
    /// "; whole process 25.10 ms/frame" when the process was sampled and "; 2 state changes, 3120 B apart" when some
    /// frames handled one. Parsed by the benchmarks' LiveCostHarness: keep the form.
    /// </summary>
    public override string ToString()
    {
        if (Frames <= 0)
            return $"cpu {Role} thread: no steady-state frames measured";
        string line = string.Create(CultureInfo.InvariantCulture, $"cpu {Role} thread: {CpuMillisecondsPerFrame:0.00} ms/frame, {AllocatedBytesPerFrame:0} B/frame ({Frames} frames)");
        if (ProcessCpuNanoseconds is not null)
            line = string.Create(CultureInfo.InvariantCulture, $"{line}; whole process {ProcessCpuMillisecondsPerFrame:0.00} ms/frame");
        return StateChangeFrames == 0 ? line : string.Create(CultureInfo.InvariantCulture, $"{line}; {StateChangeFrames} state changes, {StateChangeBytes} B apart");
    }
}
