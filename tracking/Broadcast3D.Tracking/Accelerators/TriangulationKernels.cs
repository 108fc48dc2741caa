using Broadcast3D.Tracking.Triangulation;
using ILGPU;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// The ILGPU triangulation kernel: one thread per keypoint, each running <see cref="PointTriangulation.Solve"/>
/// (the maths <see cref="Triangulator"/> runs on the CPU) over the batch layout of <see cref="TriangulationBatch"/>
/// in device memory, in double precision. Kernel rules: static, array views only, no allocation. Each thread's
/// scratch (the DLT's 36 doubles, the exclusion search's 64 ints) is its slice of buffers the host allocated
/// once, not <c>LocalMemory</c>: ILGPU's CPU accelerator allocates local memory as managed arrays on every launch
/// (about 400 B per point measured), while on a GPU both end up in the same off-chip memory.
/// </summary>
internal static class TriangulationKernels
{
    /// <summary>Solves point <paramref name="point"/>; outputs follow <see cref="TriangulationBatch"/>'s layout.</summary>
    public static void Triangulate(
        Index1D point,
        ArrayView<double> observations,
        ArrayView<double> projections,
        ArrayView<double> points,
        ArrayView<double> errors,
        ArrayView<int> excludedCounts,
        ArrayView<ulong> excludedMasks,
        ArrayView<double> scratchDoubles,
        ArrayView<int> scratchInts,
        int cameras,
        TriangulationParameters parameters)
    {
        var scratch = new ViewElements<double>(scratchDoubles.SubView(point * WeightedDlt.ScratchLength, WeightedDlt.ScratchLength));
        var combination = new ViewElements<int>(scratchInts.SubView(point * cameras, cameras));
        PointSolution s = PointTriangulation.Solve(
            new ReadOnlyViewElements<double>(observations), point * cameras * 3, new ReadOnlyViewElements<double>(projections), cameras, parameters, ref scratch, ref combination);
        points[(point * 3) + 0] = s.X;
        points[(point * 3) + 1] = s.Y;
        points[(point * 3) + 2] = s.Z;
        errors[point] = s.ErrorPixels;
        excludedCounts[point] = s.ExcludedCount;
        excludedMasks[point] = s.ExcludedMask;
    }
}
