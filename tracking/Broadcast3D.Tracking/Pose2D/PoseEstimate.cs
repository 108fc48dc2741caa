namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// Per-person result of a pose model besides the keypoints: how sure it is that a person is in the crop, and the
/// region to use for the same person in the next frame (the tracking step between detections).
/// </summary>
public readonly record struct PoseEstimate(float Score, PoseRegion NextRegion);
