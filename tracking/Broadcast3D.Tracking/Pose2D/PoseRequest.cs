namespace Broadcast3D.Tracking.Pose2D;

/// <summary>One person crop to estimate: which frame of the batch, and the region of that frame.</summary>
public readonly record struct PoseRequest(int FrameIndex, PoseRegion Region);
