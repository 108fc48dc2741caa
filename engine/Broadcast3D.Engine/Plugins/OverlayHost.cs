using System.Numerics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Gpu;
using Broadcast3D.Plugins;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Engine.Plugins;

/// <summary>
/// Runs overlay plugins over the pictures of a channel. Per picture, <see cref="Prepare"/> freezes the scene (people
/// sampled at the picture's time, velocities, fade) and calls each enabled plugin's <see cref="IOverlayPlugin.Update"/>
/// once; then <see cref="Draw"/> has each draw through a view's camera, as many views as show the picture. A plugin sees
/// only SDK types and only the people the <see cref="Selection"/> shows it. Isolation: an exception is caught, what
/// the plugin drew in that call is taken back, the failure counted and logged with its name; at
/// <see cref="HostedPlugin.FailureLimit"/> failures it is disabled and the rest goes on. Every call is timed against
/// the per-frame budget (<see cref="Counters"/>). Skeletons older than the configured age fade out over a quarter
/// second in eight steps, so a stalled tracker never freezes graphics on air. Buffers are allocated once. Channel thread.
/// </summary>
public sealed class OverlayHost : IDisposable
{
    private const double FadeSeconds = 0.25; // stale graphics leave smoothly, yet within a quarter second
    private const int FadeLevels = 8;        // opacity steps of the fade

    // 3D primitives and 2D drawings per view: the compositor's default pools (CompositorDescription).
    private const int MaxPrimitives = 8192;
    private const int MaxOps = 4096;

    private readonly List<HostedPlugin> _plugins = [];
    private readonly OverlayScene _scene;
    private readonly CompositorCanvas _canvas;
    private readonly Dictionary<OverlayImage, GpuTexture> _images = [];
    private readonly double _budgetMilliseconds;
    private readonly TimeSpan _maxAge;
    private readonly FrameRate _rate;
    private readonly Serilog.ILogger _log;
    private ScenePerson[] _people, _previous;
    private readonly ScenePerson[] _visible;
    private double _previousSeconds;
    private long _segment;
    private int _count, _previousCount;

