namespace Broadcast3D.Engine.Configuration;

/// <summary>Detector and pose model names (or paths) and the detection interval.</summary>
public sealed record ModelConfig(string Detector, string Pose, int DetectEvery);
