using Broadcast3D.Core.Skeletons;

namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// Settings of an offline trial triangulation; the defaults reproduce the Pose2Sim demo's Config.toml
/// (BODY_25B, its 21 markers, 60 fps, gaps up to 10 frames filled, no filter). Immutable.
/// </summary>
public sealed record TrialTriangulationOptions
{
    /// <summary>Per-point thresholds and exclusion search.</summary>
    public TriangulationSettings Triangulation { get; init; } = new();

    /// <summary>Layout of the 2D keypoint files.</summary>
    public SkeletonDefinition Skeleton { get; init; } = SkeletonCatalog.Body25B;

    /// <summary>Markers to triangulate, by keypoint name, in output order.</summary>
    public IReadOnlyList<string> Markers { get; init; } = SkeletonCatalog.Pose2SimBody25BMarkers;

    /// <summary>Index of the person in each 2D file's <c>people</c> array.</summary>
    public int Person { get; init; }

    /// <summary>Frames per second of the capture (TRC time column).</summary>
    public double FrameRate { get; init; } = 60.0;

    /// <summary>Longest gap, in frames, filled by the cubic spline; 0 disables gap filling.</summary>
    public int MaxGapFrames { get; init; } = 10;

    /// <summary>
    /// Where the triangulation runs, already resolved (<see cref="Accelerators.TrackingAccelerators.Resolve"/>):
    /// the plain C# reference by default, or an ILGPU accelerator. Results agree to 1e-9 m.
    /// </summary>
    public Accelerators.TrackingAccelerator Accelerator { get; init; } = Accelerators.TrackingAccelerator.Reference;

    /// <summary>Zero-phase Butterworth applied after gap filling, or null for none.</summary>
    public Filtering.ButterworthFilter? Filter { get; init; }
}
