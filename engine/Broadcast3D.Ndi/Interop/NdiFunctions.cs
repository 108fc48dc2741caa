using System.Runtime.InteropServices;

namespace Broadcast3D.Ndi.Interop;

/// <summary>
/// The raw NDI functions we call, resolved by name from a loaded runtime (C <c>bool</c> is returned as
/// <see cref="byte"/>). Resolving each export by name, rather than through <c>NDIlib_v5_load()</c>'s table, keeps
/// us independent of that table's layout, which grows between SDK versions; NDI 5 and 6 export the same names.
/// </summary>
internal sealed unsafe class NdiFunctions
{
    public readonly delegate* unmanaged<byte> Initialize;
    public readonly delegate* unmanaged<byte*> Version;
    public readonly delegate* unmanaged<byte> IsSupportedCpu;

    public readonly delegate* unmanaged<NdiSendCreate*, nint> SendCreate;
    public readonly delegate* unmanaged<nint, void> SendDestroy;
    public readonly delegate* unmanaged<nint, NdiVideoFrameV2*, void> SendVideoV2;
    public readonly delegate* unmanaged<nint, NdiVideoFrameV2*, void> SendVideoAsyncV2;
    public readonly delegate* unmanaged<nint, NdiTallyNative*, uint, byte> SendGetTally;
    public readonly delegate* unmanaged<nint, uint, int> SendGetNoConnections;
    public readonly delegate* unmanaged<nint, NdiSourceNative*> SendGetSourceName;

    public readonly delegate* unmanaged<NdiFindCreate*, nint> FindCreateV2;
    public readonly delegate* unmanaged<nint, void> FindDestroy;
    public readonly delegate* unmanaged<nint, uint, byte> FindWaitForSources;
    public readonly delegate* unmanaged<nint, uint*, NdiSourceNative*> FindGetCurrentSources;

    public readonly delegate* unmanaged<NdiRecvCreateV3*, nint> RecvCreateV3;
    public readonly delegate* unmanaged<nint, void> RecvDestroy;
    public readonly delegate* unmanaged<nint, NdiVideoFrameV2*, void*, void*, uint, int> RecvCaptureV2;
    public readonly delegate* unmanaged<nint, NdiVideoFrameV2*, void> RecvFreeVideoV2;
    public readonly delegate* unmanaged<nint, NdiTallyNative*, byte> RecvSetTally;
    public readonly delegate* unmanaged<nint, int> RecvGetNoConnections;
    public readonly delegate* unmanaged<nint, NdiRecvPerformance*, NdiRecvPerformance*, void> RecvGetPerformance;

    /// <summary>Resolves every function; throws <see cref="EntryPointNotFoundException"/> naming the first missing one.</summary>
    public NdiFunctions(nint library)
    {
        Initialize = (delegate* unmanaged<byte>)Get(library, "NDIlib_initialize");
        Version = (delegate* unmanaged<byte*>)Get(library, "NDIlib_version");
        IsSupportedCpu = (delegate* unmanaged<byte>)Get(library, "NDIlib_is_supported_CPU");

        SendCreate = (delegate* unmanaged<NdiSendCreate*, nint>)Get(library, "NDIlib_send_create");
        SendDestroy = (delegate* unmanaged<nint, void>)Get(library, "NDIlib_send_destroy");
        SendVideoV2 = (delegate* unmanaged<nint, NdiVideoFrameV2*, void>)Get(library, "NDIlib_send_send_video_v2");
        SendVideoAsyncV2 = (delegate* unmanaged<nint, NdiVideoFrameV2*, void>)Get(library, "NDIlib_send_send_video_async_v2");
        SendGetTally = (delegate* unmanaged<nint, NdiTallyNative*, uint, byte>)Get(library, "NDIlib_send_get_tally");
        SendGetNoConnections = (delegate* unmanaged<nint, uint, int>)Get(library, "NDIlib_send_get_no_connections");
        SendGetSourceName = (delegate* unmanaged<nint, NdiSourceNative*>)Get(library, "NDIlib_send_get_source_name");

        FindCreateV2 = (delegate* unmanaged<NdiFindCreate*, nint>)Get(library, "NDIlib_find_create_v2");
        FindDestroy = (delegate* unmanaged<nint, void>)Get(library, "NDIlib_find_destroy");
        FindWaitForSources = (delegate* unmanaged<nint, uint, byte>)Get(library, "NDIlib_find_wait_for_sources");
        FindGetCurrentSources = (delegate* unmanaged<nint, uint*, NdiSourceNative*>)Get(library, "NDIlib_find_get_current_sources");

        RecvCreateV3 = (delegate* unmanaged<NdiRecvCreateV3*, nint>)Get(library, "NDIlib_recv_create_v3");
        RecvDestroy = (delegate* unmanaged<nint, void>)Get(library, "NDIlib_recv_destroy");
        RecvCaptureV2 = (delegate* unmanaged<nint, NdiVideoFrameV2*, void*, void*, uint, int>)Get(library, "NDIlib_recv_capture_v2");
        RecvFreeVideoV2 = (delegate* unmanaged<nint, NdiVideoFrameV2*, void>)Get(library, "NDIlib_recv_free_video_v2");
        RecvSetTally = (delegate* unmanaged<nint, NdiTallyNative*, byte>)Get(library, "NDIlib_recv_set_tally");
        RecvGetNoConnections = (delegate* unmanaged<nint, int>)Get(library, "NDIlib_recv_get_no_connections");
        RecvGetPerformance = (delegate* unmanaged<nint, NdiRecvPerformance*, NdiRecvPerformance*, void>)Get(library, "NDIlib_recv_get_performance");
    }

    private static nint Get(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out nint address)
            ? address
            : throw new EntryPointNotFoundException($"{name} is missing: not an NDI 5 or 6 runtime");
}
