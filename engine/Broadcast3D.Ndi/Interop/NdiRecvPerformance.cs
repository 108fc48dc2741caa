using System.Runtime.InteropServices;

namespace Broadcast3D.Ndi.Interop;

/// <summary><c>NDIlib_recv_performance_t</c>: frame counters since the receiver was created (audio and metadata
/// counters follow at 8 and 16; we read video only).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct NdiRecvPerformance
{
    [FieldOffset(0)] public long VideoFrames;
}
