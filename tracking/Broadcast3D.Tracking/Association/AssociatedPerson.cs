namespace Broadcast3D.Tracking.Association;

/// <summary>
/// One person found in several views: for each camera the index of its detection in that camera's list, or -1.
/// <see cref="MeanRayDistanceMetres"/> is the mean pairwise keypoint-ray distance of the group (quality).
/// </summary>
public sealed record AssociatedPerson(int[] DetectionPerCamera, double MeanRayDistanceMetres)
{
    /// <summary>Number of cameras that see the person.</summary>
    public int CameraCount => DetectionPerCamera.Count(d => d >= 0);
}
