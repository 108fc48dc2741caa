using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Broadcast3D.Tracking.Inference;

/// <summary>
/// Decides which execution provider a session uses. A GPU provider is usable only when every piece is present:
/// the provider compiled into libonnxruntime (NuGet Microsoft.ML.OnnxRuntime.Gpu) or its provider library beside
/// it, the NVIDIA driver, the CUDA 13 runtime, cuBLAS 13, cuDNN 9 (and TensorRT 10 for TensorRT), and ORT accepting
/// the provider for the device. Probes are run once per process and cached. Thread-safe.
/// </summary>
public static class ExecutionProviderSelector
{
    private const string CudaName = "CUDAExecutionProvider";
    private const string TensorRtName = "TensorrtExecutionProvider";

    // The libraries a CUDA 13 build of ORT links against; the sonames carry the major versions it was built with.
    private static readonly string[] CudaLibraries = ["libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcudnn.so.9"];
    private static readonly string[] TensorRtLibraries = ["libnvinfer.so.10", "libnvinfer_plugin.so.10"];

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
    /// Throws <see cref="InvalidOperationException"/> with the reason when a GPU provider was explicitly requested
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
                    throw new InvalidOperationException($"{options.Provider} was requested but is not usable: {probe.Reason}");
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
                return new ProviderChoice(ExecutionProvider.Cpu, $"{threads}; CUDA not usable: {cuda.Reason}");
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
        try
        {
            string ortName = provider == ExecutionProvider.TensorRt ? TensorRtName : CudaName;
            bool compiled = false;
            foreach (string p in OnnxRuntimeEnvironment.CompiledProviders)
                compiled |= p == ortName;
            string library = Path.Combine(OnnxRuntimeEnvironment.NativeDirectory,
                provider == ExecutionProvider.TensorRt ? "libonnxruntime_providers_tensorrt.so" : "libonnxruntime_providers_cuda.so");
            if (!compiled && !File.Exists(library))
            {
                return new ProviderAvailability(provider, false,
                    $"ONNX Runtime {OnnxRuntimeEnvironment.Version} here is a CPU build (providers: {string.Join(", ", OnnxRuntimeEnvironment.CompiledProviders)}) " +
                    $"and {library} is absent; build with -p:OnnxRuntimeSource=nuget (Microsoft.ML.OnnxRuntime.Gpu) or add the GPU provider libraries");
            }
            string[] needed = provider == ExecutionProvider.TensorRt ? [.. CudaLibraries, .. TensorRtLibraries] : CudaLibraries;
            foreach (string lib in needed)
            {
                if (!NativeLibrary.TryLoad(lib, out IntPtr handle))
                {
                    return new ProviderAvailability(provider, false, lib == "libcuda.so.1"
                        ? "no NVIDIA driver (libcuda.so.1 not loadable): no usable GPU on this machine"
                        : $"{lib} not loadable: install it (CUDA 13, cuBLAS 13, cuDNN 9{(provider == ExecutionProvider.TensorRt ? ", TensorRT 10" : "")}) and put it on the library path");
                }
                NativeLibrary.Free(handle);
            }
            using var trial = new SessionOptions();
            Append(trial, provider, deviceId);
            return new ProviderAvailability(provider, true, $"{ortName} on GPU {deviceId} ({(compiled ? "built in" : library)})");
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return new ProviderAvailability(provider, false, $"ONNX Runtime refused it: {ex.Message}");
        }
    }

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
