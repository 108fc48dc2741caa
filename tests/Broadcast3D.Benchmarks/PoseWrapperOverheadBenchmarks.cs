using Broadcast3D.Core.Frames;
using BenchmarkDotNet.Attributes;
using Broadcast3D.Core.Assets;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;
using Microsoft.ML.OnnxRuntime;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Our pooled <see cref="BatchBinding"/> run vs a bare <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/>
/// on the very same input and output OrtValues (BlazePose full, 4 crops filled once). Conclusion to read from the
/// ratio column: the wrapper must cost ≤ 5 % over the bare call and allocate nothing per run.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class PoseWrapperOverheadBenchmarks
{
    private const int Crops = 4;
    private BlazePoseEstimator _estimator = null!;
    private InferenceSession _session = null!;
    private RunOptions _runOptions = null!;
    private OrtValue[] _inputs = null!;
    private OrtValue[] _outputs = null!;
    private readonly string[] _inputNames = ["input_1"];
    private readonly string[] _outputNames = ["ld_3d", "output_poseflag"];

    [GlobalSetup]
    public void Setup()
    {
        ImagePlanes[] frames = BalancingFrames.Read(1);
        _estimator = new BlazePoseEstimator(AssetLocator.RequireModel("blazepose_landmark_full.onnx"), BalancingFrames.Cpu, Crops);
        var requests = new PoseRequest[Crops];
        for (int i = 0; i < Crops; i++)
            requests[i] = new PoseRequest(0, new PoseRegion(430 + 10 * i, 760, 1000, 0));
        _estimator.Estimate(frames, requests, new Keypoint[Crops * 33], new PoseEstimate[Crops]);
        (IReadOnlyList<OrtValue> inputs, IReadOnlyList<OrtValue?> outputs) = _estimator.Binding.Values(Crops);
        _inputs = [.. inputs];
        _outputs = [.. outputs.Select(o => o!)];
        _session = _estimator.Model.Session;
        _runOptions = new RunOptions();
    }

    [Benchmark(Baseline = true, Description = "bare InferenceSession.Run, same OrtValues")]
    public void BareSessionRun() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    [Benchmark(Description = "BatchBinding.Run (pooled IoBinding)")]
    public void WrapperRun() => _estimator.Binding.Run(Crops);

    [GlobalCleanup]
    public void Cleanup()
    {
        _runOptions.Dispose();
        _estimator.Dispose();
    }
}
