namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// Median milliseconds per frame of one <c>b3d mesh</c> run: carving on the C# reference (every mesh) and on the
/// ILGPU CPU accelerator (the first <see cref="ComparedMeshes"/>; <see cref="KernelOverReference"/> is its ratio to
/// the reference on those same meshes); null where nothing was measured (no mesh built, no mesh compared), on the accelerator the mesh used when it is neither,
/// surface + colour, and the whole frame (tracking included); whether the compared carvings agreed voxel for
/// voxel; and the machine.
/// </summary>
public sealed record MeshTiming(double? ReferenceCarveMs, int ComparedMeshes, double? IlgpuCpuCarveMs, double? KernelOverReference, double? DeviceCarveMs,
    double? SurfaceAndColourMs, double? FrameMs, bool IdenticalOccupancy, string Machine);
