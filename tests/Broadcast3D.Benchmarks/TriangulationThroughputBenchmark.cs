using BenchmarkDotNet.Attributes;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Keypoint solves per second of the CPU triangulator for 4, 8 and 16 cameras: one invocation solves a batch of
/// 60 frames × 21 keypoints (one second of a Pose2Sim BODY_25B capture), reported per keypoint
/// (<c>OperationsPerInvoke</c>), so keypoint-solves/s = 1 / Mean. Baseline: the exact (Pose2Sim) exhaustive
/// search; the bounded search is the live mode. Allocated must read 0 B: the steady state allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class TriangulationThroughputBenchmark
{
    private const int Frames = 60;
    private const int Keypoints = 21;
    private const int Points = Frames * Keypoints;

    private readonly Triangulator _exhaustive = new(new TriangulationSettings());
    private readonly Triangulator _bounded = new(new TriangulationSettings { Search = ExclusionSearch.Bounded });
    private TriangulationBatch _batch = null!;
    private double[] _projections = null!;

    [Params(4, 8, 16)]
    public int Cameras { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (var calibration, _projections) = BenchmarkRig.Create(Cameras);
        _batch = BenchmarkRig.Observe(calibration, Frames, Keypoints, seed: Cameras);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public void Exhaustive() => _exhaustive.Solve(_batch, _projections);

    [Benchmark(OperationsPerInvoke = Points)]
    public void Bounded() => _bounded.Solve(_batch, _projections);
}
