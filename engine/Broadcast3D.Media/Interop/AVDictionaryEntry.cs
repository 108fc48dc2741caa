using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>libavutil <c>AVDictionaryEntry</c>: one metadata key and value (UTF-8).</summary>
[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVDictionaryEntry
{
    [FieldOffset(0)] public byte* Key;
    [FieldOffset(8)] public byte* Value;
}
