using Broadcast3D.Gpu;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Gpu;

/// <summary>
/// Host of the GPU triangulation kernel (<c>shaders/triangulate.comp</c>): the same algorithm as
/// <see cref="Triangulator"/> (likelihood-weighted DLT, Pose2Sim camera exclusion, mean pinhole reprojection error)
/// on a whole <see cref="TriangulationBatch"/> at once, in float, one GPU invocation per keypoint. Results equal the
/// double CPU reference within 1e-4 m except where float rounding flips a threshold or tie decision (a
/// configuration within float noise of 15 px, or two configurations within float noise of each other).
/// Each invocation solves at most <see cref="ConfigurationBudget"/> configurations; a point whose exclusion search
/// needs more (many cameras, several bad views) is finished by the CPU <see cref="Triangulator"/> and counted in
/// <see cref="LastCpuFallbackPoints"/>. The budget exists because llvmpipe stops every loop of an invocation after
/// 65 535 iterations in total (Mesa's LP_MAX_TGSI_LOOP_ITERATIONS), silently truncating the search, and because a
/// GPU watchdog kills kernels that run too long.
/// Buffers are sized at construction for <c>maxPoints</c> points of <c>cameras</c> cameras and reused; nothing is
/// allocated per call. Owned by the device's thread, like the device.
/// </summary>
public sealed class GpuTriangulator : IDisposable
{
    /// <summary>Most cameras the kernel handles (its exclusion masks are 32-bit).</summary>
    public const int MaxCameras = 32;

    private const int GroupSize = 64; // local_size_x of the kernel

    // Error value the kernel writes for a point whose search exceeded the budget.
    private const float IncompleteMarker = -2f;

    // llvmpipe's cap on loop iterations per invocation, all loops together.
    private const int SoftwareLoopIterationCap = 65535;

    // Hardware default: every configuration of a 16-camera exhaustive search (2^16).
    private const int HardwareConfigurationBudget = 1 << 16;

    private readonly GpuDevice _device;
    private readonly TriangulationSettings _settings;
    private readonly Triangulator _cpu;
    private readonly GpuProgram _kernel;
    private readonly GpuBuffer _observations, _projections, _points, _errors, _counts, _masks;
    private readonly float[] _observationStaging, _projectionStaging, _pointStaging, _errorStaging;
    private readonly int[] _countStaging;
    private readonly uint[] _maskStaging;

