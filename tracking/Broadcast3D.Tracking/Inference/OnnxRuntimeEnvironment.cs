using Microsoft.ML.OnnxRuntime;

namespace Broadcast3D.Tracking.Inference;

/// <summary>
/// The process-wide ONNX Runtime environment (official Microsoft.ML.OnnxRuntime.Gpu package), created once with
/// the log level at warning: models from the old PyTorch exporter list their initializers as graph inputs and ORT
/// logs one line per initializer at info level. Thread-safe.
/// </summary>
public static class OnnxRuntimeEnvironment
{
    private const string NativeLibraryName = "libonnxruntime.so";

    private static readonly Lazy<OrtEnv> Env = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> LoadedFrom = new(FindLoadedLibrary, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared environment; throws <see cref="DllNotFoundException"/> when libonnxruntime cannot be loaded.</summary>
    public static OrtEnv Instance => Env.Value;

    /// <summary>Version of the native library, e.g. "1.32.0".</summary>
    public static string Version => Instance.GetVersionString();

    /// <summary>Providers compiled into the loaded native library (ORT names, e.g. "CPUExecutionProvider").</summary>
    public static IReadOnlyList<string> CompiledProviders => Instance.GetAvailableProviders();

    /// <summary>
    /// Folder the native library was loaded from: the package's <c>runtimes/linux-x64/native</c> under the
    /// application folder, where ORT also looks for its provider libraries (<c>libonnxruntime_providers_*.so</c>).
    /// </summary>
    public static string NativeDirectory => Path.GetDirectoryName(LoadedFrom.Value) ?? AppContext.BaseDirectory;

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

    // The runtime resolves the library through the deps.json of the application; the mapped file is the truth.
    private static string FindLoadedLibrary()
    {
        _ = Instance;
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && line.EndsWith("/" + NativeLibraryName, StringComparison.Ordinal))
                return line[slash..];
        }
        return Path.Combine(AppContext.BaseDirectory, NativeLibraryName);
    }
}
