using System.Runtime.InteropServices;

namespace Broadcast3D.Ndi.Interop;

/// <summary><c>NDIlib_source_t</c>: two UTF-8 strings owned by whoever produced the struct.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal unsafe struct NdiSourceNative
{
    [FieldOffset(0)] public byte* NdiName;
    [FieldOffset(8)] public byte* UrlAddress;
}
