using System.Text.Json;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Plugins;

namespace Broadcast3D.Engine.Control;

/// <summary>
/// The programme side of the control surface: cuts between cameras, previews of any camera, and the overlay plugins by
/// name (on/off and settings at run time). The live programme gives them with <see cref="AttachProgramme"/> before
/// the run is attached.
/// </summary>
public sealed partial class LiveControl
{
    private readonly List<PendingCut> _pendingCuts = new(4); // channel thread only
    private readonly Dictionary<string, string> _pluginSettings = new(StringComparer.Ordinal); // under _gate
    private IReadOnlyList<string> _cameraNames = [];
    private IReadOnlyList<PluginInfo> _overlayPlugins = [];
    private IReadOnlyList<PluginInfo> _allPlugins = [];
    private Func<int, long>? _cut;
    private Func<int, long, PreviewPicture>? _cameraPreview;
    private Action<string, JsonElement>? _configure;

    /// <summary>The cameras of the run, in camera order (empty when none is attached).</summary>
    public IReadOnlyList<string> CameraNames
    {
        get
        {
            lock (_gate)
                return _cameraNames;
        }
    }

    /// <summary>
    /// The live programme's own surface (called on the channel thread before <see cref="Attach"/>):
    /// <paramref name="cameras"/> by name in camera order; <paramref name="cut"/> switches the programme to a camera
    /// and returns the cut's number (then told on air by <see cref="ProgrammeShown"/>); <paramref name="cameraPreview"/>
    /// draws a camera's latest picture and reads it back (throws <see cref="ControlUnavailableException"/> when it has
    /// none); <paramref name="plugins"/> (overlay and analytics) and <paramref name="configure"/> (which throws
    /// <see cref="PluginSettingsException"/> for invalid settings and changes nothing then) are the run's plugins.
    /// Each delegate runs on the channel thread.
    /// </summary>
    public void AttachProgramme(IReadOnlyList<string> cameras, Func<int, long> cut, Func<int, long, PreviewPicture> cameraPreview,
        IReadOnlyList<PluginInfo> plugins, Action<string, JsonElement> configure)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentNullException.ThrowIfNull(cut);
        ArgumentNullException.ThrowIfNull(cameraPreview);
        lock (_gate)
        {
            (_cameraNames, _cut, _cameraPreview) = ([.. cameras], cut, cameraPreview);
            SetPlugins(plugins, configure);
        }
    }

    /// <summary>
    /// The plugins alone (no cameras: a channel without pictures), as <see cref="AttachProgramme"/> gives them:
    /// <paramref name="plugins"/> overlay and analytics (only overlays can be switched on and off), and
    /// <paramref name="configure"/> applying new settings on the channel thread.
    /// </summary>
    public void AttachPlugins(IReadOnlyList<PluginInfo> plugins, Action<string, JsonElement> configure)
    {
        lock (_gate)
            SetPlugins(plugins, configure);
    }

    // Under _gate.
    private void SetPlugins(IReadOnlyList<PluginInfo> plugins, Action<string, JsonElement> configure)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(configure);
        _allPlugins = [.. plugins];
        _overlayPlugins = [.. plugins.Where(p => p.Kind.Contains("overlay", StringComparison.Ordinal))];
        _configure = configure;
        _pluginSettings.Clear();
        foreach (PluginInfo plugin in plugins)
            _pluginSettings[plugin.Name] = plugin.Settings;
    }

    /// <summary>How long a cut may take to reach air: the longest delay line plus the 2 s any command may take.</summary>
    public TimeSpan CutTimeout
    {
        get
        {
            FrameChannel? channel = Volatile.Read(ref _channel);
            int frames = _delay?.MaxDelayFrames ?? 0;
            return TimeSpan.FromSeconds(2 + (channel is null ? 0 : frames * channel.Rate.FrameDuration.ToDouble()));
        }
    }

    /// <summary>
    /// Cuts the programme to <paramref name="camera"/>: the channel puts that camera's latest picture into the delay
    /// line at its next tick, and the task completes when that picture is on air (its <see cref="ControlAck.AppliedAtFrame"/>:
    /// the programme's delay later; the graphics are drawn through the camera's calibration from that frame).
    /// </summary>
    /// <exception cref="ControlCommandException">No camera of that name (<c>camera</c>, not found) or none given.</exception>
    /// <exception cref="ControlUnavailableException">The programme is not running.</exception>
    public Task<ControlAck> CutAsync(string? camera)
    {
        if (string.IsNullOrWhiteSpace(camera))
            throw new ControlCommandException("camera", "required: the name of a camera (GET /api/state lists them)");
        Func<int, long> cut;
        int index;
        FrameChannel channel;
        lock (_gate)
        {
            channel = _channel ?? throw NotRunning();
            cut = _cut ?? throw new ControlUnavailableException("this run's programme cannot be cut (no cameras attached)");
            index = IndexOfCamera(camera);
        }
        long sequence = Interlocked.Increment(ref _sequence);
        long posted = Volatile.Read(ref _frame);
        var done = new TaskCompletionSource<ControlAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        string command = $"programme {camera}";
        channel.Post(() => _pendingCuts.Add(new PendingCut(done, command, sequence, posted, cut(index))));
        return done.Task;
    }

    /// <summary>
    /// Channel thread, every frame put out: the programme frame <paramref name="frameIndex"/> shows the picture of cut
    /// number <paramref name="cut"/> (0 before any); completes the acknowledgement of every cut up to it.
    /// </summary>
    public void ProgrammeShown(long cut, long frameIndex)
    {
        for (int i = _pendingCuts.Count - 1; i >= 0; i--)
        {
            PendingCut pending = _pendingCuts[i];
            if (pending.Cut > cut)
                continue;
            var ack = new ControlAck(pending.Sequence, pending.Command, pending.Posted, frameIndex);
            pending.Done.TrySetResult(ack);
            if (Applied is { } applied)
                ThreadPool.QueueUserWorkItem(a => applied(a), ack, preferLocal: false);
            _pendingCuts.RemoveAt(i);
        }
    }

    /// <summary>
    /// Camera <paramref name="camera"/>'s latest picture as it arrived (undelayed, no graphics), read back on the
    /// channel thread between frames: callers limit how often they ask (the HTTP server serves a cached one for 500 ms).
    /// </summary>
    /// <exception cref="ControlCommandException">No camera of that name (<c>camera</c>, not found).</exception>
    /// <exception cref="ControlUnavailableException">The programme is not running (the task: the camera has no picture yet).</exception>
    public Task<PreviewPicture> CameraPreviewAsync(string camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        FrameChannel channel;
        Func<int, long, PreviewPicture> preview;
        int index;
        lock (_gate)
        {
            channel = _channel ?? throw NotRunning();
            preview = _cameraPreview ?? throw new ControlUnavailableException("this run has no camera previews (no cameras attached)");
            index = IndexOfCamera(camera);
        }
        var done = new TaskCompletionSource<PreviewPicture>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Post(() =>
        {
            try
            {
                done.TrySetResult(preview(index, Volatile.Read(ref _frame)));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A preview that fails (a picture the plate cannot show, a GPU error) must not stop the programme.
                done.TrySetException(ex as ControlUnavailableException ?? new ControlUnavailableException($"camera '{camera}': the preview failed: {ex.Message}"));
            }
        });
        return done.Task;
    }

    /// <summary>The overlay plugins: name, where from, on or off, settings on air (any thread).</summary>
    public IReadOnlyList<PluginState> Plugins()
    {
        GraphicsState? graphics = _graphicsState;
        lock (_gate)
        {
            return [.. _overlayPlugins.Select(p => new PluginState(p.Name, p.Version, p.Source, p.Description,
                graphics?.Overlays.Contains(p.Name) ?? false, _pluginSettings.GetValueOrDefault(p.Name, p.Settings)))];
        }
    }

    /// <summary>
    /// Switches overlay plugin <paramref name="name"/> (a built-in or an external one) on or off, for everyone or
    /// (<paramref name="personId"/>) for one athlete.
    /// </summary>
    /// <exception cref="ControlCommandException">No overlay plugin of that name (<c>kind</c>), or an athlete never tracked (<c>personId</c>).</exception>
    /// <exception cref="ControlUnavailableException">The programme is not running.</exception>
    public Task<ControlAck> SetOverlayAsync(string name, bool on, int? personId)
    {
        ArgumentNullException.ThrowIfNull(name);
        RequireOverlay(name, "kind");
        if (personId is { } id)
            RequireKnown(id, "personId");
        string who = personId is { } p ? $" for #{p}" : "";
        return Post($"overlay {name} {(on ? "on" : "off")}{who}", g =>
        {
            if (personId is { } person)
            {
                g.Selection.SetPerson(name, person, on);
                return;
            }
            g.Selection.Set(name, on);
            g.Selection.ShowEveryone(name);
        });
    }

    /// <summary>
    /// New settings for plugin <paramref name="name"/> (overlay or analytics), checked by the plugin itself on the channel thread: a
    /// new instance configured with them replaces the one on air from the next frame. Invalid settings change nothing
    /// and fail the task with a <see cref="ControlCommandException"/> naming the first field at fault (its path in
    /// <paramref name="settings"/>) and listing every error.
    /// </summary>
    /// <exception cref="ControlCommandException">No plugin of that name (<c>name</c>, not found), or settings that are not a JSON object (<c>body</c>).</exception>
    /// <exception cref="ControlUnavailableException">The programme is not running.</exception>
    public Task<ControlAck> ConfigurePluginAsync(string name, JsonElement settings)
    {
        ArgumentNullException.ThrowIfNull(name);
        RequirePlugin(name);
        if (settings.ValueKind != JsonValueKind.Object)
            throw new ControlCommandException("body", $"must be a JSON object of the plugin's settings, not {settings.ValueKind}");
        Action<string, JsonElement> configure;
        FrameChannel channel;
        lock (_gate)
        {
            channel = _channel ?? throw NotRunning();
            configure = _configure ?? throw new ControlUnavailableException("this run's plugins cannot be configured");
        }
        JsonElement own = settings.Clone();
        string text = own.GetRawText();
        long sequence = Interlocked.Increment(ref _sequence);
        long posted = Volatile.Read(ref _frame);
        var done = new TaskCompletionSource<ControlAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Post(() =>
        {
            try
            {
                configure(name, own);
            }
            catch (PluginSettingsException ex)
            {
                done.TrySetException(SettingsRefused(name, ex));
                return;
            }
            catch (PluginLoadException ex)
            {
                done.TrySetException(new ControlCommandException("body", ex.Message));
                return;
            }
            lock (_gate)
                _pluginSettings[name] = text;
            _applied.Add((done, $"plugin {name} settings", sequence, posted));
        });
        return done.Task;
    }

    /// <summary>A plugin's refusal as the API's: the first field's path within the body, every error listed.</summary>
    private static ControlCommandException SettingsRefused(string name, PluginSettingsException ex)
    {
        string prefix = $"plugins.settings.{name}";
        string Strip(string error)
        {
            if (error.StartsWith(prefix + ".", StringComparison.Ordinal))
                return error[(prefix.Length + 1)..];
            return error.StartsWith(prefix, StringComparison.Ordinal) ? "body" + error[prefix.Length..] : error;
        }
        string[] errors = [.. ex.Errors.Select(Strip)];
        string first = errors.Length == 0 ? "body" : errors[0];
        int colon = first.IndexOf(':', StringComparison.Ordinal);
        string field = colon > 0 ? first[..colon] : "body";
        string detail = string.Join("; ", errors.Select(e => e.StartsWith(field + ":", StringComparison.Ordinal) ? e[(field.Length + 1)..].Trim() : e));
        return new ControlCommandException(field, $"{detail} (nothing changed: plugin '{name}' keeps its settings)");
    }

    private void RequirePlugin(string name)
    {
        lock (_gate)
        {
            if (!_allPlugins.Any(p => p.Name == name))
                throw new ControlCommandException("name", $"no plugin of this run is named '{name}'; use one of {string.Join(", ", _allPlugins.Select(p => p.Name))} (GET /api/plugins)", notFound: true);
        }
    }

    private void RequireOverlay(string name, string field, bool notFound = false)
    {
        lock (_gate)
        {
            if (_overlayPlugins.Any(p => p.Name == name))
                return;
            string known = _overlayPlugins.Count == 0 ? string.Join(", ", Enum.GetNames<OverlayKind>()).ToLowerInvariant()
                : string.Join(", ", _overlayPlugins.Select(p => p.Name));
            throw new ControlCommandException(field, $"'{name}' is not an overlay plugin of this run; use one of {known} (GET /api/plugins)", notFound);
        }
    }

    // Under _gate.
    private int IndexOfCamera(string camera)
    {
        for (int c = 0; c < _cameraNames.Count; c++)
        {
            if (_cameraNames[c] == camera)
                return c;
        }
        throw new ControlCommandException("camera", $"no camera is named '{camera}'; this run's cameras: {string.Join(", ", _cameraNames)}", notFound: true);
    }

    // Under _gate (from Detach).
    private void DetachProgramme()
    {
        (_cut, _cameraPreview, _configure) = (null, null, null);
    }

    private static ControlUnavailableException NotRunning() =>
        new("the programme is not running (starting: models loading, or stopped); try again once it runs");

    private readonly record struct PendingCut(TaskCompletionSource<ControlAck> Done, string Command, long Sequence, long Posted, long Cut);
}
