using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>libavformat <c>AVStream</c> (59.x): only the fields we read or write.</summary>
[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVStream
{
    [FieldOffset(0)] public int Index;
    [FieldOffset(16)] public AVRational TimeBase;
    [FieldOffset(24)] public long StartTime;
    [FieldOffset(32)] public long Duration;
    [FieldOffset(40)] public long NbFrames;
    [FieldOffset(64)] public nint Metadata;
    [FieldOffset(72)] public AVRational AvgFrameRate;
    [FieldOffset(200)] public AVRational RFrameRate;
    [FieldOffset(208)] public AVCodecParameters* Codecpar;
}
