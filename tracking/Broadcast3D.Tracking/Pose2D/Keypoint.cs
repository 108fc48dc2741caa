namespace Broadcast3D.Tracking.Pose2D;

/// <summary>One 2D keypoint in image pixels (continuous, origin top-left) with a confidence in [0, 1]; 0,0,0 = not found.</summary>
public readonly record struct Keypoint(float X, float Y, float Score);
