namespace Broadcast3D.Tracking.Accelerators;

/// <summary>What the probe found for one ILGPU accelerator kind.</summary>
/// <param name="Kind">CUDA, OpenCL or CPU.</param>
/// <param name="Usable">True when the kernels can run there in double precision.</param>
/// <param name="Device">The device's name, or null when none was found.</param>
/// <param name="Reason">Why it is not usable (empty when usable), e.g. "no CUDA driver (libcuda.so.1 not found)".</param>
public sealed record AcceleratorAvailability(TrackingAccelerator Kind, bool Usable, string? Device, string Reason);
