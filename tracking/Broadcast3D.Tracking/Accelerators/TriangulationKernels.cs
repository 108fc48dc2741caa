using System.Numerics;
using Broadcast3D.Tracking.Triangulation;
using ILGPU;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// The ILGPU triangulation kernel: one thread per keypoint, each running <see cref="PointTriangulation.Solve"/>
/// (the maths <see cref="Triangulator"/> runs on the CPU) over the batch layout of <see cref="TriangulationBatch"/>
/// in device memory, in the precision <c>T</c> (double, or float for GPUs without fast double: the same maths,
/// instantiated by ILGPU for the element type). Kernel rules: static, array views only, no allocation. Each
/// thread's scratch (the DLT's 36 elements, the exclusion search's 64 ints) is its slice of buffers the host
/// allocated once, not <c>LocalMemory</c>: ILGPU's CPU accelerator allocates local memory as managed arrays on
/// every launch (about 400 B per point measured), while on a GPU both end up in the same off-chip memory.
/// </summary>
internal static class TriangulationKernels
{
    /// <summary>Solves point <paramref name="point"/>; outputs follow <see cref="TriangulationBatch"/>'s layout.</summary>
    public static void Triangulate<T>(
        Index1D point,
        ArrayView<T> observations,
        ArrayView<T> projections,
        ArrayView<T> points,
        ArrayView<T> errors,
        ArrayView<int> excludedCounts,
        ArrayView<ulong> excludedMasks,
        ArrayView<T> scratchElements,
        ArrayView<int> scratchInts,
        int cameras,
        TriangulationParameters<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scratch = new ViewElements<T>(scratchElements.SubView(point * WeightedDlt.ScratchLength, WeightedDlt.ScratchLength));
        var combination = new ViewElements<int>(scratchInts.SubView(point * cameras, cameras));
        PointSolution<T> s = PointTriangulation.Solve(
            new ReadOnlyViewElements<T>(observations), point * cameras * 3, new ReadOnlyViewElements<T>(projections), cameras, parameters, ref scratch, ref combination);
        points[(point * 3) + 0] = s.X;
        points[(point * 3) + 1] = s.Y;
        points[(point * 3) + 2] = s.Z;
        errors[point] = s.ErrorPixels;
        excludedCounts[point] = s.ExcludedCount;
        excludedMasks[point] = s.ExcludedMask;
    }
}
