namespace Broadcast3D.Tracking.Pose2D;

/// <summary>The keypoint order a pose model writes (see MODELS.md for the names).</summary>
public enum PoseSkeleton
{
    /// <summary>COCO-17: nose, eyes, ears, shoulders, elbows, wrists, hips, knees, ankles (left before right).</summary>
    Coco17,
    /// <summary>MediaPipe BlazePose-33 (COCO-17 superset with hands, heels and toes).</summary>
    BlazePose33,
}
