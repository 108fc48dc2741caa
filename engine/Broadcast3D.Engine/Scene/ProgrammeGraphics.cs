using System.Numerics;
using Broadcast3D.Engine.Plugins;

namespace Broadcast3D.Engine.Scene;

/// <summary>
/// What the programme's graphics show, changed while on air by the control API: each <see cref="OverlayKind"/> on or
/// off for everyone and for single people (kept in the overlay host's <see cref="OverlaySelection"/>, the one source of
/// truth for what the plugins draw), the highlighted athlete, names given to track ids (handed to the plugins as
/// <c>ScenePerson.Name</c>) and the lower third. Read and changed on the channel thread only (commands arrive through
/// <see cref="Channels.FrameChannel.Post"/>); <see cref="Snapshot"/> hands an immutable copy to other threads.
/// Reading allocates nothing; a change allocates (it is a command, not a frame).
/// </summary>
public sealed class ProgrammeGraphics
{
    private static readonly OverlayKind[] s_kinds = Enum.GetValues<OverlayKind>();
    private static readonly string[] s_plugins = [.. s_kinds.Select(PluginName)];
    private readonly Dictionary<int, string> _names = [];
    private bool _titleFollowsName;

    /// <summary>The lower third's accent bar: a magenta that no skeleton, trail or label uses, so it can be found on air.</summary>
    public static readonly Vector4 LowerThirdAccent = new(0.9f, 0.1f, 0.6f, 1f);

    /// <summary>Graphics drawn through <paramref name="selection"/> (the overlay host's), nobody highlighted or named, no lower third.</summary>
    public ProgrammeGraphics(OverlaySelection selection)
    {
        Selection = selection ?? throw new ArgumentNullException(nameof(selection));
    }

    /// <summary>Which overlay plugins draw, and for whom (shared with the overlay host).</summary>
    public OverlaySelection Selection { get; }

    /// <summary>The overlay plugin that draws <paramref name="kind"/> (<c>skeleton</c>, <c>labels</c>, <c>trails</c>, <c>speed</c>).</summary>
    public static string PluginName(OverlayKind kind) => kind switch
    {
        OverlayKind.Skeleton => "skeleton",
        OverlayKind.Labels => "labels",
        OverlayKind.Trails => "trails",
        OverlayKind.Speed => "speed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an overlay kind"),
    };

    /// <summary>The highlighted athlete's track id (handed to the plugins as <c>ScenePerson.Highlighted</c>; the skeleton draws it in its highlight colour), or null.</summary>
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
    public bool IsOn(OverlayKind kind) => Selection.IsEnabled(PluginName(kind));

    /// <summary>Whether <paramref name="kind"/> is drawn for the person with track id <paramref name="personId"/>.</summary>
    public bool IsShown(OverlayKind kind, int personId) => Selection.IsShown(PluginName(kind), personId);

    /// <summary>
    /// Switches <paramref name="kind"/> on or off for everyone (<paramref name="personId"/> null: per-person choices
    /// of that kind are forgotten) or for one person (on only lifts that person's own switch-off).
    /// </summary>
    public void Set(OverlayKind kind, bool on, int? personId)
    {
        string plugin = PluginName(kind);
        if (personId is { } id)
        {
            Selection.SetPerson(plugin, id, on);
            return;
        }
        Selection.Set(plugin, on);
        Selection.ShowEveryone(plugin);
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
        var hidden = new Dictionary<int, List<OverlayKind>>();
        for (int k = 0; k < s_kinds.Length; k++)
        {
            foreach (int id in Selection.HiddenFor(s_plugins[k]))
            {
                if (!hidden.TryGetValue(id, out List<OverlayKind>? kinds))
                    hidden[id] = kinds = [];
                kinds.Add(s_kinds[k]);
            }
        }
        return new GraphicsState(IsOn(OverlayKind.Skeleton), IsOn(OverlayKind.Labels), IsOn(OverlayKind.Trails), IsOn(OverlayKind.Speed),
            hidden.ToDictionary(h => h.Key, h => (IReadOnlyList<OverlayKind>)h.Value), Highlight, new Dictionary<int, string>(_names), LowerThird)
        {
            Overlays = [.. Selection.Enabled.Order(StringComparer.Ordinal)],
        };
    }
}
