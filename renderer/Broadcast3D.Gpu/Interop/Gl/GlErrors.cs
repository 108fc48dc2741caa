using System.Runtime.InteropServices;

namespace Broadcast3D.Gpu.Interop.Gl;

/// <summary>
/// The one place GL errors become exceptions. With validation on (Debug builds, or <c>CI</c>/<c>B3D_GL_DEBUG</c>
/// set) the context is a debug context whose KHR_debug callback runs synchronously on the calling thread and
/// records every error message, and <see cref="Check"/> also drains <c>glGetError</c> after each wrapped call.
/// Without validation, <see cref="Check"/> only reads <c>glGetError</c> (cheap on every driver), so a failed
/// call still surfaces at the operation that caused it.
/// </summary>
internal sealed unsafe class GlErrors
{
    // The callback cannot throw into native code: it records, and Check throws on the GL thread.
    [ThreadStatic]
    private static List<string>? t_pending;

    private readonly GlFunctions _gl;

    public GlErrors(GlFunctions gl, bool validation)
    {
        _gl = gl;
        Validation = validation;
        if (validation)
        {
            _gl.Enable(GlConstants.DebugOutput);
            _gl.Enable(GlConstants.DebugOutputSynchronous);
            _gl.DebugMessageControl(GlConstants.DontCare, GlConstants.DontCare, GlConstants.DontCare, 0, null, 1);
            _gl.DebugMessageCallback((nint)(delegate* unmanaged<int, int, uint, int, int, byte*, void*, void>)&OnMessage, null);
        }
    }

    /// <summary>Whether the debug callback is installed.</summary>
    public bool Validation { get; }

    /// <summary>Throws a <see cref="GpuException"/> naming <paramref name="operation"/> if any GL error is pending.</summary>
    public void Check(string operation)
    {
        int code = _gl.GetError();
        List<string>? pending = t_pending;
        if (code == GlConstants.NoError && (pending == null || pending.Count == 0))
            return;
        var parts = new List<string>();
        if (pending != null)
        {
            parts.AddRange(pending);
            pending.Clear();
        }
        while (code != GlConstants.NoError)
        {
            parts.Add(ErrorName(code));
            code = _gl.GetError();
        }
        throw new GpuException($"{operation} failed: {string.Join("; ", parts)}");
    }

    /// <summary>
    /// Forgets pending errors that were already reported another way (a failed compile or link is also sent to
    /// the debug callback; the <see cref="ShaderCompilationException"/> carries it).
    /// </summary>
    public void Discard()
    {
        t_pending?.Clear();
        while (_gl.GetError() != GlConstants.NoError)
        {
        }
    }

    private static string ErrorName(int code) => code switch
    {
        GlConstants.InvalidEnum => "GL_INVALID_ENUM",
        GlConstants.InvalidValue => "GL_INVALID_VALUE",
        GlConstants.InvalidOperation => "GL_INVALID_OPERATION",
        GlConstants.OutOfMemory => "GL_OUT_OF_MEMORY",
        GlConstants.InvalidFramebufferOperation => "GL_INVALID_FRAMEBUFFER_OPERATION",
        GlConstants.StackOverflow => "GL_STACK_OVERFLOW",
        GlConstants.StackUnderflow => "GL_STACK_UNDERFLOW",
        _ => $"GL error 0x{code:X4}",
    };

    [UnmanagedCallersOnly]
    private static void OnMessage(int source, int type, uint id, int severity, int length, byte* message, void* user)
    {
        // Only errors fail an operation: compiler warnings, performance and other notifications are advice
        // (Mesa sends shader warnings with high severity).
        if (type != GlConstants.DebugTypeError)
            return;
        string text = length > 0
            ? System.Text.Encoding.UTF8.GetString(message, length)
            : Marshal.PtrToStringUTF8((nint)message) ?? "";
        (t_pending ??= []).Add(text.TrimEnd());
    }
}
