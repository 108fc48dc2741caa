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

    /// <summary>Rounds of bundle adjustment, each followed by flagging the inliers again (an observation that fits
    /// the adjusted model may have been an outlier of the chained one). On the demo the poses stop moving after
    /// about 10 (docs/calibration.md).</summary>
    public int BundleRounds { get; init; } = 10;

    /// <summary>Most Levenberg–Marquardt iterations per round.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>σ of the Cauchy loss on the reprojection residuals, pixels: residuals well beyond it (a keypoint
    /// put on the wrong limb) barely pull on the poses.</summary>
    public double RobustPixels { get; init; } = 4.0;

    /// <summary>Also refine each camera's focal length (one factor on fx and fy) in the bundle adjustment. Off by
    /// default: on 100 frames of balancing it trades focal length for depth and moves the cameras 4–18 cm.</summary>
    public bool RefineFocal { get; init; }

    /// <summary>
    /// A known distance between two BODY_25B keypoints that sets the metric scale: the median over frames of the
    /// triangulated distance is scaled to <see cref="KnownDistance"/>.<c>Metres</c>. Null: the scale is left as
    /// found (the first two cameras one unit apart).
    /// </summary>
    public KnownDistance? KnownDistance { get; init; }

    /// <summary>
    /// The athlete's standing height, metres, that sets the metric scale instead of <see cref="KnownDistance"/>:
    /// the 95th percentile over frames of the Head keypoint's height above the frame's lowest foot keypoint (along
    /// the floor's normal) is scaled to it. BODY_25B's Head is the top of the head and the lowest foot keypoint lies
    /// a few centimetres above the sole, so this reads a little short of the stature. Null: not used.
    /// </summary>
    public double? KnownHeight { get; init; }

    /// <summary>Set the floor (z = 0, Z up) from the feet's lowest positions; false keeps camera 0's frame.</summary>
    public bool FloorFromFeet { get; init; } = true;
}
