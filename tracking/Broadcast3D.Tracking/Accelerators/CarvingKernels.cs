using Broadcast3D.Tracking.Meshes;
using ILGPU;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// The ILGPU visual-hull kernel: one thread per voxel, each running <see cref="VoxelCarving.Classify"/> (the maths
/// the C# reference runs) over the cameras and concatenated person masks in device memory. Static, array views
/// only, no allocation.
/// </summary>
internal static class CarvingKernels
{
    /// <summary>Writes voxel <paramref name="voxel"/>'s occupancy (1 kept, 0 carved away).</summary>
    public static void Carve(Index1D voxel, ArrayView<CarveCamera> cameras, ArrayView<byte> masks, ArrayView<byte> occupancy, CarveGrid grid)
    {
        var c = new ReadOnlyViewElements<CarveCamera>(cameras);
        var m = new ReadOnlyViewElements<byte>(masks);
        occupancy[voxel] = VoxelCarving.Classify(voxel, grid, c, m);
    }
}
