using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>libavformat <c>AVIOInterruptCB</c>: polled by blocking I/O; a non-zero return aborts it.</summary>
[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVIOInterruptCB
{
    [FieldOffset(0)] public delegate* unmanaged<void*, int> Callback;
    [FieldOffset(8)] public void* Opaque;
}
