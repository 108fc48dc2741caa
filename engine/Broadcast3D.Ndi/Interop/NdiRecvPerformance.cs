using System.Runtime.InteropServices;

namespace Broadcast3D.Ndi.Interop;

/// <summary><c>NDIlib_recv_performance_t</c>: frame counters since the receiver was created.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct NdiRecvPerformance
{
    [FieldOffset(0)] public long VideoFrames;
    [FieldOffset(8)] public long AudioFrames;
    [FieldOffset(16)] public long MetadataFrames;
}
