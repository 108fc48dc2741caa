using Microsoft.ML.OnnxRuntime;

namespace Broadcast3D.Tracking.Inference;

/// <summary>
/// The process-wide ONNX Runtime environment, created once with the log level at warning: models from the old
/// PyTorch exporter list their initializers as graph inputs and ORT logs one line per initializer at info level.
/// Thread-safe.
/// </summary>
public static class OnnxRuntimeEnvironment
{
    private static readonly Lazy<OrtEnv> Env = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared environment; throws <see cref="DllNotFoundException"/> when libonnxruntime cannot be loaded.</summary>
    public static OrtEnv Instance => Env.Value;

    /// <summary>Version of the native library, e.g. "1.29.0".</summary>
    public static string Version => Instance.GetVersionString();

    /// <summary>Providers compiled into the loaded native library (ORT names, e.g. "CPUExecutionProvider").</summary>
    public static IReadOnlyList<string> CompiledProviders => Instance.GetAvailableProviders();

    /// <summary>Folder the native library was copied to (the application folder), where provider libraries are looked for.</summary>
    public static string NativeDirectory => AppContext.BaseDirectory;

    private static OrtEnv Create()
    {
        if (OrtEnv.IsCreated)
            return OrtEnv.Instance();
        var options = new EnvironmentCreationOptions
        {
            logId = "Broadcast3D",
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
        };
        return OrtEnv.CreateInstanceWithOptions(ref options);
    }
}
