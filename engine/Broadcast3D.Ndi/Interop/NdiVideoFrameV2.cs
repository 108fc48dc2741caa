using System.Runtime.InteropServices;

namespace Broadcast3D.Ndi.Interop;

/// <summary>
/// <c>NDIlib_video_frame_v2_t</c> (Processing.NDI.structs.h): 72 bytes on 64-bit targets. <c>p_metadata</c> at
/// offset 56 is left null: we send no per-frame metadata.
/// Offsets are checked against the SDK header by a compiled C program in the tests.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 72)]
internal unsafe struct NdiVideoFrameV2
{
    [FieldOffset(0)] public int Xres;
    [FieldOffset(4)] public int Yres;
    [FieldOffset(8)] public uint FourCC;
    [FieldOffset(12)] public int FrameRateN;
    [FieldOffset(16)] public int FrameRateD;
    /// <summary>0 means square pixels (xres / yres).</summary>
    [FieldOffset(20)] public float PictureAspectRatio;
    [FieldOffset(24)] public int FrameFormatType;
    /// <summary>100 ns units.</summary>
    [FieldOffset(32)] public long Timecode;
    [FieldOffset(40)] public byte* Data;
    [FieldOffset(48)] public int LineStrideInBytes;
    /// <summary>100 ns units since the Unix epoch; <see cref="NdiConstants.TimestampUndefined"/> when unknown.</summary>
    [FieldOffset(64)] public long Timestamp;
}
