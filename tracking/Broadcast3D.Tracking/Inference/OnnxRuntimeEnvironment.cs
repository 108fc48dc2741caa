using Microsoft.ML.OnnxRuntime;
using Serilog;
using Serilog.Events;

namespace Broadcast3D.Tracking.Inference;

/// <summary>
/// The process-wide ONNX Runtime environment (official Microsoft.ML.OnnxRuntime.Gpu package), created once with
/// the log level at warning (sessions at error: models from the old PyTorch exporter list their initializers as
/// graph inputs and ORT warns once per initializer), and ORT's logging function bridged to the process logger
/// (Serilog's <see cref="Log.Logger"/>): ORT info → Debug, warning → Warning, error → Error. Thread-safe.
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

    // Rooted for the life of the process: ORT calls it from its own threads.
    private static readonly DOrtLoggingFunction Bridge = Forward;

    private static OrtEnv Create()
    {
        if (OrtEnv.IsCreated)
            return OrtEnv.Instance();
        var options = new EnvironmentCreationOptions
        {
            logId = "Broadcast3D",
            logLevel = Log.Logger.IsEnabled(LogEventLevel.Verbose) ? OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO : OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
            loggingFunction = Bridge,
        };
        return OrtEnv.CreateInstanceWithOptions(ref options);
    }

    private static void Forward(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        LogEventLevel level = severity switch
        {
            OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL or OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR => LogEventLevel.Error,
            OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING => LogEventLevel.Warning,
            OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO => LogEventLevel.Debug,
            _ => LogEventLevel.Verbose,
        };
        Log.Logger.ForContext("SourceContext", "OnnxRuntime").Write(level, "{OrtMessage} ({OrtCodeLocation})", message, codeLocation);
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
