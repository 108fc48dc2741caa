namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// The result for one keypoint: world position in metres (NaN when failed), mean reprojection error in pixels
/// (NaN when failed), the cameras not used, and how many DLT solves the search took (its cost).
/// </summary>
public readonly record struct PointSolution(double X, double Y, double Z, double ErrorPixels, int ExcludedCount, ulong ExcludedMask, int Solves)
{
    /// <summary>True when a configuration met the reprojection threshold.</summary>
    public bool Succeeded => !double.IsNaN(ErrorPixels);
}
