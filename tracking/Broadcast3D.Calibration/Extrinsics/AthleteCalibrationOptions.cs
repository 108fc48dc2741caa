namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>Settings of <see cref="AthleteCalibrator"/>. Immutable.</summary>
public sealed record AthleteCalibrationOptions
{
    /// <summary>Keypoints below this confidence are not used (stricter than triangulation's 0.3: a wrong
    /// correspondence bends a pose more than it bends one 3D point).</summary>
    public double LikelihoodThreshold { get; init; } = 0.5;

    /// <summary>RANSAC threshold of the essential matrices and inlier threshold of the refinement, pixels.</summary>
    public double InlierPixels { get; init; } = 8.0;

    /// <summary>Fewest keypoints two cameras must see together to be related; fewer: film the athlete longer
    /// in view of both.</summary>
    public int MinSharedPoints { get; init; } = 100;

    /// <summary>The cameras' frame rate, frames per second (the motion check low-passes the keypoints at 6 Hz).</summary>
    public double FrameRate { get; init; } = 60;

    /// <summary>Fewest frames in which two or more cameras see the athlete.</summary>
    public int MinFrames { get; init; } = 30;

    /// <summary>Rounds of the bundle adjustment (resection–intersection); on the demo the poses stop moving after
    /// about 300 (docs/calibration.md).</summary>
    public int Iterations { get; init; } = 300;

    /// <summary>
    /// A known distance between two BODY_25B keypoints that sets the metric scale: the median over frames of the
    /// triangulated distance is scaled to <see cref="KnownDistance"/>.<c>Metres</c>. Null: the scale is left as
    /// found (the first two cameras one unit apart).
    /// </summary>
    public KnownDistance? KnownDistance { get; init; }

    /// <summary>Set the floor (z = 0, Z up) from the feet's lowest positions; false keeps camera 0's frame.</summary>
    public bool FloorFromFeet { get; init; } = true;
}
