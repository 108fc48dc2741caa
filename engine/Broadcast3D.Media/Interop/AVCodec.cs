using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>libavcodec <c>AVCodec</c>: name, media type and codec id.</summary>
[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVCodec
{
    [FieldOffset(0)] public byte* Name;
    [FieldOffset(16)] public int Type;
    [FieldOffset(20)] public int Id;
}
