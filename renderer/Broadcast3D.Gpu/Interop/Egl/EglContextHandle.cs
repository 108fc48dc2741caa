using System.Runtime.InteropServices;

namespace Broadcast3D.Gpu.Interop.Egl;

/// <summary>
/// An EGL context, destroyed by <c>eglDestroyContext</c> on Dispose or, when Dispose was forgotten, by the
/// finaliser (EGL then frees it once no thread has it current). Holds its display open until released. GL objects
/// (buffers, textures, programs, fences) are owned by the context and freed with it.
/// </summary>
internal sealed unsafe class EglContextHandle : SafeHandle
{
    private static long s_destroyed;
    private readonly EglLibrary _egl;
    private readonly EglDisplayHandle _display;

    public EglContextHandle(EglLibrary egl, EglDisplayHandle display, nint context) : base(0, ownsHandle: true)
    {
        _egl = egl;
        _display = display;
        bool added = false;
        display.DangerousAddRef(ref added);
        SetHandle(context);
    }

    /// <summary>Contexts destroyed by this process so far (tests: a forgotten handle is still released).</summary>
    public static long DestroyedCount => Interlocked.Read(ref s_destroyed);

    public override bool IsInvalid => handle == 0;

    /// <summary>The display this context lives on (held open by this handle).</summary>
    public nint Display => _display.DangerousGetHandle();

    protected override bool ReleaseHandle()
    {
        bool ok = _egl.DestroyContext(_display.DangerousGetHandle(), handle) != 0;
        Interlocked.Increment(ref s_destroyed);
        _display.DangerousRelease();
        return ok;
    }
}
