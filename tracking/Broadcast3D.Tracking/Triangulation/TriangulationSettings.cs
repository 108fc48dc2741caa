namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// Triangulation thresholds. The defaults are those of the Pose2Sim demo's Config.toml
/// (<c>[triangulation]</c>), which produced the reference results. Immutable.
/// </summary>
public sealed record TriangulationSettings
{
    /// <summary>Observations with a likelihood below this are not used (<c>likelihood_threshold_triangulation</c>).</summary>
    public double LikelihoodThreshold { get; init; } = 0.3;

    /// <summary>Mean reprojection error in pixels a configuration must reach (<c>reproj_error_threshold_triangulation</c>).</summary>
    public double ReprojectionThresholdPixels { get; init; } = 15.0;

    /// <summary>Fewest cameras a configuration may use; at least 2 (<c>min_cameras_for_triangulation</c>).</summary>
    public int MinCameras { get; init; } = 2;

    /// <summary>Camera-exclusion strategy (exact by default).</summary>
    public ExclusionSearch Search { get; init; } = ExclusionSearch.Exhaustive;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is negative/not finite or MinCameras &lt; 2.</exception>
    public void Validate()
    {
        if (!double.IsFinite(LikelihoodThreshold) || LikelihoodThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LikelihoodThreshold), LikelihoodThreshold, "must be a finite value ≥ 0");
        }

        if (!(ReprojectionThresholdPixels >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(ReprojectionThresholdPixels), ReprojectionThresholdPixels, "must be ≥ 0 pixels");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MinCameras, 2, nameof(MinCameras));
    }
}
