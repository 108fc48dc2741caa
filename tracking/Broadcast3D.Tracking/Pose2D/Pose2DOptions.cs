namespace Broadcast3D.Tracking.Pose2D;

/// <summary>How the 2D stage detects and tracks people.</summary>
/// <param name="DetectEvery">Run the detector every k-th frame set (1 = every frame); in between, each person's crop
/// follows the previous frame's keypoints. A camera with nobody tracked is detected on every frame regardless.</param>
/// <param name="MaxPeoplePerCamera">People kept per camera (best detector scores first); bounds the pose batch when
/// a crowd yields hundreds of boxes.</param>
/// <param name="MinPoseScore">A person whose pose-model score falls below this is dropped (lost track).</param>
/// <param name="MatchIoU">A detection overlapping a tracked person's box by at least this continues that track.</param>
/// <param name="DuplicateIoU">Two tracks of one camera overlapping more than this are the same person; the weaker goes.</param>
public sealed record Pose2DOptions(int DetectEvery = 1, int MaxPeoplePerCamera = 8, float MinPoseScore = 0.5f,
    float MatchIoU = 0.3f, float DuplicateIoU = 0.6f)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(DetectEvery, 1, nameof(DetectEvery));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPeoplePerCamera, 1, nameof(MaxPeoplePerCamera));
        if (MinPoseScore is < 0 or > 1 || MatchIoU is <= 0 or > 1 || DuplicateIoU is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(MinPoseScore), "scores and IoU thresholds must lie in (0, 1]");
    }
}
