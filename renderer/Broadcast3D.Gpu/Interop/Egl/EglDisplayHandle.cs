using System.Runtime.InteropServices;

namespace Broadcast3D.Gpu.Interop.Egl;

/// <summary>
/// One user's share of an initialised EGL display. EGL hands every caller of one platform the same display and
/// <c>eglInitialize</c>/<c>eglTerminate</c> are not counted, so this process counts its users per display and the
/// last release (Dispose, or the finaliser when Dispose was forgotten) calls <c>eglTerminate</c>. Thread-safe.
/// </summary>
internal sealed unsafe class EglDisplayHandle : SafeHandle
{
    private static readonly Dictionary<nint, int> s_users = [];
    private static long s_terminated;
    private readonly EglLibrary _egl;

    private EglDisplayHandle(EglLibrary egl, nint display) : base(0, ownsHandle: true)
    {
        _egl = egl;
        SetHandle(display);
    }

    /// <summary>Displays terminated by this process so far (tests: a forgotten handle is still released).</summary>
    public static long TerminatedCount => Interlocked.Read(ref s_terminated);

    public override bool IsInvalid => handle == 0;

    /// <summary>Initialises <paramref name="display"/> and takes a share of it; null (nothing held) when EGL refuses.</summary>
    public static EglDisplayHandle? TryInitialize(EglLibrary egl, nint display)
    {
        if (display == 0)
            return null;
        lock (s_users)
        {
            int major, minor;
            if (egl.Initialize(display, &major, &minor) == 0)
                return null;
            s_users[display] = s_users.GetValueOrDefault(display) + 1;
            return new EglDisplayHandle(egl, display);
        }
    }

    protected override bool ReleaseHandle()
    {
        lock (s_users)
        {
            int left = s_users[handle] - 1;
            if (left > 0)
            {
                s_users[handle] = left;
                return true;
            }
            s_users.Remove(handle);
            Interlocked.Increment(ref s_terminated);
            return _egl.Terminate(handle) != 0;
        }
    }
}
