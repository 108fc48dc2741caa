using System.Numerics;
using Broadcast3D.Engine.Configuration;

namespace Broadcast3D.Engine.Scene;

/// <summary>
/// What the programme's graphics show, changed while on air by the control API: each <see cref="OverlayKind"/> on or
/// off for everyone and for single people, the highlighted athlete, names given to track ids and the lower third.
/// Starts from the configuration's <c>overlay</c> section. Read and changed on the channel thread only (commands
/// arrive through <see cref="Channels.FrameChannel.Post"/>); <see cref="Snapshot"/> hands an immutable copy to other
/// threads. Reading allocates nothing; a change allocates (it is a command, not a frame).
/// </summary>
public sealed class ProgrammeGraphics
{
    private const int Kinds = 4;
    private readonly bool[] _on = new bool[Kinds];
    private readonly Dictionary<int, int> _hiddenKinds = []; // person id → bit per OverlayKind switched off for them
    private readonly Dictionary<int, string> _names = [];
    private bool _titleFollowsName;

    /// <summary>The lower third's accent bar: a magenta that no skeleton, trail or label uses, so it can be found on air.</summary>
    public static readonly Vector4 LowerThirdAccent = new(0.9f, 0.1f, 0.6f, 1f);

    /// <summary>The configuration's switches, nobody hidden, highlighted or named, no lower third.</summary>
    public ProgrammeGraphics(OverlayConfig overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        _on[(int)OverlayKind.Skeleton] = overlay.Skeleton;
        _on[(int)OverlayKind.Labels] = overlay.Labels;
        _on[(int)OverlayKind.Trails] = overlay.Trails;
        _on[(int)OverlayKind.Speed] = overlay.Speed;
    }

    /// <summary>The highlighted athlete's track id (drawn in <see cref="PersonOverlays.HighlightColour"/>), or null.</summary>
    public int? Highlight { get; set; }

    /// <summary>The lower third on air (its title as shown), or null (<see cref="TakeLowerThird"/>, <see cref="ClearLowerThird"/>).</summary>
    public LowerThird? LowerThird { get; private set; }

    /// <summary>
    /// Puts a lower third on air. Bound to <paramref name="personId"/> with an empty <paramref name="title"/>, the title
    /// is the athlete's name (or "#id"), and follows a later <see cref="SetName"/>.
    /// </summary>
    public void TakeLowerThird(string title, string subtitle, int? personId)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(subtitle);
        _titleFollowsName = title.Length == 0 && personId is not null;
        LowerThird = new LowerThird(_titleFollowsName ? NameOrId(personId!.Value) : title, subtitle, personId);
    }

    /// <summary>Takes the lower third off air.</summary>
    public void ClearLowerThird() => LowerThird = null;

    /// <summary>Whether <paramref name="kind"/> is on for everyone (a person may still have it off).</summary>
    public bool IsOn(OverlayKind kind) => _on[(int)kind];

    /// <summary>Whether <paramref name="kind"/> is drawn for the person with track id <paramref name="personId"/>.</summary>
    public bool IsShown(OverlayKind kind, int personId) =>
        _on[(int)kind] && (_hiddenKinds.Count == 0 || !_hiddenKinds.TryGetValue(personId, out int hidden) || (hidden & (1 << (int)kind)) == 0);

    /// <summary>
    /// Switches <paramref name="kind"/> on or off for everyone (<paramref name="personId"/> null: per-person choices
    /// of that kind are forgotten) or for one person (on only lifts that person's own switch-off).
    /// </summary>
    public void Set(OverlayKind kind, bool on, int? personId)
    {
        int bit = 1 << (int)kind;
        if (personId is not { } id)
        {
            _on[(int)kind] = on;
            foreach (int key in _hiddenKinds.Keys.ToArray())
            {
                int rest = _hiddenKinds[key] & ~bit;
                if (rest == 0)
                    _hiddenKinds.Remove(key);
                else
                    _hiddenKinds[key] = rest;
            }
            return;
        }
        int hidden = _hiddenKinds.GetValueOrDefault(id);
        hidden = on ? hidden & ~bit : hidden | bit;
        if (hidden == 0)
            _hiddenKinds.Remove(id);
        else
            _hiddenKinds[id] = hidden;
    }

    /// <summary>The name given to track <paramref name="personId"/>, or null.</summary>
    public string? NameOf(int personId) => _names.Count == 0 ? null : _names.GetValueOrDefault(personId);

    /// <summary>Names track <paramref name="personId"/> (null or empty: the name is removed and "#id" shown again).</summary>
    public void SetName(int personId, string? name)
    {
        if (string.IsNullOrEmpty(name))
            _names.Remove(personId);
        else
            _names[personId] = name;
        if (_titleFollowsName && LowerThird is { PersonId: { } bound } lowerThird && bound == personId)
            LowerThird = lowerThird with { Title = NameOrId(personId) };
    }

    private string NameOrId(int personId) => NameOf(personId) ?? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"#{personId}");

    /// <summary>An immutable copy for other threads (allocates; taken after each change).</summary>
    public GraphicsState Snapshot()
    {
        var hidden = new Dictionary<int, IReadOnlyList<OverlayKind>>();
        foreach ((int id, int bits) in _hiddenKinds)
            hidden[id] = [.. Enum.GetValues<OverlayKind>().Where(k => (bits & (1 << (int)k)) != 0)];
        return new GraphicsState(IsOn(OverlayKind.Skeleton), IsOn(OverlayKind.Labels), IsOn(OverlayKind.Trails), IsOn(OverlayKind.Speed),
            hidden, Highlight, new Dictionary<int, string>(_names), LowerThird);
    }
}
