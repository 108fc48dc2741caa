using System.Diagnostics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Gpu;
using Broadcast3D.Media;
using Broadcast3D.Renderer;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// The replay channel's work on its own channel thread, one <see cref="Tick"/> per frame at the programme's rate:
/// the picture the <see cref="ReplayController"/> shows at the replay position (black when nothing is cued) as the
/// plate of the cued camera's <see cref="CameraView"/>, the recorded 3D interpolated at the replayed sub-frame time
/// (<see cref="SkeletonInterpolator"/> over the clip's recorded sets: at 25 % the picture steps every fourth frame while
/// the skeleton moves every frame) drawn by an <see cref="OverlayHost"/> of the run's plugins (instances of their own,
/// with the configuration's overlay selection), read back in the layouts the replay outputs take and handed to them.
/// A virtual camera shot (<see cref="ReplayController.PlayVirtual"/>) is drawn by its <see cref="VirtualCamera"/> instead,
/// with the real camera's picture of the same instant under its dissolve, and the athletes' carved meshes where the
/// <see cref="ReplayMeshWorker"/> has built them (issue #18; capsules elsewhere).
/// Creates and owns its GPU device: construct, call and dispose on the replay channel thread. The clip's 3D is read
/// from the index when a clip is cued (and again, at most once a second, while the recording has not yet caught up
/// with the clip's end); nothing else is allocated per frame.
/// </summary>
internal sealed class ReplayProgramme : IDisposable
{
    // Tracking publishes a set ~0.5–2 s after its capture (docs/delay.md): a few seconds of retries reach the clip's
    // end; a clip whose end has nobody tracked stops asking then.
    private const int MaxReloads = 5;

    private readonly GpuDevice _device;
    private readonly Dictionary<string, CameraView> _views = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Camera> _calibrations = new(StringComparer.Ordinal);
    private readonly PluginCatalog _plugins;
    private readonly FrameRate _rate;
    private readonly int _width, _height;
    private readonly CameraView _black;
    private readonly PlateSlot _plate = new();
    private readonly ProgramReadback _readback;
    private readonly Picture?[] _finished;
    private readonly int[] _layoutOf;
    private readonly IReadOnlyList<ProgramSink> _sinks;
    private readonly OverlayHost _overlays;
    private readonly SkeletonSet _sample;
    private readonly RecordingCatalog _catalog;
    private readonly RecordedRun _run;
    private readonly int _maxPeople;
    private readonly int _framesPerSecond;
    private readonly ThreadRole _thread = new("replay channel");
    private readonly Serilog.ILogger _log;
    private ReplayController? _controller;
    private Control.ReplayControl? _preview;
    private ReplayMeshWorker? _meshes;
    private SkeletonInterpolator? _interpolator;
    private (Rational In, Rational Out)? _loaded;
    private Rational _loadedUntil;
    private int _reloads;
    private RecordedBlurRegions? _blur;
    private (string Camera, Rational In, Rational Out)? _blurLoaded;
    private int _blurReloads;
    private bool _formatReported;

