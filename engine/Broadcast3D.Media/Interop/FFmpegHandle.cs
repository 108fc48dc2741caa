using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>
/// Owns one FFmpeg object: released exactly once by the library's own free function, on <see cref="SafeHandle.Dispose()"/>
/// or, when an owner forgot to dispose, by the finaliser, so a forgotten Dispose cannot leak and a second Dispose
/// cannot double-free. Owners keep the raw pointer for their hot paths (no per-frame cost) and null it when they
/// dispose the handle. Thread-safety: as <see cref="SafeHandle"/>; the owners' own rules apply to the objects.
/// </summary>
internal abstract class FFmpegHandle : SafeHandle
{
    private static long s_released;

    protected FFmpegHandle(nint pointer)
        : base(0, ownsHandle: true)
    {
        SetHandle(pointer);
    }

    /// <summary>FFmpeg objects released so far in this process, by Dispose or finaliser (a leak check for tests and soak runs).</summary>
    public static long Released => Interlocked.Read(ref s_released);

    public override bool IsInvalid => handle == 0;

    protected sealed override bool ReleaseHandle()
    {
        Free(handle);
        Interlocked.Increment(ref s_released);
        return true;
    }

    /// <summary>Frees <paramref name="pointer"/> with the library's function; called once, never with 0.</summary>
    protected abstract void Free(nint pointer);
}
