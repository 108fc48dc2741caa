using Broadcast3D.Tracking.Accelerators;
using ILGPU;
using ILGPU.Runtime;

namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// Runs the visual-hull carving (<see cref="VoxelCarving"/>) over a whole grid: the plain C# reference loop for
/// <see cref="TrackingAccelerator.Reference"/>, else the ILGPU kernel (<c>CarvingKernels</c>) on a device of the
/// resolved kind. Both classify every voxel with the same function, so their occupancies are identical on the CPU
/// accelerator. Device buffers grow to the largest grid seen and are then reused. Not thread-safe: one caller at a
/// time. Dispose to free the device.
/// </summary>
public sealed class VoxelCarver : IDisposable
{
    private readonly IlgpuDevice? _device;
    private readonly Action<AcceleratorStream, Index1D, ArrayView<CarveCamera>, ArrayView<byte>, ArrayView<byte>, CarveGrid>? _kernel;
    private MemoryBuffer1D<CarveCamera, Stride1D.Dense>? _cameras;
    private MemoryBuffer1D<byte, Stride1D.Dense>? _masks, _occupancy;

    /// <summary>Creates the carver; an ILGPU kind opens its device and compiles the kernel here.</summary>
    /// <param name="accelerator">Already resolved (<see cref="TrackingAccelerators.Resolve"/>): not <c>auto</c>.</param>
    /// <exception cref="ArgumentException"><c>auto</c>, or no device of that kind.</exception>
    public VoxelCarver(TrackingAccelerator accelerator)
    {
        if (accelerator == TrackingAccelerator.Auto)
            throw new ArgumentException("resolve the accelerator first (TrackingAccelerators.Resolve): auto is not a device", nameof(accelerator));
        Accelerator = accelerator;
        if (accelerator == TrackingAccelerator.Reference)
            return;
        _device = IlgpuDevice.Open(accelerator);
        try
        {
            _kernel = _device.Accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<CarveCamera>, ArrayView<byte>, ArrayView<byte>, CarveGrid>(CarvingKernels.Carve);
        }
        catch
        {
            _device.Dispose();
            throw;
        }
    }

    /// <summary>Where the carving runs.</summary>
    public TrackingAccelerator Accelerator { get; }

    /// <summary>For logs and reports.</summary>
    public string Description => _device is null ? "C# reference" : $"ILGPU {TrackingAccelerators.Name(Accelerator)} accelerator ({_device.Name})";

    /// <summary>
    /// Classifies every voxel of <paramref name="grid"/> into <paramref name="occupancy"/> (1 kept, 0 carved; index
    /// i + Nx·(j + Ny·k)), from <paramref name="cameras"/> (<see cref="CarveGrid.CameraCount"/> of them) and their
    /// masks concatenated in <paramref name="masks"/>. Waits for the device.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes that disagree, named.</exception>
    public void Carve(ReadOnlySpan<CarveCamera> cameras, ReadOnlySpan<byte> masks, in CarveGrid grid, Span<byte> occupancy)
    {
        if (grid.Nx < 1 || grid.Ny < 1 || grid.Nz < 1 || !(grid.Step > 0))
            throw new ArgumentException($"grid {grid.Nx}×{grid.Ny}×{grid.Nz} at {grid.Step} m: every size and the step must be positive", nameof(grid));
        if (grid.Count > int.MaxValue)
            throw new ArgumentException($"grid of {grid.Count} voxels is too large; use a coarser voxel size", nameof(grid));
        if (cameras.Length < grid.CameraCount)
            throw new ArgumentException($"{cameras.Length} cameras for a grid carved from {grid.CameraCount}", nameof(cameras));
        if (occupancy.Length < grid.Count)
            throw new ArgumentException($"occupancy holds {occupancy.Length} voxels, the grid {grid.Count}", nameof(occupancy));
        int count = (int)grid.Count;
        if (_device is null)
        {
            var c = new ReadOnlyCarveCameraSpanElements(cameras);
            var m = new ReadOnlyByteSpanElements(masks);
            for (int voxel = 0; voxel < count; voxel++)
                occupancy[voxel] = VoxelCarving.Classify(voxel, grid, c, m);
            return;
        }

        Accelerator accelerator = _device.Accelerator;
        accelerator.Bind();
        _cameras = Fit(accelerator, _cameras, Math.Max(1, cameras.Length));
        _masks = Fit(accelerator, _masks, Math.Max(1, masks.Length));
        _occupancy = Fit(accelerator, _occupancy, count);
        AcceleratorStream stream = accelerator.DefaultStream;
        if (cameras.Length > 0)
            _cameras.View.SubView(0, cameras.Length).CopyFromCPU(stream, cameras);
        if (masks.Length > 0)
            _masks.View.SubView(0, masks.Length).CopyFromCPU(stream, masks);
        _kernel!(stream, count, _cameras.View, _masks.View, _occupancy.View, grid);
        _occupancy.View.SubView(0, count).CopyToCPU(stream, occupancy[..count]);
        stream.Synchronize();
    }

    public void Dispose()
    {
        _cameras?.Dispose();
        _masks?.Dispose();
        _occupancy?.Dispose();
        _device?.Dispose();
    }

    private static MemoryBuffer1D<T, Stride1D.Dense> Fit<T>(Accelerator accelerator, MemoryBuffer1D<T, Stride1D.Dense>? buffer, long length)
        where T : unmanaged
    {
        if (buffer is not null && buffer.Length >= length)
            return buffer;
        buffer?.Dispose();
        return accelerator.Allocate1D<T>(length);
    }
}
