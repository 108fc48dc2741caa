using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>libavcodec <c>AVCodecHWConfig</c>: which hardware device type a decoder supports and how.</summary>
[StructLayout(LayoutKind.Explicit)]
internal struct AVCodecHWConfig
{
    [FieldOffset(0)] public int PixFmt;
    [FieldOffset(4)] public int Methods;
    [FieldOffset(8)] public int DeviceType;
}
