namespace Broadcast3D.Tracking.Triangulation;

/// <summary>How the triangulator looks for cameras to exclude when the reprojection error is too high.</summary>
public enum ExclusionSearch
{
    /// <summary>
    /// Pose2Sim's search, exactly: exclude 0, then 1, then 2… cameras, every combination of each count in
    /// lexicographic order, first minimum wins. Cost per keypoint is up to Σₘ C(n, m) DLT solves: 2ⁿ in the worst
    /// case (65 536 for 16 cameras), which is why the reference stalls with many cameras. Use for conformance.
    /// </summary>
    Exhaustive,

    /// <summary>
    /// Greedy backward elimination: each round removes the one camera, of those still used, whose removal gives
    /// the lowest error (ties: lowest camera index). At most n + (n−1) + … + 2 &lt; n²/2 DLT solves per keypoint
    /// (≤ 135 for 16 cameras, ≤ 527 for 32), each O(n), so the cost is bounded by O(n³) per keypoint. Identical to
    /// <see cref="Exhaustive"/> whenever no more than one camera has to be excluded; with two or more it may keep a
    /// different, slightly worse, subset.
    /// </summary>
    Bounded,
}
