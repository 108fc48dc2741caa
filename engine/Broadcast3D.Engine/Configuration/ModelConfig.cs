namespace Broadcast3D.Engine.Configuration;

/// <summary>Detector and pose model names (or resolved .onnx paths with their families) and the detection interval.</summary>
/// <param name="Detector">Catalogue name (rtmdet, yolox, movenet-multipose) or the full path of an .onnx file.</param>
/// <param name="Pose">Catalogue name (blazepose-lite/full/heavy, movenet-lightning/thunder) or the full path of an .onnx file.</param>
/// <param name="DetectEvery">Run the detector every this many frame sets.</param>
/// <param name="DetectorFamily">Family of a detector given by path (rtmdet, yolox, movenet-multipose); null for a name.</param>
/// <param name="PoseFamily">Family of a pose model given by path (blazepose, movenet, rtmpose); null for a name.</param>
public sealed record ModelConfig(string Detector, string Pose, int DetectEvery, string? DetectorFamily = null, string? PoseFamily = null);
