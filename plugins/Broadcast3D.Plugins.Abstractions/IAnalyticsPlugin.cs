namespace Broadcast3D.Plugins;

/// <summary>
/// A plugin that measures: called on the tracking side once per tracked frame set with the people as triangulated,
/// it publishes metrics (a number per person, e.g. pelvis height) and events (e.g. "jump, height 0.42 m") that
/// overlays read through <see cref="OverlayScene.Analytics"/> and the control API, recording and exports can use.
/// </summary>
public interface IAnalyticsPlugin : IPlugin
{
    /// <summary>Measures <paramref name="frame"/> and publishes through <paramref name="publish"/> (one thread; no per-frame allocation).</summary>
    void Analyse(AnalyticsFrame frame, IAnalyticsPublisher publish);
}
