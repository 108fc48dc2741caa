using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>
/// Native memory polled by FFmpeg's interrupt callback during blocking I/O: a deadline (Stopwatch ticks, 0 = none)
/// and a cancel flag. It lives in native memory so the callback needs no GC handle and the fields can be written
/// from another thread (cancellation) while FFmpeg reads them.
/// </summary>
internal sealed unsafe class InterruptState : IDisposable
{
    private State* _state;

    public InterruptState()
    {
        _state = (State*)NativeMemory.AllocZeroed((nuint)sizeof(State));
    }

    /// <summary>The struct to copy into <c>AVFormatContext.interrupt_callback</c> or pass to avio_open2.</summary>
    public AVIOInterruptCB Callback => new() { Callback = &OnInterrupt, Opaque = _state };

    /// <summary>Aborts blocking I/O that runs past <paramref name="timeout"/> from now.</summary>
    public void StartDeadline(TimeSpan timeout) =>
        Volatile.Write(ref _state->Deadline, Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));

    /// <summary>True when the last abort came from the deadline (rather than <see cref="Cancel"/>).</summary>
    public bool DeadlinePassed => Volatile.Read(ref _state->Deadline) != 0 && Stopwatch.GetTimestamp() > Volatile.Read(ref _state->Deadline);

    /// <summary>Aborts any blocking I/O now and from now on; safe from any thread.</summary>
    public void Cancel() => Volatile.Write(ref _state->Cancelled, 1);

    public bool IsCancelled => Volatile.Read(ref _state->Cancelled) != 0;

    public void Dispose()
    {
        NativeMemory.Free(_state);
        _state = null;
    }

    [UnmanagedCallersOnly]
    private static int OnInterrupt(void* opaque)
    {
        var s = (State*)opaque;
        if (Volatile.Read(ref s->Cancelled) != 0)
            return 1;
        long deadline = Volatile.Read(ref s->Deadline);
        return deadline != 0 && Stopwatch.GetTimestamp() > deadline ? 1 : 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct State
    {
        public long Deadline;
        public int Cancelled;
    }
}
