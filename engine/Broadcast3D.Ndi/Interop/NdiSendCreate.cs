using System.Runtime.InteropServices;

namespace Broadcast3D.Ndi.Interop;

/// <summary><c>NDIlib_send_create_t</c>; C <c>bool</c> fields are one byte.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal unsafe struct NdiSendCreate
{
    [FieldOffset(0)] public byte* NdiName;
    [FieldOffset(8)] public byte* Groups;
    [FieldOffset(16)] public byte ClockVideo;
    [FieldOffset(17)] public byte ClockAudio;
}
