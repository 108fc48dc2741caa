namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>The plugins that ship with Broadcast3D, in drawing order (shaded 3D first, labels last).</summary>
public static class BuiltInPlugins
{
    /// <summary>Their types (each has a public parameterless constructor, like an external plugin).</summary>
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(GroundLineOverlay), typeof(SkeletonOverlay), typeof(TrailsOverlay), typeof(BodiesOverlay), typeof(LabelsOverlay),
        typeof(GhostOverlay), typeof(SpeedOverlay), typeof(DistanceOverlay), typeof(JumpCalloutOverlay), typeof(SpeedGaugeOverlay),
        typeof(JumpAnalytics), typeof(MotionStartAnalytics),
    ];
}
