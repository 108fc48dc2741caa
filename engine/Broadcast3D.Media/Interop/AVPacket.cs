using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>libavcodec <c>AVPacket</c> (59.x): only the fields we read or write; allocated by av_packet_alloc.</summary>
[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVPacket
{
    [FieldOffset(8)] public long Pts;
    [FieldOffset(16)] public long Dts;
    [FieldOffset(24)] public byte* Data;
    [FieldOffset(32)] public int Size;
    [FieldOffset(36)] public int StreamIndex;
    [FieldOffset(40)] public int Flags;
    [FieldOffset(64)] public long Duration;
}
