namespace Broadcast3D.Tracking.Association;

/// <summary>
/// Thresholds of <see cref="CrossViewAssociator"/>. The defaults are Pose2Sim's multi-person
/// <c>[personAssociation]</c> settings (likelihood 0.3, <c>reconstruction_error_threshold</c> 0.1 m,
/// <c>min_affinity</c> 0.2) and its <c>min_cameras_for_triangulation</c> 2. Immutable.
/// </summary>
public sealed record AssociationOptions
{
    /// <summary>Keypoints below this confidence are ignored (Pose2Sim's <c>likelihood_threshold_association</c>).</summary>
    public double ConfidenceThreshold { get; init; } = 0.3;

    /// <summary>
    /// Distance (metres) between two detections' keypoint rays (likelihood-weighted mean) at which their affinity
    /// falls to 0 (Pose2Sim's <c>reconstruction_error_threshold</c>): affinity = 1 − distance / this. Joint rays of
    /// one person miss each other by a few cm (2D error of ~10 px at 4–8 m); two athletes are rarely closer than a
    /// body width.
    /// </summary>
    public double MaxMeanRayDistanceMetres { get; init; } = 0.1;

    /// <summary>
    /// Two detections in different cameras can be the same person only with at least this affinity (Pose2Sim's
    /// <c>min_affinity</c>): with the defaults, a mean ray distance of at most 0.08 m.
    /// </summary>
    public double MinAffinity { get; init; } = 0.2;

    /// <summary>Keypoints both detections must see confidently for their distance to count.</summary>
    public int MinSharedKeypoints { get; init; } = 4;

    /// <summary>A person is reported only when seen by at least this many cameras (triangulation needs 2).</summary>
    public int MinCameras { get; init; } = 2;

    /// <summary>Largest accepted mean ray distance (metres): where the affinity reaches <see cref="MinAffinity"/>.</summary>
    public double AcceptedRayDistanceMetres => MaxMeanRayDistanceMetres * (1 - MinAffinity);

    /// <summary>Throws when a value is out of range, naming the property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A threshold outside its range (see each property).</exception>
    public void Validate()
    {
        if (!(ConfidenceThreshold >= 0 && ConfidenceThreshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(ConfidenceThreshold), ConfidenceThreshold, "a likelihood threshold is between 0 and 1");
        if (!(MaxMeanRayDistanceMetres > 0) || !double.IsFinite(MaxMeanRayDistanceMetres))
            throw new ArgumentOutOfRangeException(nameof(MaxMeanRayDistanceMetres), MaxMeanRayDistanceMetres, "a distance in metres above 0");
        if (!(MinAffinity >= 0 && MinAffinity < 1))
            throw new ArgumentOutOfRangeException(nameof(MinAffinity), MinAffinity, "an affinity from 0 up to (not including) 1");
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSharedKeypoints, 1, nameof(MinSharedKeypoints));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinCameras, 2, nameof(MinCameras));
    }
}
