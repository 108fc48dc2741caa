using BenchmarkDotNet.Attributes;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Triangulation throughput of the ILGPU kernel (copy in, kernel, copy out included) against the plain C#
/// reference (baseline, one thread), all running the same <see cref="PointTriangulation"/> maths, the kernel in
/// double and in float (its agreement with the reference is <c>IlgpuTriangulatorTests</c>' job):
/// on the Balancing trial (4 cameras, 100 frames × 21 markers) and on 8/16/32-camera synthetic rings
/// (<see cref="SyntheticBatch"/>: 1 px noise, 4 % gross outliers, 5 % low likelihoods; 5 frames × 2 people × 17
/// keypoints, the exhaustive Pose2Sim search). Without a GPU only ILGPU's CPU accelerator runs, which emulates GPU
/// threads with OS threads: the Ratio column says what that costs. CUDA/OpenCL rows appear only where
/// <c>b3d doctor</c> lists such a device. Allocated must read 0 B for all: buffers are reused.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRunConfig))]
public class TriangulationKernelBenchmark
{
    private Triangulator _reference = null!;
    private IlgpuTriangulator<double> _kernel = null!;
    private IlgpuTriangulator<float> _float = null!;
    private TriangulationBatch _batch = null!;
    private double[] _projections = null!;

    [Params("Balancing", "ring-8", "ring-16", "ring-32")]
    public string Rig { get; set; } = "Balancing";

    [GlobalSetup]
    public void Setup()
    {
        if (Rig == "Balancing")
        {
            Core.Cameras.CameraRig calibration = CalibrationToml.Read(SharedAssets.CalibrationToml);
            int[] ids = [.. SkeletonCatalog.Pose2SimBody25BMarkers.Select(SkeletonCatalog.Body25B.Require)];
            _batch = OpenPoseJson.ReadBatch(Path.Combine(SharedAssets.BalancingTrial, "pose-associated"), calibration.Count, ids, 0);
            _projections = new double[12 * calibration.Count];
            calibration.CopyProjectionMatrices(_projections);
        }
        else
        {
            int cameras = int.Parse(Rig.AsSpan("ring-".Length), System.Globalization.CultureInfo.InvariantCulture);
            (_batch, _projections) = SyntheticBatch.Create(cameras, frames: 5, people: 2, keypoints: 17, seed: cameras);
        }

        var settings = new TriangulationSettings();
        _reference = new Triangulator(settings);
        _kernel = IlgpuTriangulator<double>.Create(TrackingAccelerator.Cpu, settings, _batch.PointCount, _batch.Cameras);
        _float = IlgpuTriangulator<float>.Create(TrackingAccelerator.CpuFloat, settings, _batch.PointCount, _batch.Cameras);
    }

    [Benchmark(Baseline = true, Description = "reference (C#, 1 thread)")]
    public void Reference() => _reference.Solve(_batch, _projections);

    [Benchmark(Description = "ILGPU CPU accelerator")]
    public void IlgpuCpu() => _kernel.Solve(_batch, _projections);

    [Benchmark(Description = "ILGPU CPU accelerator, float")]
    public void IlgpuCpuFloat() => _float.Solve(_batch, _projections);

    [GlobalCleanup]
    public void Cleanup()
    {
        _kernel.Dispose();
        _float.Dispose();
    }
}
