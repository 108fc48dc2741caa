namespace Broadcast3D.Core.Threading;

/// <summary>
/// The live threads' accountings of one run, for its report: the pipeline makes one <see cref="ThreadAccounting"/>
/// per thread role with <see cref="Add"/>, each thread calls <see cref="ThreadAccounting.Start"/> when it starts and
/// <see cref="ThreadAccounting.FrameDone"/> per frame, and the report takes <see cref="Lines"/> at the end
/// ("cpu channel thread: 3.21 ms/frame, 0 B/frame (240 frames); whole process 25.10 ms/frame").
/// </summary>
/// <remarks>
/// Thread-safety: <see cref="Add"/> and <see cref="Lines"/> from any thread (a short lock). <see cref="Add"/>
/// allocates (once per thread start, never per frame).
/// </remarks>
public sealed class ThreadCostBook
{
    private readonly List<ThreadAccounting> _accountings = [];
    private readonly Lock _lock = new();

    /// <summary>A book whose accountings leave out their threads' first <paramref name="warmUpFrames"/> frames.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="warmUpFrames"/> is negative.</exception>
    public ThreadCostBook(int warmUpFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmUpFrames);
        WarmUpFrames = warmUpFrames;
    }

    /// <summary>Frames each thread runs before its window opens.</summary>
    public int WarmUpFrames { get; }

    /// <summary>
    /// A new accounting for the thread of <paramref name="role"/>; <paramref name="sampleProcess"/> for the one
    /// thread that paces the programme (the channel), whose window then carries the whole process's CPU too.
    /// A role restarted on a new thread (a tracking worker made again) gets a new accounting: both are reported.
    /// </summary>
    public ThreadAccounting Add(string role, bool sampleProcess = false)
    {
        var accounting = new ThreadAccounting(role, WarmUpFrames, sampleProcess);
        lock (_lock)
            _accountings.Add(accounting);
        return accounting;
    }

    /// <summary>Each thread's steady-state cost so far, in the order the roles were added.</summary>
    public IReadOnlyList<ThreadCost> Costs
    {
        get
        {
            lock (_lock)
                return _accountings.ConvertAll(a => a.Cost);
        }
    }

    /// <summary>One report line per thread (<see cref="ThreadCost.ToString"/>), in the order the roles were added.</summary>
    public IReadOnlyList<string> Lines() => Costs.Select(c => c.ToString()).ToList();
}
