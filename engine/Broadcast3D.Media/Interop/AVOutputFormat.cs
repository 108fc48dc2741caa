using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>libavformat <c>AVOutputFormat</c>: its name and flags (AVFMT_GLOBALHEADER, AVFMT_NOFILE).</summary>
[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVOutputFormat
{
    [FieldOffset(0)] public byte* Name;
    [FieldOffset(44)] public int Flags;
}
