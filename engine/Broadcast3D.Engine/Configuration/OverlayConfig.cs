namespace Broadcast3D.Engine.Configuration;

/// <summary>Which graphics are drawn over the programme.</summary>
public sealed record OverlayConfig(bool Skeleton, bool Labels, bool Trails, bool Speed);
