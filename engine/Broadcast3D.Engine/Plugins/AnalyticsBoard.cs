using Broadcast3D.Plugins;

namespace Broadcast3D.Engine.Plugins;

/// <summary>
/// Where analytics plugins publish and overlays read: the latest value of each (metric, person) and a bounded
/// history of events, newest first. Written by the analytics host (on the channel thread), read by overlays and the
/// control API: every member locks (short
/// critical sections; no allocation for metrics, whose table is made at full size).
/// </summary>
public sealed class AnalyticsBoard : IAnalyticsView, IAnalyticsPublisher
{
    // Events kept: enough for the control API to show the last minutes of a competition, bounded on a long run.
    private const int EventsKept = 256;

    private readonly Lock _lock = new();
    // (metric, person) pairs kept. Made at full size, because analytics publish on the channel thread (e.g.
    // motion-start for every person of every set) and a dictionary growing as new track ids come allocated there
    // (360 B seen in the steady state); when full, a new pair clears it first: pairs of people long gone go, and the
    // plugins publish the current ones again with the next set.
    private const int MetricsKept = 1024;

    // The key's default comparer is named so that it is made here: .NET makes it on the first lookup that compares
    // keys (88 B), which under load came with the first tracking results inside the channel's steady-state window.
    private readonly Dictionary<(string Name, int PersonId), (double Value, string Unit)> _metrics =
        new(MetricsKept, EqualityComparer<(string Name, int PersonId)>.Default);
    private readonly LinkedList<AnalyticsEvent> _events = new();

    /// <summary>Events published so far (including those no longer kept).</summary>
    public long EventCount { get; private set; }

    public void Metric(string name, int personId, double value, string unit)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            if (_metrics.Count >= MetricsKept && !_metrics.ContainsKey((name, personId)))
                _metrics.Clear();
            _metrics[(name, personId)] = (value, unit ?? "");
        }
    }

    public void Event(AnalyticsEvent detected)
    {
        ArgumentNullException.ThrowIfNull(detected);
        lock (_lock)
        {
            _events.AddFirst(detected);
            if (_events.Count > EventsKept)
                _events.RemoveLast();
            EventCount++;
        }
    }

    public bool TryGetMetric(string name, int personId, out double value)
    {
        lock (_lock)
        {
            bool found = _metrics.TryGetValue((name, personId), out (double Value, string Unit) entry);
            value = entry.Value;
            return found;
        }
    }

    public AnalyticsEvent? LatestEvent(string kind, int personId)
    {
        lock (_lock)
        {
            for (LinkedListNode<AnalyticsEvent>? node = _events.First; node is not null; node = node.Next)
            {
                if (node.Value.PersonId == personId && string.Equals(node.Value.Kind, kind, StringComparison.Ordinal))
                    return node.Value;
            }
            return null;
        }
    }

    /// <summary>The events kept, newest first (a copy).</summary>
    public IReadOnlyList<AnalyticsEvent> Events()
    {
        lock (_lock)
            return [.. _events];
    }
}
