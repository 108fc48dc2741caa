using System.Numerics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Plugins;

namespace Broadcast3D.Engine.Plugins;

/// <summary>
/// Runs analytics plugins once per tracked frame set (<see cref="Analyse"/>), with the people as triangulated, and
/// has them publish into an <see cref="AnalyticsBoard"/> that the overlays read. Isolated like the overlay host: an
/// exception is caught, counted and logged with the plugin's name, and the plugin disabled after
/// <see cref="HostedPlugin.FailureLimit"/>; every call is timed against the budget. Buffers allocated once. One thread.
/// </summary>
public sealed class AnalyticsHost
{
    private readonly List<HostedPlugin> _plugins = [];
    private readonly AnalyticsFrame _frame;
    private readonly ScenePerson[] _people;

    /// <summary>A host for up to <paramref name="maxPeople"/> people of <paramref name="definition"/> running <paramref name="plugins"/> into <paramref name="board"/>.</summary>
    public AnalyticsHost(SkeletonDefinition definition, int maxPeople, IEnumerable<IAnalyticsPlugin> plugins, AnalyticsBoard board,
        double budgetMilliseconds, Serilog.ILogger log)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeople, 1);
        Board = board ?? throw new ArgumentNullException(nameof(board));
        foreach (IAnalyticsPlugin plugin in plugins)
            _plugins.Add(new HostedPlugin(plugin, budgetMilliseconds, log));
        _frame = new AnalyticsFrame(new SceneSkeleton(definition.KeypointNames, definition.Bones));
        _people = new ScenePerson[maxPeople];
        for (int i = 0; i < maxPeople; i++)
            _people[i] = new ScenePerson(definition.KeypointCount);
    }

    /// <summary>Where the plugins publish.</summary>
    public AnalyticsBoard Board { get; }

    /// <summary>Whether there is any plugin to run (else <see cref="Analyse"/> costs nothing).</summary>
    public bool Any => _plugins.Count > 0;

    /// <summary>Each plugin's calls, failures, budget overruns and time.</summary>
    public IReadOnlyList<PluginCounters> Counters() => [.. _plugins.Select(p => p.Counters())];

    /// <summary>
    /// Puts <paramref name="plugin"/> in place of the analytics plugin of the same name (a reload or new settings,
    /// between frame sets on the host's thread); its state starts over. False when there is none.
    /// </summary>
    public bool Replace(IAnalyticsPlugin plugin) => HostedPlugin.ReplaceByName(_plugins, plugin);

    /// <summary>Runs every plugin still enabled over the frame set <paramref name="tracked"/> (metres, Z up).</summary>
    public void Analyse(SkeletonSet tracked)
    {
        ArgumentNullException.ThrowIfNull(tracked);
        if (_plugins.Count == 0)
            return;
        int count = Math.Min(tracked.Count, _people.Length);
        for (int p = 0; p < count; p++)
        {
            ScenePerson person = _people[p];
            person.Id = tracked.PersonIds[p];
            ReadOnlySpan<float> joints = tracked.PersonJoints(p);
            Span<Vector3> points = person.JointsBuffer;
            for (int j = 0; j < points.Length; j++)
                points[j] = new Vector3(joints[j * 3], joints[(j * 3) + 1], joints[(j * 3) + 2]);
            // Analytics see triangulated positions; velocities are theirs to estimate over the window they need.
            person.VelocitiesBuffer.Fill(new Vector3(float.NaN));
        }
        _frame.SetPeople(_people, count);
        _frame.Time = tracked.Time;
        _frame.Seconds = tracked.Time.ToDouble();
        foreach (HostedPlugin hosted in _plugins)
        {
            if (hosted.Disabled)
                continue;
            hosted.Invoke(static (plugin, state) => ((IAnalyticsPlugin)plugin).Analyse(state.Frame, state.Board), (Frame: _frame, Board), "Analyse");
        }
    }
}
