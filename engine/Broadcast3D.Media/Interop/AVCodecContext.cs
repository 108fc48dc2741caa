using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>libavcodec <c>AVCodecContext</c> (59.x): only the fields we read or write.</summary>
[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVCodecContext
{
    [FieldOffset(24)] public int CodecId;
    [FieldOffset(56)] public long BitRate;
    [FieldOffset(68)] public int GlobalQuality;
    [FieldOffset(76)] public int Flags;
    [FieldOffset(100)] public AVRational TimeBase;
    [FieldOffset(116)] public int Width;
    [FieldOffset(120)] public int Height;
    [FieldOffset(132)] public int GopSize;
    [FieldOffset(136)] public int PixFmt;
    [FieldOffset(152)] public delegate* unmanaged<AVCodecContext*, int*, int> GetFormat;
    [FieldOffset(160)] public int MaxBFrames;
    [FieldOffset(324)] public int ColorPrimaries;
    [FieldOffset(328)] public int ColorTrc;
    [FieldOffset(332)] public int Colorspace;
    [FieldOffset(336)] public int ColorRange;
    [FieldOffset(636)] public int ThreadCount;
    [FieldOffset(640)] public int ThreadType;
    [FieldOffset(712)] public AVRational Framerate;
    [FieldOffset(724)] public AVRational PktTimebase;
    [FieldOffset(872)] public nint HwDeviceCtx;
}