    /// <summary>
    /// A host for up to <paramref name="maxPeople"/> people of <paramref name="definition"/> running
    /// <paramref name="plugins"/> (configured instances, in drawing order; the host owns them).
    /// </summary>
    /// <param name="definition">The skeleton every person has.</param>
    /// <param name="maxPeople">People shown at most.</param>
    /// <param name="plugins">Overlay plugins, each with a unique name.</param>
    /// <param name="selection">Which plugins draw, and for whom.</param>
    /// <param name="maxSkeletonAge">Oldest tracking still drawn at full opacity.</param>
    /// <param name="rate">The channel's frame rate (timecodes).</param>
    /// <param name="budgetMilliseconds">CPU time a plugin may take per call before it is reported.</param>
    /// <param name="log">Plugin failures and budget overruns.</param>
    /// <param name="analytics">What the analytics plugins publish (a board of its own when null).</param>
    /// <exception cref="ArgumentException">Two plugins share a name.</exception>
    public OverlayHost(SkeletonDefinition definition, int maxPeople, IEnumerable<IOverlayPlugin> plugins, OverlaySelection selection,
        TimeSpan maxSkeletonAge, FrameRate rate, double budgetMilliseconds, Serilog.ILogger log, AnalyticsBoard? analytics = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeople, 1);
        Selection = selection ?? throw new ArgumentNullException(nameof(selection));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        Analytics = analytics ?? new AnalyticsBoard();
        (_maxAge, _rate, _budgetMilliseconds) = (maxSkeletonAge, rate, budgetMilliseconds);
        foreach (IOverlayPlugin plugin in plugins)
            Add(plugin);
        _scene = new OverlayScene(new SceneSkeleton(definition.KeypointNames, definition.Bones), Analytics);
        _canvas = new CompositorCanvas(MaxPrimitives, MaxOps, _images);
        _people = NewPeople(maxPeople, definition.KeypointCount);
        _previous = NewPeople(maxPeople, definition.KeypointCount);
        _visible = new ScenePerson[maxPeople];
    }

    /// <summary>Which plugins draw, and for whom (the control API changes it between frames).</summary>
    public OverlaySelection Selection { get; }

    /// <summary>
    /// Names and the highlighted athlete handed to the plugins (<c>ScenePerson.Name</c>, <c>ScenePerson.Highlighted</c>);
    /// null: nobody named or highlighted. The control API changes it between frames.
    /// </summary>
    public ProgrammeGraphics? Graphics { get; init; }

    /// <summary>The people prepared for the current picture (empty when nothing is drawn); valid until the next <see cref="Prepare"/>.</summary>
    public ReadOnlySpan<ScenePerson> PreparedPeople => _people.AsSpan(0, People);

    /// <summary>What the analytics plugins published, as the overlays read it.</summary>
    public AnalyticsBoard Analytics { get; }

    /// <summary>True when the last <see cref="Prepare"/> left something to draw.</summary>
    public bool Ready { get; private set; }

    /// <summary>People prepared for the current picture.</summary>
    public int People => Ready ? _count : 0;

    /// <summary>The plugins' names, in drawing order.</summary>
    public IEnumerable<string> Names => _plugins.Select(p => p.Name);

    /// <summary>Primitives the canvas dropped because its pools were full.</summary>
    public long DroppedPrimitives => _canvas.Dropped;

    /// <summary>Each plugin's calls, failures, budget overruns and time.</summary>
    public IReadOnlyList<PluginCounters> Counters() => [.. _plugins.Select(p => p.Counters())];

    /// <summary>Adds <paramref name="plugin"/> after the others.</summary>
    /// <exception cref="ArgumentException">A plugin of that name is already hosted.</exception>
    public void Add(IOverlayPlugin plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        if (_plugins.Any(p => p.Name == plugin.Name))
            throw new ArgumentException($"two overlay plugins are named '{plugin.Name}': plugin names must be unique", nameof(plugin));
        _plugins.Add(new HostedPlugin(plugin, _budgetMilliseconds, _log));
    }

    /// <summary>Puts <paramref name="plugin"/> in place of the plugin of the same name (a reload); false when there is none.</summary>
    public bool Replace(IOverlayPlugin plugin) => HostedPlugin.ReplaceByName(_plugins, plugin);

    /// <summary>
    /// Freezes the picture's scene from <paramref name="people"/> (sampled at the picture's time
    /// <paramref name="time"/>, metres, Z up) whose tracking result is <paramref name="ageSeconds"/> old, and advances
    /// every enabled plugin once; false (nothing to draw) once the skeletons are too old.
    /// </summary>
    public bool Prepare(SkeletonSet people, Rational time, double ageSeconds)
    {
        ArgumentNullException.ThrowIfNull(people);
        double maxAge = _maxAge.TotalSeconds;
        double opacity = ageSeconds <= maxAge ? 1 : 1 - ((ageSeconds - maxAge) / FadeSeconds);
        if (opacity <= 0)
        {
            Ready = false;
            return false;
        }
        int level = Math.Clamp((int)Math.Floor((1 - opacity) * FadeLevels), 0, FadeLevels - 1);
        double seconds = time.ToDouble();
        (_people, _previous) = (_previous, _people);
        // A cut in the timeline (a source started over): nobody's velocity spans it.
        _previousCount = people.Segment == _segment ? _count : 0;
        _segment = people.Segment;
        _count = Math.Min(people.Count, _people.Length);
        for (int p = 0; p < _count; p++)
            Freeze(people, p, seconds);
        _previousSeconds = seconds;
        _scene.Time = time;
        _scene.Seconds = seconds;
        _scene.Timecode = Timecode.FromTime(time, _rate);
        _scene.Opacity = 1f - ((float)level / FadeLevels);
        foreach (HostedPlugin hosted in _plugins)
        {
            if (hosted.Disabled || !Selection.IsEnabled(hosted.Name))
                continue;
            ShowPeopleTo(hosted.Name);
            hosted.Invoke(static (plugin, scene) => ((IOverlayPlugin)plugin).Update(scene), _scene, "Update");
        }
        Ready = true;
        return true;
    }

    /// <summary>Nothing to draw in the current picture (no camera picture or no skeleton yet); the plugins keep their state.</summary>
    public void Clear() => Ready = false;

    /// <summary>
    /// Has every enabled plugin draw the prepared picture through <paramref name="camera"/> into
    /// <paramref name="compositor"/>'s current frame: all 3D, then all 2D. Changes no host state but the counters.
    /// </summary>
    public void Draw(Compositor compositor, RenderCamera camera)
    {
        ArgumentNullException.ThrowIfNull(compositor);
        ArgumentNullException.ThrowIfNull(camera);
        if (!Ready)
            return;
        // The view's camera centre: the inverse pose's translation (row-vector convention, see RenderCamera).
        _scene.CameraPosition = Matrix4x4.Invert(camera.WorldToCamera, out Matrix4x4 cameraToWorld)
            ? cameraToWorld.Translation
            : new Vector3(float.NaN);
        _canvas.Begin(compositor, camera);
        foreach (HostedPlugin hosted in _plugins)
        {
            if (hosted.Disabled || !Selection.IsEnabled(hosted.Name))
                continue;
            ShowPeopleTo(hosted.Name);
            (int, int) mark = _canvas.Mark();
            // What a failing plugin drew in that call is taken back.
            if (!hosted.Invoke(static (plugin, state) => ((IOverlayPlugin)plugin).Draw(state.Scene, state.Canvas), (Scene: _scene, Canvas: _canvas), "Draw"))
                _canvas.Rollback(mark);
        }
        _canvas.End();
    }

    /// <summary>
    /// Has every plugin shape the texts it may draw, at <paramref name="compositor"/>'s size, so a label first shown on
    /// air allocates nothing on the channel thread (call before the clock starts). A plugin that throws is counted.
    /// </summary>
    public void PrepareText(Compositor compositor)
    {
        ArgumentNullException.ThrowIfNull(compositor);
        _canvas.Begin(compositor, RenderCamera.Orbit(Vector3.Zero, 0, 0, 1, 1, compositor.Width, compositor.Height));
        foreach (HostedPlugin hosted in _plugins)
        {
            if (hosted.Disabled || !Selection.IsEnabled(hosted.Name))
                continue;
            try
            {
                ((IOverlayPlugin)hosted.Plugin).PrepareText(_canvas);
            }
            catch (Exception ex)
            {
                hosted.Failed(ex, "PrepareText");
            }
        }
        _canvas.End();
    }

    public void Dispose()
    {
        foreach (GpuTexture texture in _images.Values)
            texture.Dispose();
        _images.Clear();
    }

    private void Freeze(SkeletonSet people, int p, double seconds)
    {
        ScenePerson person = _people[p];
        int id = people.PersonIds[p];
        person.Id = id;
        person.Name = Graphics?.NameOf(id);
        person.Highlighted = Graphics?.Highlight == id;
        ReadOnlySpan<float> joints = people.PersonJoints(p);
        Span<Vector3> points = person.JointsBuffer;
        for (int j = 0; j < points.Length; j++)
            points[j] = new Vector3(joints[j * 3], joints[(j * 3) + 1], joints[(j * 3) + 2]);
        // Velocity from the same person in the previous picture: a finite difference over one frame, NaN for a
        // person first seen, after a cut in the timeline, or at the same time twice.
        Span<Vector3> velocities = person.VelocitiesBuffer;
        int previous = -1;
        for (int q = 0; q < _previousCount; q++)
        {
            if (_previous[q].Id == id)
            {
                previous = q;
                break;
            }
        }
        double dt = previous < 0 ? 0 : seconds - _previousSeconds;
        for (int j = 0; j < velocities.Length; j++)
            velocities[j] = dt > 0 ? (points[j] - _previous[previous].Joints[j]) / (float)dt : new Vector3(float.NaN);
    }

    /// <summary>The scene's people as <paramref name="kind"/> may see them (all unless the selection hides someone from it).</summary>
    private void ShowPeopleTo(string kind)
    {
        if (!Selection.HidesAnyone(kind))
        {
            _scene.SetPeople(_people, _count);
            return;
        }
        int n = 0;
        for (int p = 0; p < _count; p++)
        {
            if (Selection.IsShown(kind, _people[p].Id))
                _visible[n++] = _people[p];
        }
        _scene.SetPeople(_visible, n);
    }

    private static ScenePerson[] NewPeople(int count, int joints)
    {
        var people = new ScenePerson[count];
        for (int i = 0; i < count; i++)
            people[i] = new ScenePerson(joints);
        return people;
    }
}
