using System.Numerics;

namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// The result for one keypoint: world position in metres (NaN when failed), mean reprojection error in pixels
/// (NaN when failed), the cameras not used, and how many DLT solves the search took (its cost), in the precision
/// <typeparamref name="T"/> the maths ran in.
/// </summary>
/// <typeparam name="T">double (the reference, the default kernel) or float.</typeparam>
public readonly record struct PointSolution<T>(T X, T Y, T Z, T ErrorPixels, int ExcludedCount, ulong ExcludedMask, int Solves)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>True when a configuration met the reprojection threshold.</summary>
    public bool Succeeded => !T.IsNaN(ErrorPixels);
}
