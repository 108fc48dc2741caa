using System.Runtime.InteropServices;

namespace Broadcast3D.Ndi.Interop;

/// <summary>
/// Owns one NDI instance (sender, finder or receiver): released exactly once by its destroy function
/// (NDIlib_send_destroy, NDIlib_find_destroy, NDIlib_recv_destroy) on <see cref="SafeHandle.Dispose()"/> or, when the
/// owner was never disposed, by the finaliser: a forgotten Dispose neither leaks the instance (a source left on the
/// network, threads, sockets) nor double-frees it. The runtime library stays loaded for the process
/// (<see cref="NdiRuntime"/> never unloads it), so the destroy function is valid whenever the finaliser runs.
/// </summary>
internal sealed unsafe class NdiInstanceHandle : SafeHandle
{
    private readonly delegate* unmanaged<nint, void> _destroy;

    /// <summary>Takes ownership of <paramref name="instance"/> (non-zero), released by <paramref name="destroy"/>.</summary>
    public NdiInstanceHandle(nint instance, delegate* unmanaged<nint, void> destroy)
        : base(0, ownsHandle: true)
    {
        _destroy = destroy;
        SetHandle(instance);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        _destroy(handle);
        return true;
    }
}
