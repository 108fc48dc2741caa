using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Calibration.Intrinsics;

/// <summary>
/// One camera's intrinsic calibration: K and distortion in <see cref="Camera"/> (whose pose is the identity: the
/// extrinsics come later), the overall RMS reprojection error (pixels, over every corner of the used views), one
/// report per picture, and the detected corners of the used views (pixels) for the coverage map. Immutable.
/// </summary>
public sealed class IntrinsicResult
{
    internal IntrinsicResult(Camera camera, double rmsPixels, IReadOnlyList<ViewReport> views,
                             IReadOnlyList<IReadOnlyList<(double U, double V)>> usedCorners)
    {
        Camera = camera;
        RmsPixels = rmsPixels;
        Views = views;
        UsedCorners = usedCorners;
        Coverage = CoverageMap.Fraction(usedCorners, camera.ImageWidth, camera.ImageHeight);
    }

    /// <summary>The camera: K (pixels), OpenCV distortion, identity pose.</summary>
    public Camera Camera { get; }

    /// <summary>RMS reprojection error over every corner of the used views, pixels.</summary>
    public double RmsPixels { get; }

    /// <summary>One report per input picture, in input order.</summary>
    public IReadOnlyList<ViewReport> Views { get; }

    /// <summary>The corners of each used view, pixels.</summary>
    public IReadOnlyList<IReadOnlyList<(double U, double V)>> UsedCorners { get; }

    /// <summary>Fraction (0…1) of the cells of a <see cref="CoverageMap.GridSize"/>² grid over the image that hold a corner.</summary>
    public double Coverage { get; }
}
