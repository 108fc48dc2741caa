using Broadcast3D.Core.Frames;
using BenchmarkDotNet.Attributes;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Latency of one frame set through RTMDet + BlazePose full on 1 and 4 cameras (frame 10 of the Balancing trial:
/// 2, 2, 1, 1 people), detecting every frame (k = 1) or every 5th (k = 5, tracking between). Throughput is
/// cameras / mean; crops/s is (people + new-person second passes) / mean. Conclusion to read: frames/s per core
/// budget, and how much k saves.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class Pose2DPipelineBenchmarks
{
    private Pose2DPipeline _pipeline = null!;
    private ImagePlanes[] _frames = null!;

    [Params(1, 4)]
    public int Cameras { get; set; }

    [Params(1, 5)]
    public int DetectEvery { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frames = BalancingFrames.Read(Cameras);
        _pipeline = new Pose2DPipeline(
            ModelCatalog.CreateDetector(ModelCatalog.Resolve("rtmdet"), BalancingFrames.Cpu),
            ModelCatalog.CreateEstimator(ModelCatalog.Resolve("blazepose-full"), BalancingFrames.Cpu),
            Cameras, new Pose2DOptions(DetectEvery));
        // Settle the tracks so the measured sets are steady-state (no new-person second pass).
        for (int i = 0; i < 3; i++)
            _pipeline.Process(_frames);
    }

    [Benchmark(Description = "Process one frame set")]
    public int Process() => _pipeline.Process(_frames).Count;

    [GlobalCleanup]
    public void Cleanup() => _pipeline.Dispose();
}
