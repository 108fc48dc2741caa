namespace Broadcast3D.TestSupport;

/// <summary>
/// Managed bytes a steady-state loop allocates on the calling thread, measured so that a one-off by the runtime does
/// not count as a per-frame cost.
/// </summary>
/// <remarks>
/// The window runs <c>windows</c> times and the smallest count is kept. A per-frame allocation shows in every window;
/// a one-off made by .NET the first time something happens (the tiered JIT promoting a method, which under load
/// happens at a random frame; a comparer or sort helper made on first use) lands in one window only
/// (docs/alloc.md). The windows must each do the same work.
/// </remarks>
public static class SteadyAllocation
{
    /// <summary>
    /// Runs <paramref name="window"/> <paramref name="windows"/> times on the calling thread and returns the smallest
    /// number of managed bytes one run allocated on it. The delegate is made by the caller before the first window,
    /// so invoking it allocates nothing.
    /// </summary>
    public static long Smallest(Action window, int windows = 3)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 2);
        long smallest = long.MaxValue;
        for (int n = 0; n < windows; n++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            window();
            smallest = Math.Min(smallest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return smallest;
    }
}
