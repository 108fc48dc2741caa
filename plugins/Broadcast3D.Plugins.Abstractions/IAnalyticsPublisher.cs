namespace Broadcast3D.Plugins;

/// <summary>Where an analytics plugin publishes (the host stamps each entry with the plugin's name). One thread.</summary>
public interface IAnalyticsPublisher
{
    /// <summary>
    /// Sets metric <paramref name="name"/> of person <paramref name="personId"/> to <paramref name="value"/> in
    /// <paramref name="unit"/> (e.g. "pelvis-height", 0.97, "m"); the latest value wins. Allocates nothing once the
    /// (name, person) pair exists.
    /// </summary>
    void Metric(string name, int personId, double value, string unit);

    /// <summary>Publishes <paramref name="detected"/> (kept in a bounded history, newest first).</summary>
    void Event(AnalyticsEvent detected);
}
