using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Tracking.Inference;

/// <summary>
/// How sessions are created and fed: which provider is wanted, how many CPU threads one inference may use, and
/// what computes the models' input crops.
/// </summary>
/// <param name="Provider">Wanted provider; <see cref="ExecutionProvider.Auto"/> takes the best usable one, an explicit
/// GPU provider that is not usable fails with the reason instead of silently running on the CPU.</param>
/// <param name="IntraOpThreads">CPU threads per inference; 0 lets ONNX Runtime use one per physical core.</param>
/// <param name="DeviceId">GPU ordinal for CUDA/TensorRT.</param>
/// <param name="Preprocess">What crops and letterboxes the models' inputs (<see cref="Preprocessing.CropPreprocessors"/>):
/// <c>Auto</c> (the ILGPU kernel on a CUDA or OpenCL GPU, else the C# reference), <c>Cuda</c>, <c>OpenCL</c>,
/// <c>Cpu</c> (the kernel on ILGPU's CPU accelerator) or <c>Reference</c>; no <c>-float</c> kind.</param>
public sealed record InferenceOptions(ExecutionProvider Provider = ExecutionProvider.Auto, int IntraOpThreads = 0, int DeviceId = 0,
    TrackingAccelerator Preprocess = TrackingAccelerator.Auto)
{
    /// <summary>Auto provider, ONNX Runtime's default thread count, <c>auto</c> preprocessing.</summary>
    public static InferenceOptions Default { get; } = new();
}
