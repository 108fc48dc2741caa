namespace Broadcast3D.Tracking.Association;

/// <summary>Thresholds of <see cref="CrossViewAssociator"/>.</summary>
public sealed record AssociationOptions
{
    /// <summary>Keypoints below this confidence are ignored (Pose2Sim's likelihood threshold).</summary>
    public double ConfidenceThreshold { get; init; } = 0.3;

    /// <summary>
    /// Two detections in different cameras are the same person only if the mean distance between their
    /// keypoint rays is below this (metres). 0.15 m: joint rays of one person miss each other by a few cm
    /// (2D error of ~10 px at 4–8 m), while two athletes are rarely closer than a body width.
    /// </summary>
    public double MaxMeanRayDistanceMetres { get; init; } = 0.15;

    /// <summary>Keypoints both detections must see confidently for their distance to count.</summary>
    public int MinSharedKeypoints { get; init; } = 4;

    /// <summary>A person is reported only when seen by at least this many cameras (triangulation needs 2).</summary>
    public int MinCameras { get; init; } = 2;
}
