using Broadcast3D.Core.Assets;
using Broadcast3D.Tracking.Inference;

namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// Maps model names ("rtmdet", "blazepose-full", ...) or paths plus a family to files and adapters. Names resolve
/// in the models folder (<see cref="AssetLocator.ModelsRoot"/>); a path needs its family, since the file alone does
/// not say how to pre/post-process it. Unknown names, wrong families and missing files fail with what to do.
/// </summary>
public static class ModelCatalog
{
    private static readonly (string Name, ModelFamily Family, string File)[] Known =
    [
        ("rtmdet", ModelFamily.RtmDet, "rtmdet-nano/end2end.onnx"),
        ("rtmdet-nano", ModelFamily.RtmDet, "rtmdet-nano/end2end.onnx"),
        ("yolox", ModelFamily.Yolox, "yolox_nano_416x416.onnx"),
        ("yolox-nano", ModelFamily.Yolox, "yolox_nano_416x416.onnx"),
        ("movenet-multipose", ModelFamily.MoveNetMultiPose, "movenet_multipose_lightning_1.onnx"),
        ("blazepose-lite", ModelFamily.BlazePose, "blazepose_landmark_lite.onnx"),
        ("blazepose-full", ModelFamily.BlazePose, "blazepose_landmark_full.onnx"),
        ("blazepose-heavy", ModelFamily.BlazePose, "blazepose_landmark_heavy.onnx"),
        ("movenet-lightning", ModelFamily.MoveNet, "movenet_singlepose_lightning_4.onnx"),
        ("movenet-thunder", ModelFamily.MoveNet, "movenet_singlepose_thunder_4.onnx"),
    ];

    /// <summary>Names <see cref="Resolve"/> accepts without a path.</summary>
    public static IEnumerable<string> Names => Known.Select(k => k.Name);

    /// <summary>The family of catalogue name <paramref name="name"/> (case-insensitive), or null when it is not a catalogue name.</summary>
    public static ModelFamily? FamilyOf(string name)
    {
        foreach ((string known, ModelFamily family, _) in Known)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                return family;
        }
        return null;
    }

    /// <summary>Whether models of <paramref name="family"/> find people (else they estimate poses on crops).</summary>
    public static bool IsDetector(ModelFamily family) => family is ModelFamily.RtmDet or ModelFamily.Yolox or ModelFamily.MoveNetMultiPose;

    /// <summary>Parses a family name ("rtmdet", "yolox", "movenet-multipose", "blazepose", "movenet", "rtmpose"), case-insensitive.</summary>
    public static ModelFamily ParseFamily(string family)
    {
        string f = family.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse(f, ignoreCase: true, out ModelFamily result) && Enum.IsDefined(result)
            ? result
            : throw new ArgumentException($"unknown model family '{family}'; known: rtmdet, yolox, movenet-multipose, blazepose, movenet, rtmpose");
    }

    /// <summary>
    /// Resolves <paramref name="nameOrPath"/>: a catalog name (its family must equal <paramref name="family"/> when
    /// given) or an .onnx path with its <paramref name="family"/>. Throws <see cref="ArgumentException"/> for an
    /// unknown name or a path without family, <see cref="FileNotFoundException"/> for a missing file.
    /// </summary>
    public static ModelReference Resolve(string nameOrPath, ModelFamily? family = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        foreach ((string name, ModelFamily f, string file) in Known)
        {
            if (!string.Equals(name, nameOrPath, StringComparison.OrdinalIgnoreCase))
                continue;
            if (family is { } wanted && wanted != f)
                throw new ArgumentException($"model '{name}' is a {f} model, not {wanted}");
            return new ModelReference(name, f, AssetLocator.RequireModel(file));
        }
        bool looksLikePath = nameOrPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || nameOrPath.Contains('/', StringComparison.Ordinal);
        if (!looksLikePath)
            throw new ArgumentException($"unknown model '{nameOrPath}'; known names: {string.Join(", ", Names)}, or give an .onnx path with its family");
        if (family is not { } fam)
            throw new ArgumentException($"model file {nameOrPath}: give its family (rtmdet, yolox, movenet-multipose, blazepose, movenet, rtmpose)");
        string path = Path.GetFullPath(nameOrPath);
        if (!File.Exists(path))
            throw new FileNotFoundException($"model file not found: {path}", path);
        return new ModelReference(nameOrPath, fam, path);
    }

    /// <summary>Opens a person detector; throws <see cref="ArgumentException"/> when the family estimates poses instead.</summary>
    public static IPersonDetector CreateDetector(ModelReference model, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Family switch
        {
            ModelFamily.RtmDet => new RtmDetDetector(model.Path, options),
            ModelFamily.Yolox => new YoloxDetector(model.Path, options),
            ModelFamily.MoveNetMultiPose => new MoveNetMultiPoseDetector(model.Path, options),
            _ => throw new ArgumentException($"'{model.Name}' is a {model.Family} pose model, not a person detector (detectors: rtmdet, yolox, movenet-multipose)"),
        };
    }

    /// <summary>Opens a pose estimator; throws <see cref="ArgumentException"/> when the family is a detector.</summary>
    public static IPoseEstimator CreateEstimator(ModelReference model, InferenceOptions options, int maxBatch = 16)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Family switch
        {
            ModelFamily.BlazePose => new BlazePoseEstimator(model.Path, options, maxBatch),
            ModelFamily.MoveNet => new MoveNetSinglePoseEstimator(model.Path, options),
            ModelFamily.RtmPose => new RtmPoseEstimator(model.Path, options, maxBatch),
            _ => throw new ArgumentException($"'{model.Name}' is a {model.Family} person detector, not a pose model (pose models: blazepose-lite/full/heavy, movenet-lightning/thunder, rtmpose)"),
        };
    }
}
