using System.Runtime.InteropServices;

namespace Broadcast3D.Ndi.Interop;

/// <summary><c>NDIlib_tally_t</c>: two C <c>bool</c>s.</summary>
[StructLayout(LayoutKind.Explicit, Size = 2)]
internal struct NdiTallyNative
{
    [FieldOffset(0)] public byte OnProgram;
    [FieldOffset(1)] public byte OnPreview;
}