    /// <summary>Compiles the kernel and allocates buffers for up to <paramref name="maxPoints"/> points × <paramref name="cameras"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More than <see cref="MaxCameras"/> cameras, or too many points for one dispatch.</exception>
    public GpuTriangulator(GpuDevice device, TriangulationSettings settings, int maxPoints, int cameras)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(cameras, 2);
        if (cameras > MaxCameras)
            throw new ArgumentOutOfRangeException(nameof(cameras), $"the GPU kernel handles up to {MaxCameras} cameras, got {cameras}; use the CPU Triangulator");
        long maxGroups = device.Info.MaxComputeWorkGroupCountX;
        if (maxPoints < 1 || maxPoints > maxGroups * GroupSize)
            throw new ArgumentOutOfRangeException(nameof(maxPoints), $"{maxPoints} points is outside 1..{maxGroups * GroupSize} (one dispatch)");
        _device = device;
        _settings = settings;
        _cpu = new Triangulator(settings);
        Cameras = cameras;
        // Loop iterations per configuration: the camera loops of the solve and of the error (2n), up to MaxSweeps
        // Jacobi sweeps (30), the combination step (≤ n) and the search loop (1); 10 % margin for the rest.
        ConfigurationBudget = device.Info.IsSoftware
            ? (int)(SoftwareLoopIterationCap * 0.9 / ((3 * cameras) + 31))
            : HardwareConfigurationBudget;
        Capacity = maxPoints;
        _kernel = device.CreateComputeProgram("triangulate.comp");
        _observationStaging = new float[maxPoints * cameras * 3];
        _projectionStaging = new float[cameras * 12];
        _pointStaging = new float[maxPoints * 3];
        _errorStaging = new float[maxPoints];
        _countStaging = new int[maxPoints];
        _maskStaging = new uint[maxPoints * 2];
        _observations = device.CreateBuffer(new BufferDescription(_observationStaging.Length * sizeof(float), BufferUsage.Dynamic));
        _projections = device.CreateBuffer(new BufferDescription(_projectionStaging.Length * sizeof(float), BufferUsage.Dynamic));
        _points = device.CreateBuffer(new BufferDescription(_pointStaging.Length * sizeof(float), BufferUsage.Readback));
        _errors = device.CreateBuffer(new BufferDescription(maxPoints * sizeof(float), BufferUsage.Readback));
        _counts = device.CreateBuffer(new BufferDescription(maxPoints * sizeof(int), BufferUsage.Readback));
        _masks = device.CreateBuffer(new BufferDescription(maxPoints * 2 * sizeof(uint), BufferUsage.Readback));
    }

    /// <summary>Cameras per point this instance was built for.</summary>
    public int Cameras { get; }

    /// <summary>Most points per <see cref="Solve"/>.</summary>
    public int Capacity { get; }

    /// <summary>Most DLT configurations one GPU invocation solves before handing its point to the CPU.</summary>
    public int ConfigurationBudget { get; }

    /// <summary>Points of the last <see cref="Solve"/> that ran out of the budget and were solved on the CPU.</summary>
    public int LastCpuFallbackPoints { get; private set; }

    /// <summary>
    /// Solves every point of <paramref name="batch"/> and writes its outputs (layout of <see cref="TriangulationBatch"/>;
    /// failed points get NaN position and error, as on the CPU). Waits for the GPU.
    /// </summary>
    /// <exception cref="ArgumentException">The batch's cameras differ, it exceeds the capacity, or projections are short.</exception>
    public void Solve(TriangulationBatch batch, ReadOnlySpan<double> projections)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Cameras != Cameras)
            throw new ArgumentException($"the batch has {batch.Cameras} cameras, this triangulator was built for {Cameras}", nameof(batch));
        if (batch.PointCount > Capacity)
            throw new ArgumentException($"the batch has {batch.PointCount} points, the capacity is {Capacity}", nameof(batch));
        if (projections.Length < Cameras * 12)
            throw new ArgumentException($"{Cameras} cameras need {Cameras * 12} projection values, got {projections.Length}", nameof(projections));
        SolveCore(batch, projections);
    }

    private void SolveCore(TriangulationBatch batch, ReadOnlySpan<double> projections)
    {
        int points = batch.PointCount;
        int values = points * Cameras * 3;
        double[] obs = batch.Observations;
        for (int i = 0; i < values; i += 3)
        {
            double x = obs[i], y = obs[i + 1];
            bool finite = double.IsFinite(x) && double.IsFinite(y) && double.IsFinite(obs[i + 2]);
            _observationStaging[i] = finite ? (float)x : 0f;
            _observationStaging[i + 1] = finite ? (float)y : 0f;
            _observationStaging[i + 2] = finite ? (float)obs[i + 2] : 0f;
        }
        for (int i = 0; i < Cameras * 12; i++)
            _projectionStaging[i] = (float)projections[i];
        _observations.Update<float>(_observationStaging.AsSpan(0, values));
        _projections.Update<float>(_projectionStaging);

        _kernel.SetUInt("pointCount", (uint)points);
        _kernel.SetInt("cameraCount", Cameras);
        _kernel.SetFloat("likelihoodThreshold", (float)_settings.LikelihoodThreshold);
        _kernel.SetFloat("reprojectionThreshold", (float)_settings.ReprojectionThresholdPixels);
        _kernel.SetInt("minCameras", _settings.MinCameras);
        _kernel.SetInt("boundedSearch", _settings.Search == ExclusionSearch.Bounded ? 1 : 0);
        _kernel.SetInt("configurationBudget", ConfigurationBudget);
        _device.BindStorageBuffer(0, _observations);
        _device.BindStorageBuffer(1, _projections);
        _device.BindStorageBuffer(2, _points);
        _device.BindStorageBuffer(3, _errors);
        _device.BindStorageBuffer(4, _counts);
        _device.BindStorageBuffer(5, _masks);
        _device.Dispatch(_kernel, (points + GroupSize - 1) / GroupSize);

        _points.Read<float>(_pointStaging.AsSpan(0, points * 3));
        _errors.Read<float>(_errorStaging.AsSpan(0, points));
        _counts.Read<int>(_countStaging.AsSpan(0, points));
        _masks.Read<uint>(_maskStaging.AsSpan(0, points * 2));
        int fallbacks = 0;
        int stride = Cameras * 3;
        for (int p = 0; p < points; p++)
        {
            if (_errorStaging[p] == IncompleteMarker)
            {
                PointSolution s = _cpu.SolvePoint(obs.AsSpan(p * stride, stride), projections, Cameras);
                batch.Points[p * 3] = s.X;
                batch.Points[(p * 3) + 1] = s.Y;
                batch.Points[(p * 3) + 2] = s.Z;
                batch.ReprojectionErrors[p] = s.ErrorPixels;
                batch.ExcludedCounts[p] = s.ExcludedCount;
                batch.ExcludedMasks[p] = s.ExcludedMask;
                fallbacks++;
                continue;
            }
            bool ok = _errorStaging[p] >= 0;
            for (int axis = 0; axis < 3; axis++)
                batch.Points[(p * 3) + axis] = ok ? _pointStaging[(p * 3) + axis] : double.NaN;
            batch.ReprojectionErrors[p] = ok ? _errorStaging[p] : double.NaN;
            batch.ExcludedCounts[p] = _countStaging[p];
            batch.ExcludedMasks[p] = _maskStaging[p * 2] | ((ulong)_maskStaging[(p * 2) + 1] << 32);
        }
        LastCpuFallbackPoints = fallbacks;
    }

    public void Dispose()
    {
        _kernel.Dispose();
        _observations.Dispose();
        _projections.Dispose();
        _points.Dispose();
        _errors.Dispose();
        _counts.Dispose();
        _masks.Dispose();
    }
}
