namespace Broadcast3D.Calibration.Intrinsics;

/// <summary>Thresholds of <see cref="IntrinsicCalibrator"/>. Immutable.</summary>
public sealed record IntrinsicOptions
{
    /// <summary>Fewest usable views to calibrate from; fewer fails and writes nothing (OpenCV's fit needs several
    /// board poses to separate focal length from distance).</summary>
    public int MinViews { get; init; } = 4;

    /// <summary>
    /// Least sharpness of the board region (variance of the Laplacian of the grey pixels inside the board's
    /// bounding box); a view below is rejected as blurred. Sharp boards measure in the hundreds, motion-blurred
    /// ones in the tens (docs/calibration.md).
    /// </summary>
    public double MinSharpness { get; init; } = 8.0;

    /// <summary>
    /// A view whose RMS reprojection error exceeds this many times the median view's (and at least
    /// <see cref="OutlierFloorPixels"/>) is rejected as a bad detection and the fit is made again without it.
    /// </summary>
    public double OutlierFactor { get; init; } = 3.0;

    /// <summary>Per-view RMS below this is never called an outlier, pixels.</summary>
    public double OutlierFloorPixels { get; init; } = 1.0;

    /// <summary>Fewest ChArUco corners for a partial view to count (OpenCV needs 4 for a pose; 6 keeps it stable).</summary>
    public int MinCharucoCorners { get; init; } = 6;

    /// <summary>Fit the third radial coefficient k3 too (5 coefficients); by default k3 = 0 and four are written, as
    /// Pose2Sim does, because a handful of views cannot separate k3 from k1 and k2.</summary>
    public bool FitK3 { get; init; }
}
