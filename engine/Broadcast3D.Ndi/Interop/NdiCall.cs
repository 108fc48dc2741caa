using System.Runtime.InteropServices;

namespace Broadcast3D.Ndi.Interop;

/// <summary>
/// The one place native results are checked. NDI reports failure only as a null handle or a false return, with no
/// message of its own, so the exception names the function, the object and the usual causes.
/// </summary>
internal static class NdiCall
{
    /// <summary>Returns <paramref name="handle"/>, or throws <see cref="NdiException"/> when the runtime gave null.</summary>
    public static nint CheckHandle(nint handle, string function, string what, string likelyCause) =>
        handle != 0 ? handle : throw new NdiException($"{function} failed for {what}: {likelyCause}");

    /// <summary>Converts a runtime-owned UTF-8 string; null becomes empty.</summary>
    public static unsafe string String(byte* utf8) => utf8 == null ? string.Empty : Marshal.PtrToStringUTF8((nint)utf8) ?? string.Empty;

    /// <summary>Milliseconds for a native timeout: negative clamps to 0, above <see cref="uint.MaxValue"/> clamps to it.</summary>
    public static uint TimeoutMs(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero ? 0u : timeout.TotalMilliseconds >= uint.MaxValue - 1 ? uint.MaxValue - 1 : (uint)Math.Ceiling(timeout.TotalMilliseconds);
}
