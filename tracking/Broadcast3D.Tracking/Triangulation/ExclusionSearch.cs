namespace Broadcast3D.Tracking.Triangulation;

/// <summary>How the triangulator looks for cameras to exclude when the reprojection error is too high.</summary>
public enum ExclusionSearch
{
    /// <summary>
    /// Pose2Sim's search, exactly: exclude 0, then 1, then 2… cameras, every combination of each count in
    /// lexicographic order, first minimum wins. Cost per keypoint is up to Σₘ C(n, m) DLT solves: 2ⁿ in the worst
    /// case (65 519 for 16 cameras: every subset keeping at least two), which is why the reference stalls with many cameras. Use for conformance.
    /// </summary>
    Exhaustive,

    /// <summary>
    /// Greedy backward elimination: each round removes the one camera, of those still used, whose removal gives
    /// the lowest error (ties: lowest camera index). At most 1 + n + (n−1) + … + 3 = n(n+1)/2 − 2 DLT solves per
    /// keypoint (134 for 16 cameras, 526 for 32, against up to 65 519 and 4.3·10⁹ for the exhaustive search), each
    /// O(n), so the cost is bounded by O(n³) per keypoint. Identical to
    /// <see cref="Exhaustive"/> whenever no more than one camera has to be excluded; with two or more it may keep a
    /// different, slightly worse, subset.
    /// </summary>
    Bounded,
}
