using Broadcast3D.Tracking.Triangulation;
using ILGPU;
using ILGPU.Runtime;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// Host of the ILGPU triangulation kernel (<see cref="TriangulationKernels"/>): the same maths as
/// <see cref="Triangulator"/> (<see cref="PointTriangulation"/>), in double precision, one kernel thread per
/// keypoint over a whole <see cref="TriangulationBatch"/>. Device buffers are allocated once at construction for
/// <c>maxPoints</c> points of <c>cameras</c> cameras and reused; a <see cref="Solve"/> copies the observations in,
/// runs the kernel, waits, and copies the results out, allocating nothing itself (ILGPU's CPU accelerator spends
/// about 1–2 KB per launch on its thread hand-off; docs/ilgpu.md). Not thread-safe: one caller at a time, like the
/// device, though not necessarily the thread that created it.
/// </summary>
public sealed class IlgpuTriangulator : IBatchTriangulator, IDisposable
{
    private readonly IlgpuDevice _device;
    private readonly bool _ownsDevice;
    private readonly TriangulationParameters _parameters;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _observations, _projections, _points, _errors, _scratch;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _counts, _combinations;
    private readonly MemoryBuffer1D<ulong, Stride1D.Dense> _masks;
    private readonly Action<AcceleratorStream, Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
        ArrayView<int>, ArrayView<ulong>, ArrayView<double>, ArrayView<int>, int, TriangulationParameters> _kernel;

    /// <summary>Compiles the kernel on <paramref name="device"/> (borrowed, not disposed) and allocates its buffers.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 or more than 64 cameras, or fewer than 1 point.</exception>
    public IlgpuTriangulator(IlgpuDevice device, TriangulationSettings settings, int maxPoints, int cameras)
        : this(device, ownsDevice: false, settings, maxPoints, cameras)
    {
    }

    private IlgpuTriangulator(IlgpuDevice device, bool ownsDevice, TriangulationSettings settings, int maxPoints, int cameras)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(cameras, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cameras, TriangulationBatch.MaxCameras);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        _parameters = TriangulationParameters.From(settings);
        _device = device;
        _ownsDevice = ownsDevice;
        Cameras = cameras;
        Capacity = maxPoints;
        Accelerator accelerator = device.Accelerator;
        _kernel = accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
            ArrayView<int>, ArrayView<ulong>, ArrayView<double>, ArrayView<int>, int, TriangulationParameters>(TriangulationKernels.Triangulate);
        _observations = accelerator.Allocate1D<double>(checked((long)maxPoints * cameras * 3));
        _projections = accelerator.Allocate1D<double>(cameras * 12);
        _points = accelerator.Allocate1D<double>(maxPoints * 3L);
        _errors = accelerator.Allocate1D<double>(maxPoints);
        _counts = accelerator.Allocate1D<int>(maxPoints);
        _masks = accelerator.Allocate1D<ulong>(maxPoints);
        _scratch = accelerator.Allocate1D<double>((long)maxPoints * WeightedDlt.ScratchLength);
        _combinations = accelerator.Allocate1D<int>((long)maxPoints * cameras);
    }

    /// <summary>The accelerator the kernel runs on.</summary>
    public IlgpuDevice Device => _device;

    /// <inheritdoc />
    public string Description => $"ILGPU {TrackingAccelerators.Name(_device.Kind)} accelerator ({_device.Name}), double precision";

    /// <summary>Cameras per point this instance was built for.</summary>
    public int Cameras { get; }

    /// <summary>Most points per <see cref="Solve"/>.</summary>
    public int Capacity { get; }

    /// <summary>Opens a device of <paramref name="kind"/> owned by the returned triangulator (disposed with it).</summary>
    /// <exception cref="ArgumentException">No such device; see <see cref="IlgpuDevice.Open"/>.</exception>
    public static IlgpuTriangulator Create(TrackingAccelerator kind, TriangulationSettings settings, int maxPoints, int cameras)
    {
        IlgpuDevice device = IlgpuDevice.Open(kind);
        try
        {
            return new IlgpuTriangulator(device, ownsDevice: true, settings, maxPoints, cameras);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Solves every point of <paramref name="batch"/> and writes its outputs (layout of <see cref="TriangulationBatch"/>;
    /// failed points get NaN position and error, as the reference). Waits for the device.
    /// </summary>
    /// <exception cref="ArgumentException">The batch's cameras differ, it exceeds the capacity, or projections are short.</exception>
    public void Solve(TriangulationBatch batch, ReadOnlySpan<double> projections)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Cameras != Cameras)
        {
            throw new ArgumentException($"The batch has {batch.Cameras} cameras; this triangulator was built for {Cameras}.", nameof(batch));
        }

        if (batch.PointCount > Capacity)
        {
            throw new ArgumentException($"The batch has {batch.PointCount} points; the capacity is {Capacity}.", nameof(batch));
        }

        if (projections.Length < Cameras * 12)
        {
            throw new ArgumentException($"{Cameras} cameras need {Cameras * 12} projection values (3×4 per camera), got {projections.Length}.", nameof(projections));
        }

        SolveCore(batch, projections[..(Cameras * 12)]);
    }

    private void SolveCore(TriangulationBatch batch, ReadOnlySpan<double> projections)
    {
        int points = batch.PointCount;

        // A CUDA context is current per thread; the live tracker is built on one thread and runs on another.
        _device.Accelerator.Bind();
        AcceleratorStream stream = _device.Accelerator.DefaultStream;
        _observations.View.SubView(0, (long)points * Cameras * 3).CopyFromCPU(stream, batch.Observations.AsSpan(0, points * Cameras * 3));
        _projections.View.CopyFromCPU(stream, projections);
        _kernel(stream, points, _observations.View, _projections.View, _points.View, _errors.View, _counts.View, _masks.View,
            _scratch.View, _combinations.View, Cameras, _parameters);
        _points.View.SubView(0, points * 3L).CopyToCPU(stream, batch.Points.AsSpan(0, points * 3));
        _errors.View.SubView(0, points).CopyToCPU(stream, batch.ReprojectionErrors.AsSpan(0, points));
        _counts.View.SubView(0, points).CopyToCPU(stream, batch.ExcludedCounts.AsSpan(0, points));
        _masks.View.SubView(0, points).CopyToCPU(stream, batch.ExcludedMasks.AsSpan(0, points));
        stream.Synchronize();
    }

    public void Dispose()
    {
        _observations.Dispose();
        _projections.Dispose();
        _points.Dispose();
        _errors.Dispose();
        _counts.Dispose();
        _masks.Dispose();
        _scratch.Dispose();
        _combinations.Dispose();
        if (_ownsDevice)
        {
            _device.Dispose();
        }
    }
}
