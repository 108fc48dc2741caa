using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>libavformat <c>AVFormatContext</c> (59.x): only the fields we read or write.</summary>
[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVFormatContext
{
    [FieldOffset(8)] public AVInputFormat* Iformat;
    [FieldOffset(16)] public AVOutputFormat* Oformat;
    [FieldOffset(32)] public nint Pb;
    [FieldOffset(44)] public uint NbStreams;
    [FieldOffset(48)] public AVStream** Streams;
    [FieldOffset(64)] public long StartTime;
    [FieldOffset(72)] public long Duration;
    [FieldOffset(80)] public long BitRate;
    [FieldOffset(176)] public nint Metadata;
    [FieldOffset(200)] public AVIOInterruptCB InterruptCallback;
}
