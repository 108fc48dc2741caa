using Broadcast3D.Core.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace Broadcast3D.Tracking.Inference;

/// <summary>
/// <c>b3d doctor</c> items for ONNX Runtime: loads the native library for real, reports its version and compiled
/// providers, whether CUDA and TensorRT are usable (and the missing piece when not), and the provider that
/// <see cref="ExecutionProvider.Auto"/> sessions will run on.
/// </summary>
public sealed class OnnxRuntimeCheck : ISystemCheck
{
    private const string Category = "ONNX Runtime";

    public IReadOnlyList<DiagnosticItem> Run()
    {
        string version;
        IReadOnlyList<string> compiled;
        try
        {
            version = OnnxRuntimeEnvironment.Version;
            compiled = OnnxRuntimeEnvironment.CompiledProviders;
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or OnnxRuntimeException)
        {
            return
            [
                DiagnosticItem.Missing(Category, "library",
                    $"libonnxruntime could not be loaded ({ex.GetBaseException().Message}); run scripts/setup.sh"),
            ];
        }

        var items = new List<DiagnosticItem>
        {
            DiagnosticItem.Ok(Category, "library", $"{version} from {OnnxRuntimeEnvironment.NativeDirectory}"),
            DiagnosticItem.Ok(Category, "providers", string.Join(", ", compiled)),
        };
        foreach (ProviderAvailability p in ExecutionProviderSelector.ProbeAll())
        {
            string name = p.Provider.ToString().ToLowerInvariant();
            items.Add(p.Usable
                ? DiagnosticItem.Ok(Category, name, p.Reason, required: p.Provider == ExecutionProvider.Cpu)
                : DiagnosticItem.Warning(Category, name, p.Reason));
        }
        using var options = new SessionOptions();
        ProviderChoice choice = ExecutionProviderSelector.Configure(options, InferenceOptions.Default);
        items.Add(DiagnosticItem.Ok(Category, "selected", choice.ToString(), required: false));
        return items;
    }
}
