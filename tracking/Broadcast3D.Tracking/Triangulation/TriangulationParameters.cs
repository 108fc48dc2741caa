namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// <see cref="TriangulationSettings"/> as a plain value that an ILGPU kernel can take as an argument (no
/// references). Build it with <see cref="From"/>, which validates.
/// </summary>
/// <param name="LikelihoodThreshold">Observations below this likelihood are not used.</param>
/// <param name="ReprojectionThresholdPixels">Mean reprojection error, pixels, a configuration must reach.</param>
/// <param name="MinCameras">Fewest cameras a configuration may use (≥ 2).</param>
/// <param name="Search">Camera-exclusion strategy.</param>
public readonly record struct TriangulationParameters(double LikelihoodThreshold, double ReprojectionThresholdPixels, int MinCameras, ExclusionSearch Search)
{
    /// <summary>The parameters of validated <paramref name="settings"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid settings.</exception>
    public static TriangulationParameters From(TriangulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return new TriangulationParameters(settings.LikelihoodThreshold, settings.ReprojectionThresholdPixels, settings.MinCameras, settings.Search);
    }
}
