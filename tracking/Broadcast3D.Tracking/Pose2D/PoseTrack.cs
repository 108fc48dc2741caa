namespace Broadcast3D.Tracking.Pose2D;

/// <summary>One person followed in one camera between frames: the crop to use next and the last keypoint box.</summary>
internal record struct PoseTrack
{
    public int Id;
    public PoseRegion Region;
    public PersonBox Box;
    public float Score;
    /// <summary>Started from a detector box this frame: its first crop is axis-aligned and gets a second, aligned pass.</summary>
    public bool Fresh;
}
