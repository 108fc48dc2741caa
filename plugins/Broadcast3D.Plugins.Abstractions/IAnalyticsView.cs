namespace Broadcast3D.Plugins;

/// <summary>The read side of the analytics, for overlays: thread-safe, allocation-free reads.</summary>
public interface IAnalyticsView
{
    /// <summary>The latest value of metric <paramref name="name"/> for <paramref name="personId"/>; false when never published.</summary>
    bool TryGetMetric(string name, int personId, out double value);

    /// <summary>The newest event of <paramref name="kind"/> for <paramref name="personId"/>, or null.</summary>
    AnalyticsEvent? LatestEvent(string kind, int personId);
}
