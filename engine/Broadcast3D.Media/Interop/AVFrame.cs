using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>libavutil <c>AVFrame</c> (57.x): only the fields we read or write; offsets checked by StructOffsetTests.</summary>
[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVFrame
{
    [FieldOffset(0)] public PlanePointers Data;
    [FieldOffset(64)] public fixed int Linesize[8];
    [FieldOffset(104)] public int Width;
    [FieldOffset(108)] public int Height;
    [FieldOffset(116)] public int Format;
    [FieldOffset(120)] public int KeyFrame;
    [FieldOffset(124)] public int PictType;
    [FieldOffset(136)] public long Pts;
    [FieldOffset(168)] public int Quality;
    [FieldOffset(188)] public int InterlacedFrame;
    [FieldOffset(192)] public int TopFieldFirst;
    [FieldOffset(224)] public PlanePointers Buf;
    [FieldOffset(316)] public int Flags;
    [FieldOffset(320)] public int ColorRange;
    [FieldOffset(332)] public int Colorspace;
    [FieldOffset(344)] public long BestEffortTimestamp;
    [FieldOffset(360)] public long PktDuration;
    [FieldOffset(376)] public int DecodeErrorFlags;
    [FieldOffset(392)] public nint HwFramesCtx;
}
