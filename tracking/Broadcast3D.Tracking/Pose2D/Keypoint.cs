namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// One 2D keypoint in image pixels with a confidence in [0, 1]; 0,0,0 = not found. Pixel-centre convention, as
/// OpenPose and OpenCV: (0, 0) is the centre of the top-left pixel.
/// </summary>
public readonly record struct Keypoint(float X, float Y, float Score);
