using System.Runtime.InteropServices;
using Silk.NET.OpenGL;

namespace Broadcast3D.Gpu;

/// <summary>
/// The one place GL errors become exceptions. With validation on (Debug builds, or <c>CI</c>/<c>B3D_GL_DEBUG</c>
/// set) the context is a KHR_debug context whose callback (installed through Silk.NET's
/// <see cref="GL.DebugMessageCallback(DebugProc, void*)"/>) runs synchronously on the calling thread and records
/// every error message; <see cref="Check(string)"/> throws them at the call that caused them. Without validation,
/// <see cref="Check(string)"/> only reads <c>glGetError</c> (cheap on every driver), so a failed call still surfaces at the
/// operation that caused it. Owned by <see cref="GpuDevice"/>; used on its owner thread only.
/// </summary>
internal sealed class GlDebugErrors
{
    // GL keeps only a function pointer: the delegate behind it must outlive every context, so it is static.
    private static readonly DebugProc s_callback = OnMessage;

    // The callback cannot throw into native code: it records, and Check throws on the GL thread.
    [ThreadStatic]
    private static List<string>? t_pending;

    private readonly GL _gl;

    public unsafe GlDebugErrors(GL gl, bool validation)
    {
        _gl = gl;
        Validation = validation;
        if (validation)
        {
            _gl.Enable(EnableCap.DebugOutput);
            _gl.Enable(EnableCap.DebugOutputSynchronous);
            _gl.DebugMessageControl(DebugSource.DontCare, DebugType.DontCare, DebugSeverity.DontCare, 0, null, true);
            _gl.DebugMessageCallback(s_callback, null);
        }
    }

    /// <summary>Whether the debug callback is installed.</summary>
    public bool Validation { get; }

    /// <summary>Throws a <see cref="GpuException"/> naming <paramref name="operation"/> if any GL error is pending.</summary>
    public void Check(string operation) => Check(operation, "");

    /// <summary>
    /// Like <see cref="Check(string)"/> with the operation named <paramref name="operation"/> + <paramref name="subject"/>,
    /// joined only when there is an error (per-frame draws and dispatches allocate nothing).
    /// </summary>
    public void Check(string operation, string subject)
    {
        GLEnum code = _gl.GetError();
        List<string>? pending = t_pending;
        if (code == GLEnum.NoError && (pending == null || pending.Count == 0))
            return;
        operation += subject;
        var parts = new List<string>();
        if (pending != null)
        {
            parts.AddRange(pending);
            pending.Clear();
        }
        while (code != GLEnum.NoError)
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
        while (_gl.GetError() != GLEnum.NoError)
        {
        }
    }

    // GLEnum has several names per value (0x0500 is also other tokens' value), so the error names are spelled here.
    private static string ErrorName(GLEnum code) => (ErrorCode)code switch
    {
        ErrorCode.InvalidEnum => "GL_INVALID_ENUM",
        ErrorCode.InvalidValue => "GL_INVALID_VALUE",
        ErrorCode.InvalidOperation => "GL_INVALID_OPERATION",
        ErrorCode.OutOfMemory => "GL_OUT_OF_MEMORY",
        ErrorCode.InvalidFramebufferOperation => "GL_INVALID_FRAMEBUFFER_OPERATION",
        ErrorCode.StackOverflow => "GL_STACK_OVERFLOW",
        ErrorCode.StackUnderflow => "GL_STACK_UNDERFLOW",
        _ => $"GL error 0x{(int)code:X4}",
    };

    private static void OnMessage(GLEnum source, GLEnum type, int id, GLEnum severity, int length, nint message, nint userParam)
    {
        // Only errors fail an operation: compiler warnings, performance and other notifications are advice
        // (Mesa sends shader warnings with high severity).
        if (type != GLEnum.DebugTypeError)
            return;
        string text = length > 0 ? Marshal.PtrToStringUTF8(message, length) : Marshal.PtrToStringUTF8(message) ?? "";
        (t_pending ??= []).Add(text.TrimEnd());
    }
}
