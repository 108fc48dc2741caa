namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// Median milliseconds per frame of one <c>b3d mesh</c> run: carving on the C# reference and on the ILGPU CPU
/// accelerator (both run on every frame; <see cref="KernelOverReference"/> is their ratio), on the accelerator the
/// mesh used when it is neither, surface + colour, and the whole frame (tracking included); whether every carving
/// agreed voxel for voxel; and the machine.
/// </summary>
public sealed record MeshTiming(double ReferenceCarveMs, double IlgpuCpuCarveMs, double KernelOverReference, double? DeviceCarveMs,
    double SurfaceAndColourMs, double FrameMs, bool IdenticalOccupancy, string Machine);
