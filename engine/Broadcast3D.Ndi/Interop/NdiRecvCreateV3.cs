using System.Runtime.InteropServices;

namespace Broadcast3D.Ndi.Interop;

/// <summary><c>NDIlib_recv_create_v3_t</c>; C <c>bool</c> fields are one byte, enums four.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal unsafe struct NdiRecvCreateV3
{
    [FieldOffset(0)] public NdiSourceNative Source;
    [FieldOffset(16)] public int ColorFormat;
    [FieldOffset(20)] public int Bandwidth;
    [FieldOffset(24)] public byte AllowVideoFields;
    [FieldOffset(32)] public byte* RecvName;
}
