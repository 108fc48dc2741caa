namespace Broadcast3D.Calibration.Sync;

/// <summary>Settings of <see cref="MotionSync"/>. Immutable.</summary>
public sealed record SyncOptions
{
    /// <summary>Largest offset searched, frames (either sign); null = a quarter of the shortest camera's frames.</summary>
    public int? MaxLagFrames { get; init; }

    /// <summary>Keypoints below this confidence are not used (Pose2Sim's likelihood threshold).</summary>
    public double LikelihoodThreshold { get; init; } = 0.3;

    /// <summary>
    /// Least standard deviation of a camera's motion signal, pixels per frame: below it the athlete barely moves
    /// in that camera and no offset can be read from the motion.
    /// </summary>
    public double MinMotionPixels { get; init; } = 0.2;

    /// <summary>Low-pass cut-off applied to the motion signal (zero-phase Butterworth, order 4), Hz; Pose2Sim's 6 Hz.</summary>
    public double CutoffHz { get; init; } = 6.0;
}
