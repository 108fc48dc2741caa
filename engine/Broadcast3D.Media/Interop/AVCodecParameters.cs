using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>libavcodec <c>AVCodecParameters</c> (59.x): only the fields we read.</summary>
[StructLayout(LayoutKind.Explicit)]
internal struct AVCodecParameters
{
    [FieldOffset(0)] public int CodecType;
    [FieldOffset(4)] public int CodecId;
    [FieldOffset(8)] public uint CodecTag;
    [FieldOffset(28)] public int Format;
    [FieldOffset(32)] public long BitRate;
    [FieldOffset(56)] public int Width;
    [FieldOffset(60)] public int Height;
    [FieldOffset(72)] public int FieldOrder;
}
