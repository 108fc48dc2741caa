namespace Broadcast3D.Engine.Configuration;

/// <summary>Which graphics are drawn over the programme.</summary>
public sealed record OverlayConfig(bool Skeleton, bool Labels, bool Trails, bool Speed)
{
    /// <summary>
    /// Oldest skeletons still drawn at full opacity, measured from the newest tracking result's capture time to the
    /// picture's; older ones fade out (tracking stalled or failed). Default 0.5 s (<c>overlay.maxSkeletonAgeMs</c>).
    /// </summary>
    public TimeSpan MaxSkeletonAge { get; init; } = TimeSpan.FromMilliseconds(500);
}
