using System.Runtime.InteropServices;

namespace Broadcast3D.Ndi.Interop;

/// <summary>A NUL-terminated UTF-8 copy of a string for one native call; null stays null. Frees on dispose.</summary>
internal readonly unsafe struct NdiUtf8 : IDisposable
{
    private readonly nint _memory;

    public NdiUtf8(string? text) => _memory = text is null ? 0 : Marshal.StringToCoTaskMemUTF8(text);

    public byte* Pointer => (byte*)_memory;

    public void Dispose()
    {
        if (_memory != 0)
            Marshal.FreeCoTaskMem(_memory);
    }
}
