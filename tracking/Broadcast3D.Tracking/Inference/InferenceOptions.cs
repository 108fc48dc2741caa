namespace Broadcast3D.Tracking.Inference;

/// <summary>
/// How sessions are created: which provider is wanted and how many CPU threads one inference may use.
/// </summary>
/// <param name="Provider">Wanted provider; <see cref="ExecutionProvider.Auto"/> takes the best usable one, an explicit
/// GPU provider that is not usable fails with the reason instead of silently running on the CPU.</param>
/// <param name="IntraOpThreads">CPU threads per inference; 0 lets ONNX Runtime use one per physical core.</param>
/// <param name="DeviceId">GPU ordinal for CUDA/TensorRT.</param>
public sealed record InferenceOptions(ExecutionProvider Provider = ExecutionProvider.Auto, int IntraOpThreads = 0, int DeviceId = 0)
{
    /// <summary>Auto provider, ONNX Runtime's default thread count.</summary>
    public static InferenceOptions Default { get; } = new();
}
