using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>libavformat <c>AVInputFormat</c>: only its name.</summary>
[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVInputFormat
{
    [FieldOffset(0)] public byte* Name;
    [FieldOffset(8)] public byte* LongName;
}
