using System.Numerics;
using System.Runtime.InteropServices;
using Broadcast3D.Tracking.Triangulation;
using ILGPU;
using ILGPU.Runtime;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// Host of the ILGPU triangulation kernel (<see cref="TriangulationKernels"/>): the same maths as
/// <see cref="Triangulator"/> (<see cref="PointTriangulation"/>), in the precision <typeparamref name="T"/>, one kernel
/// thread per keypoint over a whole <see cref="TriangulationBatch"/>. Device buffers are allocated once at
/// construction for <c>maxPoints</c> points of <c>cameras</c> cameras and reused; a <see cref="Solve"/> copies the
/// observations in, runs the kernel, waits, and copies the results out, allocating nothing itself (ILGPU's CPU
/// accelerator spends about 1–2 KB per launch on its thread hand-off; docs/ilgpu.md). In float the observations and
/// projections are rounded to float on the host (into arrays made once) and the results widened back to double, so
/// the device reads and computes no double at all. Not thread-safe: one caller at a time, like the device, though
/// not necessarily the thread that created it.
/// </summary>
/// <typeparam name="T">
/// double (matches the reference within 1e-9 m) or float (within 2e-6 m on the measured rigs, for GPUs whose double
/// throughput is a small fraction of their float throughput; docs/ilgpu.md).
/// </typeparam>
public sealed class IlgpuTriangulator<T> : IBatchTriangulator, IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IlgpuDevice _device;
    private readonly bool _ownsDevice;
    private readonly TriangulationParameters<T> _parameters;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _observations, _projections, _points, _errors, _scratch;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _counts, _combinations;
    private readonly MemoryBuffer1D<ulong, Stride1D.Dense> _masks;
    private readonly Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<int>, ArrayView<ulong>, ArrayView<T>, ArrayView<int>, int, TriangulationParameters<T>> _kernel;

    // Host copies in T of what crosses to the device, used only when T is not double (empty otherwise).
    private readonly T[] _observationsHost, _projectionsHost, _pointsHost, _errorsHost;

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
        _parameters = TriangulationParameters<T>.From(settings);
        _device = device;
        _ownsDevice = ownsDevice;
        Cameras = cameras;
        Capacity = maxPoints;
        Accelerator accelerator = device.Accelerator;
        _kernel = accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
            ArrayView<int>, ArrayView<ulong>, ArrayView<T>, ArrayView<int>, int, TriangulationParameters<T>>(TriangulationKernels.Triangulate);
        _observations = accelerator.Allocate1D<T>(checked((long)maxPoints * cameras * 3));
        _projections = accelerator.Allocate1D<T>(cameras * 12);
        _points = accelerator.Allocate1D<T>(maxPoints * 3L);
        _errors = accelerator.Allocate1D<T>(maxPoints);
        _counts = accelerator.Allocate1D<int>(maxPoints);
        _masks = accelerator.Allocate1D<ulong>(maxPoints);
        _scratch = accelerator.Allocate1D<T>((long)maxPoints * WeightedDlt.ScratchLength);
        _combinations = accelerator.Allocate1D<int>((long)maxPoints * cameras);
        bool convert = typeof(T) != typeof(double);
        _observationsHost = convert ? new T[maxPoints * cameras * 3] : [];
        _projectionsHost = convert ? new T[cameras * 12] : [];
        _pointsHost = convert ? new T[maxPoints * 3] : [];
        _errorsHost = convert ? new T[maxPoints] : [];
    }

    /// <summary>The accelerator the kernel runs on.</summary>
    public IlgpuDevice Device => _device;

    /// <inheritdoc />
    public string Description => $"ILGPU {TrackingAccelerators.Name(_device.Kind)} accelerator ({_device.Name}), {PrecisionName} precision";

    /// <summary>"double" or "single": the precision the kernel computes in.</summary>
    public static string PrecisionName => typeof(T) == typeof(double) ? "double" : typeof(T) == typeof(float) ? "single" : typeof(T).Name;

    /// <summary>Cameras per point this instance was built for.</summary>
    public int Cameras { get; }

    /// <summary>Most points per <see cref="Solve"/>.</summary>
    public int Capacity { get; }

    /// <summary>Opens a device of <paramref name="kind"/> owned by the returned triangulator (disposed with it).</summary>
    /// <exception cref="ArgumentException">No such device; see <see cref="IlgpuDevice.Open"/>.</exception>
    public static IlgpuTriangulator<T> Create(TrackingAccelerator kind, TriangulationSettings settings, int maxPoints, int cameras)
    {
        IlgpuDevice device = IlgpuDevice.Open(kind);
        try
        {
            return new IlgpuTriangulator<T>(device, ownsDevice: true, settings, maxPoints, cameras);
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
        _observations.View.SubView(0, (long)points * Cameras * 3).CopyFromCPU(stream, ToT(batch.Observations.AsSpan(0, points * Cameras * 3), _observationsHost));
        _projections.View.CopyFromCPU(stream, ToT(projections, _projectionsHost));
        _kernel(stream, points, _observations.View, _projections.View, _points.View, _errors.View, _counts.View, _masks.View,
            _scratch.View, _combinations.View, Cameras, _parameters);
        Span<double> outPoints = batch.Points.AsSpan(0, points * 3), outErrors = batch.ReprojectionErrors.AsSpan(0, points);
        _points.View.SubView(0, points * 3L).CopyToCPU(stream, Destination(outPoints, _pointsHost));
        _errors.View.SubView(0, points).CopyToCPU(stream, Destination(outErrors, _errorsHost));
        _counts.View.SubView(0, points).CopyToCPU(stream, batch.ExcludedCounts.AsSpan(0, points));
        _masks.View.SubView(0, points).CopyToCPU(stream, batch.ExcludedMasks.AsSpan(0, points));
        stream.Synchronize();
        Widen(_pointsHost, outPoints);
        Widen(_errorsHost, outErrors);
    }

    // The values as T: the source itself in double (the JIT removes the other branch), else rounded into `host`.
    private static ReadOnlySpan<T> ToT(ReadOnlySpan<double> source, T[] host)
    {
        if (typeof(T) == typeof(double))
        {
            return MemoryMarshal.Cast<double, T>(source);
        }

        Span<T> converted = host.AsSpan(0, source.Length);
        for (int i = 0; i < source.Length; i++)
        {
            converted[i] = T.CreateTruncating(source[i]);
        }

        return converted;
    }

    // Where the device's results land: the batch itself in double, else the host copy that Widen reads.
    private static Span<T> Destination(Span<double> batch, T[] host) =>
        typeof(T) == typeof(double) ? MemoryMarshal.Cast<double, T>(batch) : host.AsSpan(0, batch.Length);

    private static void Widen(T[] host, Span<double> batch)
    {
        if (typeof(T) == typeof(double))
        {
            return;
        }

        for (int i = 0; i < batch.Length; i++)
        {
            batch[i] = double.CreateTruncating(host[i]);
        }
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