    /// <param name="cameras">Every camera of the run with its calibration (name, calibrated camera).</param>
    /// <param name="catalog">The recording's index, read on this thread (the 3D of each clip).</param>
    /// <param name="run">The run replayed.</param>
    /// <param name="plugins">The run's plugins (the caller keeps them): new overlay instances are made from them.</param>
    /// <param name="overlay">What the overlays show.</param>
    /// <param name="rate">The channel's (the programme's) frame rate.</param>
    /// <param name="width">Output width, pixels.</param>
    /// <param name="height">Output height, pixels.</param>
    /// <param name="maxPeople">People drawn at most.</param>
    /// <param name="layouts">The layout each output takes, in the order of <paramref name="sinks"/>.</param>
    /// <param name="sinks">The replay outputs, each holding at most <paramref name="sinkCapacity"/> pictures.</param>
    /// <param name="sinkCapacity">Pictures one output holds at most.</param>
    /// <param name="log">Receives a picture the plate cannot show (once) and plugin failures.</param>
    /// <exception cref="GpuUnavailableException">No EGL device can be created (says what to install).</exception>
    public ReplayProgramme(IReadOnlyList<(string Name, Camera Camera)> cameras, RecordingCatalog catalog, RecordedRun run, PluginCatalog plugins,
        OverlayConfig overlay, FrameRate rate, int width, int height, int maxPeople, IReadOnlyList<PixelLayout> layouts, IReadOnlyList<ProgramSink> sinks,
        int sinkCapacity, Serilog.ILogger log)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentNullException.ThrowIfNull(layouts);
        _thread.Claim();
        _catalog = catalog;
        _run = run;
        _sinks = sinks;
        _log = log;
        _maxPeople = maxPeople;
        _plugins = plugins;
        _rate = rate;
        (_width, _height) = (width, height);
        _framesPerSecond = rate.NominalFramesPerSecond;
        foreach ((string name, Camera camera) in cameras)
            _calibrations[name] = camera;
        PixelLayout[] distinct = [.. layouts.Distinct()];
        _layoutOf = [.. layouts.Select(l => Array.IndexOf(distinct, l))];
        _finished = new Picture?[distinct.Length];
        _device = GpuDevice.Create();
        try
        {
            // One view per camera, made before the clock starts: a camera switch on air costs no allocation.
            foreach ((string name, Camera camera) in cameras)
                _views[name] = new CameraView(_device, $"replay {name}", camera, width, height);
            _black = _views[cameras[0].Name];
            int perLayout = Math.Max(1, distinct.Max(l => layouts.Count(x => x == l)));
            _readback = new ProgramReadback(_device, width, height, distinct, (perLayout * sinkCapacity) + 1);
        }
        catch
        {
            foreach (CameraView view in _views.Values)
                view.Dispose();
            _device.Dispose();
            throw;
        }
        _sample = new SkeletonSet(Pose2SimMarkers.Definition, maxPeople);
        _overlays = new OverlayHost(Pose2SimMarkers.Definition, maxPeople, plugins.CreateOverlays(), plugins.Selection(overlay), overlay.MaxSkeletonAge,
            rate, plugins.BudgetMilliseconds, log);
        foreach (CameraView view in _views.Values)
            _overlays.PrepareText(view.Compositor);
    }

    /// <summary>
    /// The controller whose pictures are shown (set once, before the first tick: it is made with the channel); its
    /// virtual camera shots are made on this channel's device.
    /// </summary>
    public ReplayController Controller
    {
        set
        {
            _controller = value;
            value.VirtualShots = CreateShot;
        }
    }

    /// <summary>
    /// Carves each cued clip's athlete meshes off this thread (set before the first tick; null: capsules only): a
    /// virtual camera shot draws the meshes of the instants already carved, capsules at the others.
    /// </summary>
    public ReplayMeshWorker? Meshes
    {
        set => _meshes = value;
    }

    /// <summary>Where the panel's replay preview is asked for and handed over (set before the first tick; null: none).</summary>
    public Control.ReplayControl? Preview
    {
        set => _preview = value;
    }

    /// <summary>Each overlay plugin's calls, failures and time on the replay channel.</summary>
    public IReadOnlyList<PluginCounters> PluginCounters => _overlays.Counters();

    /// <summary>Frames whose picture came from a cued clip (not black).</summary>
    public long ClipFrames { get; private set; }

    /// <summary>Frames with at least one recorded blur region blurred (issue #21).</summary>
    public long PicturesBlurred { get; private set; }

    /// <summary>Recorded blur regions blurred, all frames.</summary>
    public long RegionsBlurred { get; private set; }

    /// <summary>Composes replay frame <paramref name="frameIndex"/> and hands it to the outputs (a frame an output cannot take is counted as a drop).</summary>
    public void Tick(long frameIndex, ChannelStats stats, StageTiming composite)
    {
        _thread.Assert();
        long start = Stopwatch.GetTimestamp();
        VideoFrame? picture = _controller?.NextPicture(frameIndex);
        (string? Camera, Rational In, Rational Out, Rational Position) state = _controller?.Shown ?? default;
        (VirtualCamera Camera, int Frame)? shot = _controller?.ShotShown;
        CameraView view = state.Camera is { } camera && _views.TryGetValue(camera, out CameraView? cued) ? cued : _black;
        ReadOnlySpan<System.Numerics.Vector4> blur = default;
        if (picture is null)
        {
            _plate.Clear();
            _overlays.Clear();
        }
        else
        {
            ClipFrames++;
            Upload(picture, state.Position);
            LoadSkeletons(state.In, state.Out, frameIndex);
            if (state.Camera is { } shownCamera)
            {
                LoadBlur(shownCamera, state.In, state.Out, frameIndex);
                blur = _blur!.At(state.Position);
                if (!blur.IsEmpty)
                {
                    PicturesBlurred++;
                    RegionsBlurred += blur.Length;
                }
            }
            if (_interpolator is not null && _interpolator.Sample(state.Position, 0, _sample, out double age))
                _overlays.Prepare(_sample, state.Position, age);
            else
                _overlays.Clear();
        }
        Compositor drawn;
        if (shot is { } virtualShot)
        {
            // The real camera's picture of the same instant is drawn only while it dissolves in.
            bool dissolving = virtualShot.Camera.RealOpacity(virtualShot.Frame) > 0;
            if (dissolving)
            {
                view.Draw(_plate, _overlays, blur);
                view.Compositor.FlushGraphics();
            }
            virtualShot.Camera.Draw(virtualShot.Frame, dissolving ? view.Compositor.Output : null);
            drawn = virtualShot.Camera.Compositor;
        }
        else
        {
            view.Draw(_plate, _overlays, blur);
            view.Compositor.FlushGraphics();
            drawn = view.Compositor;
        }
        _preview?.CapturePreview(drawn, frameIndex);
        if (_readback.Submit(drawn.Output, frameIndex, state.Position, 0, _finished))
            Send(stats);
        composite.Record(start);
    }

    /// <summary>End of the run: hands the last frame, still in flight in the pipelined readback, to the outputs.</summary>
    public void Flush(ChannelStats stats)
    {
        _thread.Assert();
        if (_readback.Flush(_finished))
            Send(stats);
    }

    public void Dispose()
    {
        _thread.Assert();
        _plate.Dispose();
        _readback.Dispose();
        _overlays.Dispose();
        foreach (CameraView view in _views.Values)
            view.Dispose();
        _device.Dispose();
    }

    /// <summary>
    /// The clip's recorded 3D (a second either side, so the ends interpolate) into an interpolator of its own, when a
    /// new clip is cued; again once a second while the index has not yet caught up with the clip's end (a clip marked
    /// out at the picture on air, whose last frame sets are still being tracked), at most <see cref="MaxReloads"/> times.
    /// </summary>
    private void LoadSkeletons(Rational clipIn, Rational clipOut, long frameIndex)
    {
        bool newClip = _loaded is not { } loaded || loaded.In != clipIn || loaded.Out != clipOut;
        if (!newClip && (_loadedUntil >= clipOut || _reloads >= MaxReloads || frameIndex % _framesPerSecond != 0))
            return;
        _reloads = newClip ? 0 : _reloads + 1;
        var margin = new Rational(1, 1);
        IReadOnlyList<SkeletonSet> sets = _catalog.Skeletons(_run, Pose2SimMarkers.Definition, _maxPeople, clipIn - margin, clipOut + margin);
        _loaded = (clipIn, clipOut);
        _loadedUntil = sets.Count > 0 ? sets[^1].Time : Rational.Zero;
        if (sets.Count == 0)
        {
            _interpolator = null;
            return;
        }
        _interpolator = new SkeletonInterpolator(_sample, Math.Max(2, sets.Count));
        foreach (SkeletonSet set in sets)
            _interpolator.Push(set);
    }

    /// <summary>
    /// The blur regions recorded beside <paramref name="camera"/>'s pictures of the clip (issue #21): when a clip is
    /// cued or the camera switched, and again like the 3D (<see cref="LoadSkeletons"/>) while the index has not caught
    /// up with the clip's end. Applied whatever <c>record.keepUnblurred</c> says: the replay channel is on air.
    /// </summary>
    private void LoadBlur(string camera, Rational clipIn, Rational clipOut, long frameIndex)
    {
        bool changed = _blurLoaded is not { } loaded || loaded.Camera != camera || loaded.In != clipIn || loaded.Out != clipOut;
        if (!changed && (_blur!.Until >= clipOut || _blurReloads >= MaxReloads || frameIndex % _framesPerSecond != 0))
            return;
        _blurReloads = changed ? 0 : _blurReloads + 1;
        _blur = new RecordedBlurRegions(_catalog, _run, camera, clipIn, clipOut);
        _blurLoaded = (camera, clipIn, clipOut);
    }

    /// <summary>
    /// A virtual camera shot of the cued <paramref name="camera"/> at <paramref name="times"/> (common clock) on this
    /// channel's device, from the clip's recorded 3D and the camera's calibration (channel thread, at the command).
    /// </summary>
    private VirtualCamera CreateShot(VirtualCameraShot shot, IReadOnlyList<Rational> times, string camera)
    {
        _thread.Assert();
        var skeletons = new RecordedSkeletons(_catalog, _run, times.Min(), times.Max());
        // The cued clip's meshes as far as they are carved: read per frame, so instants carved during the shot show.
        MeshDrawing? meshes = _meshes?.Current is { Carve: true } clip ? new MeshDrawing(clip) : null;
        return new VirtualCamera(_device, shot, times, _calibrations[camera], _width, _height, skeletons, _plugins, _rate, _log, meshes);
    }

    private void Upload(VideoFrame picture, Rational time)
    {
        try
        {
            _plate.Upload(_device, picture, time, ingestTimestamp: 0);
        }
        catch (MediaException ex)
        {
            _plate.Clear();
            if (!_formatReported)
            {
                _formatReported = true;
                _log.Error("the replay's pictures go out black: {Error:l}", ex.Message);
            }
        }
    }

    private void Send(ChannelStats stats)
    {
        for (int i = 0; i < _sinks.Count; i++)
        {
            if (_finished[_layoutOf[i]] is not { } picture || !_sinks[i].TryPush(picture))
                stats.CountDrop();
        }
        for (int l = 0; l < _finished.Length; l++)
        {
            _finished[l]?.Release();
            _finished[l] = null;
        }
    }
}
