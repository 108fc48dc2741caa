namespace Broadcast3D.Engine.Plugins;

/// <summary>
/// Which overlays are on air: the enabled overlay kinds (plugin names: <c>skeleton</c>, <c>labels</c>, <c>trails</c>,
/// <c>speed</c>, any external plugin's name) and, per kind, the people it is hidden for. The control API toggles it
/// through <c>FrameChannel.Post</c>; the overlay host reads it every picture. Channel thread only; reads allocate nothing.
/// </summary>
public sealed class OverlaySelection
{
    private readonly HashSet<string> _enabled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<int>> _hidden = new(StringComparer.Ordinal);

    /// <summary>A selection with <paramref name="enabled"/> kinds on, every person shown.</summary>
    public OverlaySelection(IEnumerable<string> enabled)
    {
        ArgumentNullException.ThrowIfNull(enabled);
        foreach (string kind in enabled)
            _enabled.Add(kind);
    }

    /// <summary>The kinds on, in no particular order.</summary>
    public IReadOnlyCollection<string> Enabled => _enabled;

    /// <summary>Whether <paramref name="kind"/> is drawn at all.</summary>
    public bool IsEnabled(string kind) => _enabled.Contains(kind);

    /// <summary>Turns <paramref name="kind"/> on (<paramref name="on"/>) or off.</summary>
    public void Set(string kind, bool on)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        if (on)
            _enabled.Add(kind);
        else
            _enabled.Remove(kind);
    }

    /// <summary>Shows (<paramref name="shown"/>) or hides <paramref name="kind"/> for person <paramref name="personId"/>.</summary>
    public void SetPerson(string kind, int personId, bool shown)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        if (!_hidden.TryGetValue(kind, out HashSet<int>? hidden))
        {
            if (shown)
                return;
            _hidden[kind] = hidden = [];
        }
        if (shown)
            hidden.Remove(personId);
        else
            hidden.Add(personId);
    }

    /// <summary>Whether <paramref name="kind"/> is drawn for person <paramref name="personId"/>.</summary>
    public bool IsShown(string kind, int personId) =>
        _enabled.Contains(kind) && !(_hidden.TryGetValue(kind, out HashSet<int>? hidden) && hidden.Contains(personId));

    /// <summary>Whether <paramref name="kind"/> is hidden for anyone (else every person is shown and no filtering is needed).</summary>
    public bool HidesAnyone(string kind) => _hidden.TryGetValue(kind, out HashSet<int>? hidden) && hidden.Count > 0;

    /// <summary>The people <paramref name="kind"/> is hidden for (empty when none).</summary>
    public IReadOnlyCollection<int> HiddenFor(string kind) => _hidden.TryGetValue(kind, out HashSet<int>? hidden) ? hidden : [];

    /// <summary>Forgets every per-person choice for <paramref name="kind"/>: it is shown for everyone it is enabled for.</summary>
    public void ShowEveryone(string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        _hidden.Remove(kind);
    }
}
