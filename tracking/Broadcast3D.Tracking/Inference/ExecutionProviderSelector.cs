using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace Broadcast3D.Tracking.Inference;

/// <summary>
/// Decides which execution provider a session uses. A GPU provider is usable only when every piece is present:
/// the provider compiled into libonnxruntime (NuGet Microsoft.ML.OnnxRuntime.Gpu) and its provider library beside
/// it, the NVIDIA driver, the CUDA 13 runtime, cuBLAS 13, cuDNN 9 (and TensorRT 10 for TensorRT), and ORT accepting
/// the provider for the device. Probes are run once per process and cached. Thread-safe.
/// </summary>
public static partial class ExecutionProviderSelector
{
    private const string CudaName = "CUDAExecutionProvider";
    private const string TensorRtName = "TensorrtExecutionProvider";

    private static readonly Lazy<ProviderAvailability> CudaProbe = new(() => Probe(ExecutionProvider.Cuda, 0));
    private static readonly Lazy<ProviderAvailability> TensorRtProbe = new(() => Probe(ExecutionProvider.TensorRt, 0));

    /// <summary>Availability of every provider on this machine (CPU, CUDA, TensorRT), device 0.</summary>
    public static IReadOnlyList<ProviderAvailability> ProbeAll() =>
    [
        new(ExecutionProvider.Cpu, true, "always available"),
        CudaProbe.Value,
        TensorRtProbe.Value,
    ];

    /// <summary>
    /// Appends the chosen provider to <paramref name="sessionOptions"/> and sets the CPU thread count.
    /// Throws <see cref="ExecutionProviderUnavailableException"/> with the reason when a GPU provider was explicitly requested
    /// and is not usable; <see cref="ExecutionProvider.Auto"/> falls back to the CPU and says why.
    /// </summary>
    public static ProviderChoice Configure(SessionOptions sessionOptions, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(sessionOptions);
        ArgumentNullException.ThrowIfNull(options);
        if (options.IntraOpThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(options), $"IntraOpThreads must be ≥ 0, got {options.IntraOpThreads}");
        if (options.IntraOpThreads > 0)
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        string threads = options.IntraOpThreads > 0 ? $"{options.IntraOpThreads} threads" : "ORT default threads";

        switch (options.Provider)
        {
            case ExecutionProvider.Cpu:
                return new ProviderChoice(ExecutionProvider.Cpu, $"CPU requested ({threads})");
            case ExecutionProvider.Cuda:
            case ExecutionProvider.TensorRt:
            {
                ProviderAvailability probe = ProbeFor(options.Provider, options.DeviceId);
                if (!probe.Usable)
                    throw new ExecutionProviderUnavailableException(options.Provider, probe.Reason);
                Append(sessionOptions, options.Provider, options.DeviceId);
                return new ProviderChoice(options.Provider, $"requested; {probe.Reason}");
            }
            default:
            {
                ProviderAvailability trt = ProbeFor(ExecutionProvider.TensorRt, options.DeviceId);
                if (trt.Usable)
                {
                    Append(sessionOptions, ExecutionProvider.TensorRt, options.DeviceId);
                    return new ProviderChoice(ExecutionProvider.TensorRt, trt.Reason);
                }
                ProviderAvailability cuda = ProbeFor(ExecutionProvider.Cuda, options.DeviceId);
                if (cuda.Usable)
                {
                    Append(sessionOptions, ExecutionProvider.Cuda, options.DeviceId);
                    return new ProviderChoice(ExecutionProvider.Cuda, $"{cuda.Reason}; TensorRT not usable: {trt.Reason}");
                }
                return new ProviderChoice(ExecutionProvider.Cpu, $"{threads}; TensorRT not usable: {trt.Reason}; CUDA not usable: {cuda.Reason}");
            }
        }
    }

    private static ProviderAvailability ProbeFor(ExecutionProvider provider, int deviceId) => (provider, deviceId) switch
    {
        (ExecutionProvider.Cuda, 0) => CudaProbe.Value,
        (ExecutionProvider.TensorRt, 0) => TensorRtProbe.Value,
        _ => Probe(provider, deviceId),
    };

    private static ProviderAvailability Probe(ExecutionProvider provider, int deviceId)
    {
        string ortName = provider == ExecutionProvider.TensorRt ? TensorRtName : CudaName;
        try
        {
            if (!OnnxRuntimeEnvironment.CompiledProviders.Contains(ortName))
            {
                return new ProviderAvailability(provider, false,
                    $"ONNX Runtime {OnnxRuntimeEnvironment.Version} has no {ortName} (providers: {string.Join(", ", OnnxRuntimeEnvironment.CompiledProviders)})");
            }
            string library = Path.Combine(OnnxRuntimeEnvironment.NativeDirectory,
                provider == ExecutionProvider.TensorRt ? "libonnxruntime_providers_tensorrt.so" : "libonnxruntime_providers_cuda.so");
            if (!File.Exists(library))
                return new ProviderAvailability(provider, false, $"{library} is missing (a Microsoft.ML.OnnxRuntime.Gpu restore ships it)");
            // ORT's own error says only "Failed to load shared library"; the loader's names the missing piece
            // (e.g. "libcublasLt.so.13: cannot open shared object file").
            if (LoaderError(library) is { } missing)
                return new ProviderAvailability(provider, false, $"{missing}: install {Needs(provider)}{DriverNote()}");
            using (var trial = new SessionOptions())
                Append(trial, provider, deviceId);
            if (!NativeLibrary.TryLoad("libcuda.so.1", out IntPtr driver))
                return new ProviderAvailability(provider, false, "no NVIDIA driver (libcuda.so.1 not loadable): no usable GPU on this machine");
            NativeLibrary.Free(driver);
            return new ProviderAvailability(provider, true, $"{ortName} on GPU {deviceId} ({library})");
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return new ProviderAvailability(provider, false, $"ONNX Runtime refused it ({OneLine(ex.Message)}): install {Needs(provider)}{DriverNote()}");
        }
    }

    private static string Needs(ExecutionProvider provider) =>
        provider == ExecutionProvider.TensorRt ? "CUDA 13, cuBLAS 13, cuDNN 9 and TensorRT 10" : "CUDA 13, cuBLAS 13 and cuDNN 9";

    private static string DriverNote()
    {
        if (!NativeLibrary.TryLoad("libcuda.so.1", out IntPtr handle))
            return "; no NVIDIA driver either (libcuda.so.1 not loadable)";
        NativeLibrary.Free(handle);
        return "";
    }

    // The dynamic loader's message for the provider library and its dependencies, or null when it loads.
    private static string? LoaderError(string library)
    {
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(library));
            return null;
        }
        catch (DllNotFoundException ex)
        {
            // .NET wraps dlerror() in advice about strace; keep the loader's own words.
            string message = OneLine(ex.Message);
            Match missing = MissingLibrary().Match(message);
            return missing.Success ? missing.Value : message;
        }
    }

    [GeneratedRegex(@"[^\s':]+: cannot open shared object file(: [A-Za-z ]+)?")]
    private static partial Regex MissingLibrary();

    private static string OneLine(string message) => string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static void Append(SessionOptions sessionOptions, ExecutionProvider provider, int deviceId)
    {
        if (provider == ExecutionProvider.TensorRt)
        {
            sessionOptions.AppendExecutionProvider_Tensorrt(deviceId);
            // TensorRT hands the nodes it cannot build engines for to the next provider: CUDA before the CPU.
            sessionOptions.AppendExecutionProvider_CUDA(deviceId);
        }
        else
        {
            sessionOptions.AppendExecutionProvider_CUDA(deviceId);
        }
    }
}
