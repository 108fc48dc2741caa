using Broadcast3D.Core.Frames;
using BenchmarkDotNet.Attributes;
using Broadcast3D.Core.Assets;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// The same 4 BlazePose crops (one per camera, preprocessing included) as 4 single-crop runs vs one batch of 4.
/// Conclusion to read: on the CPU batching saves the per-run overhead only; the win is expected on a GPU.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class PoseBatchingBenchmarks
{
    private BlazePoseEstimator _estimator = null!;
    private ImagePlanes[] _frames = null!;
    private PoseRequest[] _requests = null!;
    private readonly Keypoint[] _keypoints = new Keypoint[4 * 33];
    private readonly PoseEstimate[] _estimates = new PoseEstimate[4];

    [Params("blazepose_landmark_lite.onnx", "blazepose_landmark_full.onnx")]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _frames = BalancingFrames.Read(4);
        _estimator = new BlazePoseEstimator(AssetLocator.RequireModel(Model), BalancingFrames.Cpu, 4);
        _requests = [.. Enumerable.Range(0, 4).Select(c => new PoseRequest(c, new PoseRegion(520, 800, 1050, 0)))];
    }

    [Benchmark(Baseline = true, Description = "4 crops, batch 1 ×4")]
    public void OneByOne()
    {
        for (int i = 0; i < 4; i++)
            _estimator.Estimate(_frames, _requests.AsSpan(i, 1), _keypoints.AsSpan(i * 33, 33), _estimates.AsSpan(i, 1));
    }

    [Benchmark(Description = "4 crops, one batch of 4")]
    public void Batched() => _estimator.Estimate(_frames, _requests, _keypoints, _estimates);

    [GlobalCleanup]
    public void Cleanup() => _estimator.Dispose();
}
