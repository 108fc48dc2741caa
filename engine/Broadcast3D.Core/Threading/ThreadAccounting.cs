namespace Broadcast3D.Core.Threading;

/// <summary>
/// Per-thread CPU time (<see cref="ThreadCpuClock"/>) and managed allocations
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) of one live thread over its steady state: the first
/// <c>warmUpFrames</c> frames (first-use costs: JIT, pools filling, codec start) are left out, then every completed
/// frame extends the window. The thread calls <see cref="FrameDone"/> at the end of each frame (or
/// <see cref="StateChangeDone"/> after one that handled a state change, whose allocations are counted apart); any
/// thread reads <see cref="Cost"/>, which ends at the last completed frame (a frame cut short by stopping is never
/// counted).
/// </summary>
/// <remarks>
/// Thread-safety: <see cref="FrameDone"/> and <see cref="StateChangeDone"/> on the measured thread only (both clocks are the calling thread's; a
/// call from another thread throws through <see cref="Role"/>); <see cref="Cost"/> from any thread. Allocation-free
/// after construction: one clock read and one counter read per frame (about a microsecond on Linux).
/// </remarks>
public sealed class ThreadAccounting
{
    private readonly int _warmUpFrames;
    private readonly Lock _lock = new();
    private long _framesSeen;
    private long _startCpu, _startAllocated;
    private long _lastCpu, _lastAllocated;
    private readonly bool _sampleProcess;
    private long _startProcess, _lastProcess;
    private long _stateChangeFrames, _stateChangeBytes;

    /// <summary>Accounts the thread of <paramref name="role"/>, leaving out its first <paramref name="warmUpFrames"/> frames.</summary>
    /// <param name="role">The thread's role name ("channel", "ingest", "sink NAME").</param>
    /// <param name="warmUpFrames">Frames left out at the start.</param>
    /// <param name="sampleProcess">
    /// Also sample the whole process's CPU time at the same frame boundaries (<see cref="ThreadCost.ProcessCpuNanoseconds"/>):
    /// for the thread that paces the programme (the channel), so work done off the accounted threads (decoders,
    /// inference, the GL driver's own threads) is seen per programme frame too.
    /// </param>
    /// <exception cref="ArgumentException">The role name is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="warmUpFrames"/> is negative.</exception>
    public ThreadAccounting(string role, int warmUpFrames, bool sampleProcess = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmUpFrames);
        Role = new ThreadRole(role);
        _warmUpFrames = warmUpFrames;
        _sampleProcess = sampleProcess;
    }

    /// <summary>The measured thread's role; claimed by <see cref="Start"/>.</summary>
    public ThreadRole Role { get; }

    /// <summary>
    /// Binds the accounting to the calling thread (the role's thread): call it when the thread starts. With no
    /// warm-up the window opens here.
    /// </summary>
    public void Start()
    {
        Role.Claim();
        if (_warmUpFrames == 0)
            OpenWindow();
    }

    /// <summary>Marks the end of a frame on the measured thread.</summary>
    /// <exception cref="InvalidOperationException">Called from another thread than the one that called <see cref="Start"/>.</exception>
    public void FrameDone() => EndFrame(stateChange: false);

    /// <summary>
    /// Marks the end of a frame in which the measured thread handled a state change (e.g. the ingest logging a camera
    /// that left or rejoined the frame sets): the frame and its CPU time count as any other, but the managed bytes
    /// it allocated are counted apart (<see cref="ThreadCost.StateChangeFrames"/>, <see cref="ThreadCost.StateChangeBytes"/>)
    /// instead of in <see cref="ThreadCost.AllocatedBytes"/>, which stays the per-frame path's. Allocation-free itself.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called from another thread than the one that called <see cref="Start"/>.</exception>
    public void StateChangeDone() => EndFrame(stateChange: true);

    private void EndFrame(bool stateChange)
    {
        Role.Verify();
        long cpu = ThreadCpuClock.CurrentThreadNanoseconds();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long process = _sampleProcess ? ThreadCpuClock.ProcessNanoseconds() : 0;
        lock (_lock)
        {
            _framesSeen++;
            // Only inside the window: a state change during the warm-up is part of what the warm-up leaves out.
            if (stateChange && _framesSeen > _warmUpFrames)
            {
                _stateChangeFrames++;
                _stateChangeBytes += allocated - _lastAllocated;
            }
            _lastCpu = cpu;
            _lastAllocated = allocated;
            _lastProcess = process;
            if (_framesSeen == _warmUpFrames)
            {
                _startCpu = cpu;
                _startAllocated = allocated;
                _startProcess = process;
            }
        }
    }

    /// <summary>
    /// The steady-state window so far: frames completed after the warm-up, with their CPU time and allocations.
    /// Frames is 0 until the first frame after the warm-up completes.
    /// </summary>
    public ThreadCost Cost
    {
        get
        {
            lock (_lock)
            {
                long frames = _framesSeen - _warmUpFrames;
                return frames <= 0
                    ? new ThreadCost(Role.Name, 0, 0, 0)
                    : new ThreadCost(Role.Name, frames, _lastCpu - _startCpu, _lastAllocated - _startAllocated - _stateChangeBytes)
                    {
                        ProcessCpuNanoseconds = _sampleProcess ? _lastProcess - _startProcess : null,
                        StateChangeFrames = _stateChangeFrames,
                        StateChangeBytes = _stateChangeBytes,
                    };
            }
        }
    }

    private void OpenWindow()
    {
        long cpu = ThreadCpuClock.CurrentThreadNanoseconds();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long process = _sampleProcess ? ThreadCpuClock.ProcessNanoseconds() : 0;
        lock (_lock)
        {
            _startCpu = _lastCpu = cpu;
            _startAllocated = _lastAllocated = allocated;
            _startProcess = _lastProcess = process;
        }
    }
}
