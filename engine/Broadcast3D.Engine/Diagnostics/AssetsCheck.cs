using Broadcast3D.Core.Assets;
using Broadcast3D.Core.Diagnostics;

namespace Broadcast3D.Engine.Diagnostics;

/// <summary>Models and reference data the demo and tests use (see <see cref="AssetLocator"/>).</summary>
public sealed class AssetsCheck : ISystemCheck
{
    /// <summary>Model files the default pipeline needs, relative to the models folder.</summary>
    public static readonly string[] RequiredModels =
    [
        "rtmdet-nano/end2end.onnx",
        "blazepose_landmark_full.onnx",
    ];

    /// <summary>Optional model files (other families the user may pick).</summary>
    public static readonly string[] OptionalModels =
    [
        "yolox_nano_416x416.onnx",
        "blazepose_landmark_lite.onnx",
        "blazepose_landmark_heavy.onnx",
        "movenet_singlepose_lightning_4.onnx",
        "movenet_singlepose_thunder_4.onnx",
        "movenet_multipose_lightning_1.onnx",
    ];

    /// <summary>The demo's sample capture, relative to the data folder.</summary>
    public const string DemoTrial = "pose2sim-demo/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial";

    public IReadOnlyList<DiagnosticItem> Run()
    {
        var items = new List<DiagnosticItem>();
        foreach (string m in RequiredModels)
            items.Add(FileItem("models", m, Path.Combine(AssetLocator.ModelsRoot, m), required: true));
        foreach (string m in OptionalModels)
            items.Add(FileItem("models", m, Path.Combine(AssetLocator.ModelsRoot, m), required: false));
        string trial = Path.Combine(AssetLocator.DataRoot, DemoTrial, "videos");
        items.Add(Directory.Exists(trial)
            ? DiagnosticItem.Ok("data", "pose2sim-demo", trial)
            : DiagnosticItem.Missing("data", "pose2sim-demo", $"not found: {trial} (set B3D_SHARED to the shared folder holding data/)"));
        return items;
    }

    private static DiagnosticItem FileItem(string category, string name, string path, bool required)
    {
        if (File.Exists(path))
            return DiagnosticItem.Ok(category, name, $"{path} ({new FileInfo(path).Length / 1024} KiB)", required);
        string what = $"not found: {path} (set B3D_MODELS to the folder that holds it)";
        return required ? DiagnosticItem.Missing(category, name, what) : DiagnosticItem.Warning(category, name, what);
    }
}
