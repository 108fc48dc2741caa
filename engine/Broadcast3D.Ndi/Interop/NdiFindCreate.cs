using System.Runtime.InteropServices;

namespace Broadcast3D.Ndi.Interop;

/// <summary><c>NDIlib_find_create_t</c>; C <c>bool</c> fields are one byte.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal unsafe struct NdiFindCreate
{
    [FieldOffset(0)] public byte ShowLocalSources;
    [FieldOffset(8)] public byte* Groups;
    [FieldOffset(16)] public byte* ExtraIps;
}
