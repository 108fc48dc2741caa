namespace Broadcast3D.Tracking.Pose2D;

/// <summary>A resolved model: the name the user gave, its family and the file.</summary>
public sealed record ModelReference(string Name, ModelFamily Family, string Path);
