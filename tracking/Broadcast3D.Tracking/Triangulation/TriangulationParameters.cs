using System.Numerics;

namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// <see cref="TriangulationSettings"/> as a plain value in the maths' precision <typeparamref name="T"/> that an ILGPU
/// kernel can take as an argument (no references, no conversion left to the kernel). Build it with
/// <see cref="From"/>, which validates.
/// </summary>
/// <typeparam name="T">The precision the maths runs in: double (the reference, the default kernel) or float.</typeparam>
/// <param name="LikelihoodThreshold">Observations below this likelihood are not used.</param>
/// <param name="ReprojectionThresholdPixels">Mean reprojection error, pixels, a configuration must reach.</param>
/// <param name="MinCameras">Fewest cameras a configuration may use (≥ 2).</param>
/// <param name="Search">Camera-exclusion strategy.</param>
/// <param name="OrthogonalityTolerance">The DLT's Jacobi stopping level in <typeparamref name="T"/> (see <see cref="From"/>).</param>
public readonly record struct TriangulationParameters<T>(
    T LikelihoodThreshold, T ReprojectionThresholdPixels, int MinCameras, ExclusionSearch Search, T OrthogonalityTolerance)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The parameters of validated <paramref name="settings"/>, rounded to <typeparamref name="T"/>. The Jacobi
    /// tolerance is <see cref="WeightedDlt.DoubleOrthogonalityTolerance"/> scaled by the type's machine epsilon over
    /// double's (exactly 1 for double, 2²⁹ for float): the same number of ulps in either precision, so a float solve
    /// stops where its rounding stops improving instead of running to the sweep cap.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid settings.</exception>
    public static TriangulationParameters<T> From(TriangulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        double epsilon = double.CreateTruncating(T.BitIncrement(T.One) - T.One);
        double tolerance = WeightedDlt.DoubleOrthogonalityTolerance * (epsilon / (Math.BitIncrement(1.0) - 1.0));
        return new TriangulationParameters<T>(
            T.CreateTruncating(settings.LikelihoodThreshold), T.CreateTruncating(settings.ReprojectionThresholdPixels),
            settings.MinCameras, settings.Search, T.CreateTruncating(tolerance));
    }
}
