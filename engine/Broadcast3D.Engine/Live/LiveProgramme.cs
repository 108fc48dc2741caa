using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Control;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Gpu;
using Broadcast3D.Media;
using Broadcast3D.Renderer;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Skeletons;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// The live programme's work on the channel thread, one <see cref="Tick"/> per programme frame: takes the next
/// camera picture (the last one again, counted, when none is new), uploads its planes into the GPU delay line
/// (<see cref="DelayLine{T}"/> of <see cref="PlateSlot"/>s, its length set each tick by the
/// <see cref="ProgrammeDelay"/>, which measures each tracking result as it arrives), samples the skeletons at the
/// delayed picture's capture time and timeline segment (<see cref="SkeletonInterpolator"/>, which says how old they
/// are: the graphics age), prepares the overlay plugins once (<see cref="OverlayHost"/>; external plugins whose file
/// changed are reloaded between frames), draws the programme <see cref="CameraView"/> and, when an output takes it,
/// its graphics layer, and converts each on the GPU into the layouts its outputs take (<see cref="ProgramReadback"/>: yuv420p for x264, UYVY for NDI, straight RGBA
/// for the graphics layer), read back once per layout into pooled <see cref="Picture"/>s that every output of that
/// layout shares by reference. The readback is pipelined one frame deep: a tick hands the outputs the previous
/// frame's pictures, and <see cref="Flush"/> the last one. Creates and owns the GPU device: construct, call and
/// dispose on the channel thread. Buffers are allocated once (label strings per new person id excepted).
/// </summary>
internal sealed class LiveProgramme : IDisposable
{
    private readonly GpuDevice _device;
    private readonly CameraView _view;
    private readonly FrameQueue<ProgramPicture> _pictures;
    private readonly TripleBuffer<SkeletonSet> _skeletons;
    private readonly DelayLine<PlateSlot> _delay;
    private readonly ProgrammeDelay _delayControl;
    private readonly List<PlateSlot> _slots = [];
    private readonly SkeletonInterpolator _interpolator;
    private readonly SkeletonSet _sample;
    private readonly OverlayHost _overlays;
    private readonly AnalyticsHost _analytics;
    private readonly PluginCatalog _plugins;
    private readonly bool _ownsPlugins;
    private readonly FrameRate _rate;
    private readonly ProgramReadback _programme;
    private readonly ProgramReadback? _graphics;
    private readonly IReadOnlyList<ProgramSink> _sinks;
    // Per output (in sink order): whether it takes the graphics layer, and the index of its layout in that readback.
    private readonly (bool Alpha, int Layout)[] _takes;
    private readonly Picture?[] _finished;
    private readonly ThreadRole _channel = new("channel");
    private readonly Serilog.ILogger _log;
    private readonly Camera _camera;
    private readonly OverlayConfig _overlayConfig;
    private readonly LiveControl? _control;
    private bool _formatReported;
    // Each camera's latest frame (one reference each): the programme camera's is uploaded every tick, another's only
    // for a preview or after a cut to it.
    private VideoFrame?[] _latest = new VideoFrame?[1];
    // Per camera, the capture time, ingest stamp and timeline segment of its latest frame (of the set it came in).
    private (Rational Time, long Ingest, long Segment)[] _latestStamps = new (Rational, long, long)[1];
    private long _lastIngest;
    private long _onAirTicks = -1;
    private bool _tracked;
    private int _programmeCamera;
    private int _viewCamera;
    private long _cuts;
    private PlateSlot? _previewPlate;
    private CameraView?[] _previewViews = [];

    /// <param name="camera">The programme camera's calibration.</param>
    /// <param name="pictures">Every camera's frames from the ingest thread, each frame set in one slot (the programme camera's uploaded).</param>
    /// <param name="skeletons">The tracking worker's people.</param>
    /// <param name="delay">
    /// How many programme frames the picture is held back so the slower tracking lines up with it (fixed or
    /// automatic); the delay line holds its <see cref="ProgrammeDelay.MaxDelayFrames"/>.
    /// </param>
    /// <param name="overlay">What the overlays show.</param>
    /// <param name="width">Programme width, pixels.</param>
    /// <param name="height">Programme height, pixels.</param>
    /// <param name="maxPeople">People drawn at most.</param>
    /// <param name="outputs">
    /// What each output takes, in the order of <paramref name="sinks"/>: the layout of its pictures, and whether it
    /// takes the graphics layer (overlays with their key; straight <see cref="PixelLayout.Rgba8"/> only) instead of
    /// the programme. No alpha output: the graphics layer is never drawn.
    /// </param>
    /// <param name="sinks">
    /// The outputs, filled by the caller before the first tick, one per entry of <paramref name="outputs"/>; each
    /// holds at most <paramref name="sinkCapacity"/> pictures, which sizes the picture pools.
    /// </param>
    /// <param name="sinkCapacity">Pictures one output holds at most.</param>
    /// <param name="log">Receives a camera picture the plate cannot show (once), plugin failures and reloads.</param>
    /// <param name="plugins">The plugins the overlays run (the caller keeps it); null: the built-ins with default settings.</param>
    /// <param name="rate">The channel's frame rate, for the overlays' timecodes (default 60 fps).</param>
    /// <param name="control">The run's control API: told each frame begun and the people drawn (null: none).</param>
    /// <exception cref="GpuUnavailableException">No EGL device can be created (says what to install).</exception>
    /// <exception cref="ArgumentException">An alpha output asks for a layout other than straight RGBA.</exception>
    public LiveProgramme(Camera camera, FrameQueue<ProgramPicture> pictures, TripleBuffer<SkeletonSet> skeletons, ProgrammeDelay delay,
        OverlayConfig overlay, int width, int height, int maxPeople, IReadOnlyList<(PixelLayout Layout, bool Alpha)> outputs,
        IReadOnlyList<ProgramSink> sinks, int sinkCapacity, Serilog.ILogger log, PluginCatalog? plugins = null, FrameRate? rate = null,
        LiveControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(delay);
        foreach ((PixelLayout layout, bool alpha) in outputs)
        {
            if (alpha && layout != PixelLayout.Rgba8)
                throw new ArgumentException($"an alpha output takes the graphics layer as straight Rgba8 (its key), not {layout}", nameof(outputs));
        }
        // The programme is read back in every layout its outputs take (at least one, so the channel still composes
        // and counts frames with no output); the graphics layer only when an output takes it.
        PixelLayout[] programmeLayouts = [.. outputs.Where(o => !o.Alpha).Select(o => o.Layout).Distinct().DefaultIfEmpty(PixelLayout.Yuv420P)];
        bool graphicsLayer = outputs.Any(o => o.Alpha);
        _takes = [.. outputs.Select(o => (o.Alpha, o.Alpha ? 0 : Array.IndexOf(programmeLayouts, o.Layout)))];
        _finished = new Picture?[programmeLayouts.Length];
        _log = log;
        (_camera, _overlayConfig) = (camera, overlay);
        // Constructed on the channel thread, which then owns the device and every tick.
        _channel.Claim();
        _pictures = pictures;
        _skeletons = skeletons;
        _sinks = sinks;
        _device = GpuDevice.Create();
        try
        {
            _view = new CameraView(_device, "programme", camera, width, height);
            // Every picture the outputs of one layout hold, plus the one being filled: the pool never runs dry.
            int perLayout = Math.Max(1, programmeLayouts.Max(l => outputs.Count(o => !o.Alpha && o.Layout == l)));
            _programme = new ProgramReadback(_device, width, height, programmeLayouts, (perLayout * sinkCapacity) + 1);
            if (graphicsLayer)
                _graphics = new ProgramReadback(_device, width, height, [PixelLayout.Rgba8], (outputs.Count(o => o.Alpha) * sinkCapacity) + 1);
        }
        catch
        {
            _graphics?.Dispose();
            _programme?.Dispose();
            _view?.Dispose();
            _device.Dispose();
            throw;
        }
        _delayControl = delay;
        _delay = new DelayLine<PlateSlot>(delay.DelayFrames, delay.MaxDelayFrames, () =>
        {
            var slot = new PlateSlot();
            _slots.Add(slot);
            return slot;
        });
        // Twice the tracked sets' 2D boxes: an interpolated sample carries both results' (SkeletonInterpolator).
        _sample = new SkeletonSet(Pose2SimMarkers.Definition, maxPeople, 2 * skeletons.WriteSlot.MaxBoxes);
        // Enough results to bracket the oldest picture the line shows: tracking publishes at most one per programme frame.
        _interpolator = new SkeletonInterpolator(_sample, delay.MaxDelayFrames + 3);
        _ownsPlugins = plugins is null;
        _plugins = plugins ?? PluginCatalog.Load(PluginsConfig.Default, log);
        _rate = rate ?? FrameRate.Fps60;
        _analytics = new AnalyticsHost(Pose2SimMarkers.Definition, maxPeople, _plugins.CreateAnalytics(), new AnalyticsBoard(),
            _plugins.BudgetMilliseconds, log);
        // One selection: the control API's commands (through Graphics) change what the overlay host draws.
        Graphics = new ProgrammeGraphics(_plugins.Selection(_overlayConfig));
        _overlays = CreateOverlays(maxPeople, Graphics.Selection, Graphics);
        _control = control;
        _overlays.PrepareText(_view.Compositor);
        Description = _device.Info.ToString();
    }

    /// <summary>
    /// Every camera's calibration in camera order (the programme camera's at <see cref="ProgrammeCamera"/>): a cut to
    /// another camera draws the graphics through its calibration. Null: one camera only (the constructor's).
    /// </summary>
    public IReadOnlyList<Camera>? Cameras { get; init; }

    /// <summary>The cameras' names, in camera order (the control API's cuts and previews name them).</summary>
    public IReadOnlyList<string> CameraNames { get; init; } = ["programme"];

    /// <summary>
    /// The camera whose pictures go into the delay line (index into <see cref="Cameras"/>; initially the
    /// configuration's programme camera). Read from any thread; changed by <see cref="Cut"/> on the channel thread.
    /// </summary>
    public int ProgrammeCamera
    {
        get => Volatile.Read(ref _programmeCamera);
        init => _programmeCamera = _viewCamera = value;
    }

    /// <summary>
    /// Cuts the programme to camera <paramref name="camera"/> (channel thread, between frames): the next tick puts that
    /// camera's latest picture into the delay line, and the frame that picture leaves the line is drawn, graphics
    /// included, through its calibration. Returns the cut's number, which the plate carries so the control API can
    /// tell the frame it goes on air (<see cref="LiveControl.ProgrammeShown"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No such camera.</exception>
    public long Cut(int camera)
    {
        _channel.Assert();
        ArgumentOutOfRangeException.ThrowIfNegative(camera);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(camera, Cameras?.Count ?? 1);
        Volatile.Write(ref _programmeCamera, camera);
        return ++_cuts;
    }

    /// <summary>
    /// Camera <paramref name="camera"/>'s latest picture as it arrived (no delay, no overlays), drawn into a view at
    /// most <see cref="PreviewMaxWidth"/> wide and read back synchronously (channel thread, between frames; a few
    /// milliseconds and the picture's allocation: callers limit how often). Its frame is the programme frame index now.
    /// </summary>
    /// <exception cref="ControlUnavailableException">The camera has delivered no picture yet.</exception>
    public PreviewPicture CameraPreview(int camera, long frameIndex)
    {
        _channel.Assert();
        if ((uint)camera >= (uint)_latest.Length || _latest[camera] is not { } frame)
            throw new ControlUnavailableException($"camera '{CameraNames[camera]}' has delivered no picture yet; check its state in GET /api/state");
        _previewPlate ??= new PlateSlot();
        try
        {
            _previewPlate.Upload(_device, frame, Rational.Zero, 0);
        }
        catch (MediaException ex)
        {
            throw new ControlUnavailableException($"camera '{CameraNames[camera]}': {ex.Message}");
        }
        if (_previewViews.Length <= camera)
            Array.Resize(ref _previewViews, CameraNames.Count);
        // The view's size follows the picture's (a reconnect may change it); even, for the JPEG encoder's 4:2:0.
        int width = Math.Min(PreviewMaxWidth, frame.Width) & ~1;
        int height = Math.Max(2, (int)Math.Round((double)frame.Height * width / frame.Width)) & ~1;
        CameraView? view = _previewViews[camera];
        if (view is null || view.Width != width || view.Height != height)
        {
            view?.Dispose();
            _previewViews[camera] = view = new CameraView(_device, $"preview {CameraNames[camera]}", Cameras?[camera] ?? _camera, width, height);
        }
        view.Draw(_previewPlate, overlays: null);
        view.Compositor.FlushGraphics();
        // Camera pictures are opaque, so the premultiplied RGBA is straight RGBA.
        byte[] rgba = new byte[width * height * 4];
        view.Compositor.ReadRgba(rgba);
        return new PreviewPicture(width, height, rgba, frameIndex);
    }

    /// <summary>Widest camera preview drawn, pixels (the control API's largest JPEG).</summary>
    public const int PreviewMaxWidth = 640;

    /// <summary>
    /// Gives the run's control API (if any) the programme's cameras, cuts, camera previews and overlay plugins
    /// (channel thread, after the init properties are set and before the control is attached).
    /// </summary>
    public void AttachControl() =>
        _control?.AttachProgramme(CameraNames, Cut, CameraPreview, _plugins.Plugins, Configure);

    // Channel thread (a control command): checks the settings by configuring new instances (throws
    // PluginSettingsException, changing nothing) and puts them in place of the overlay and analytics ones on air; the
    // catalog keeps the settings for later reloads.
    private void Configure(string name, JsonElement settings) => _plugins.PrepareSettings(name, settings).Apply(_overlays, _analytics);

    /// <summary>Which overlays are on air and for whom: change it between frames (<c>FrameChannel.Post</c>).</summary>
    public OverlaySelection OverlaySelection => _overlays.Selection;

    /// <summary>Each overlay plugin's calls, failures, budget overruns and time (for the run report).</summary>
    public IReadOnlyList<PluginCounters> PluginCounters => [.. _overlays.Counters(), .. _analytics.Counters()];

    /// <summary>
    /// Test seam, called on the channel thread for every programme frame put out after the delay's warm-up (the frames
    /// whose graphics age is counted): its frame index, its picture (capture time, timeline segment), the graphics age
    /// (seconds; NaN: nothing drawn), the skeletons the overlays were prepared from (valid during the call only; null when
    /// nothing was drawn) and whether they are the result of the picture's own frame set (tracked, not interpolated).
    /// </summary>
    internal Action<long, PlateSlot, double, SkeletonSet?, bool>? FrameDrawn { get; init; }

    /// <summary>
    /// Capture time (common clock, 100 ns ticks) of the camera picture on air last, i.e. after the delay line: where a
    /// replay mark "now" goes. Negative before the first. Any thread.
    /// </summary>
    public long OnAirTicks => Volatile.Read(ref _onAirTicks);

    /// <summary>
    /// Consent and blur (issue #21; null: nothing blurred): the people of each picture who are not linked to a
    /// consenting identity are blurred before the overlays are drawn, by their 2D box in the camera on air (the
    /// tracked frame set's, so a person seen by that camera only is covered too; their mask's slices where the pose
    /// model gives a mask, <see cref="MaskShape"/>), else by their reprojected skeleton's rectangle.
    /// </summary>
    internal LivePrivacy? Privacy
    {
        get => _privacy;
        init
        {
            _privacy = value;
            _blur = value is null ? null : new BlurRegions(value.Blur, value.Registry, _sample.MaxPersons, Math.Max(32, (_sample.MaxBoxes * MaskShape.Slices) + _sample.MaxPersons));
            _boxes = new Vector4[_sample.MaxBoxes];
            _shapes = new float[_sample.MaxBoxes * SkeletonSet.ShapeFloats];
        }
    }

    private readonly LivePrivacy? _privacy;
    private readonly BlurRegions? _blur;
    private readonly Vector4[] _boxes = [];
    private readonly float[] _shapes = [];

    /// <summary>
    /// State changes the channel thread has handled (channel thread): the first tracking result, which starts the
    /// interpolation and the analytics (their first-use costs). On a loaded machine it comes after the steady-state
    /// window has begun, so the run's per-thread accounting counts that tick apart from the per-frame path.
    /// </summary>
    public long StateChanges { get; private set; }

    /// <summary>What the graphics show (channel thread; the control API's commands change it between frames).</summary>
    public ProgrammeGraphics Graphics { get; }

    /// <summary>The device drawing the programme (for the run report).</summary>
    public string Description { get; }

    /// <summary>The pools of every layout read back, programme and graphics layer (their copy counts are the picture path's).</summary>
    public IEnumerable<PicturePool> Pools => _graphics is null ? _programme.Pools : _programme.Pools.Concat(_graphics.Pools);

    /// <summary>
    /// Composes programme frame <paramref name="frameIndex"/> and hands it to the outputs (a frame an output cannot
    /// take is counted in <paramref name="stats"/>' drops); false while the delay line fills (nothing put out).
    /// </summary>
    public bool Tick(long frameIndex, ChannelStats stats, StageTiming composite, StageTiming? graphics)
    {
        _channel.Assert();
        long start = Stopwatch.GetTimestamp();
        _control?.BeginFrame(frameIndex);
        ProgramPicture slot = _pictures.Read(out bool isNew);
        bool newPicture = false;
        if (isNew)
        {
            if (slot.Cameras > _latest.Length)
            {
                // Once, on the first frame set.
                Array.Resize(ref _latest, slot.Cameras);
                Array.Resize(ref _latestStamps, slot.Cameras);
            }
            for (int c = 0; c < slot.Cameras; c++)
            {
                if (slot.Take(c) is { } frame)
                {
                    _latest[c]?.Dispose();
                    _latest[c] = frame;
                    _latestStamps[c] = (slot.Time, slot.IngestTimestamp, slot.Segment);
                    newPicture |= c == _programmeCamera;
                }
            }
        }
        if (!newPicture)
            stats.CountRepeat();
        VideoFrame? current = _programmeCamera < _latest.Length ? _latest[_programmeCamera] : null;
        (Rational Time, long Ingest, long Segment) stamp = _programmeCamera < _latest.Length ? _latestStamps[_programmeCamera] : default;
        // Twice a second at 60 fps: a rebuilt plugin is on air within a blink, and the file checks cost nothing noticeable.
        if (_plugins.HasExternals && frameIndex % 30 == 0)
            _plugins.ReloadInto(_overlays, _analytics);
        SkeletonSet skeletons = _skeletons.Read(out bool newSkeletons);
        if (newSkeletons)
        {
            if (!_tracked)
            {
                _tracked = true;
                StateChanges++;
            }
            _delayControl.RecordTrackingResult(skeletons.IngestTimestamp, start);
            _interpolator.Push(skeletons);
            // Each tracked frame set once, as it arrives (tracking runs slower than the channel, so none is missed).
            _analytics.Analyse(skeletons);
        }
        _delay.DelayFrames = _delayControl.Step(frameIndex);

        // A repeat uploads the held frame again: the delay line's next slot must show it too.
        PlateSlot write = _delay.WriteSlot;
        if (current is null)
            write.Clear();
        else
            Upload(write, current, stamp.Time, stamp.Ingest);
        write.Segment = current is null ? slot.Segment : stamp.Segment;
        (write.Camera, write.Cut) = (_programmeCamera, _cuts);
        PlateSlot? delayed = _delay.Push();
        if (delayed is null)
            return false;
        // A cut is on air when its camera's first picture leaves the delay line: from then the graphics go through
        // that camera's calibration (a slot that never held a picture says nothing of its camera).
        if (delayed.HasPicture && delayed.Camera != _viewCamera && Cameras is { } cameras)
        {
            _viewCamera = delayed.Camera;
            _view.Camera = cameras[_viewCamera];
        }
        _control?.ProgrammeShown(delayed.Cut, frameIndex);
        // A repeated picture is not new glass-to-output: only its first showing is measured (0 = not measured).
        long ingest = delayed.IngestTimestamp == _lastIngest ? 0 : delayed.IngestTimestamp;
        _lastIngest = delayed.IngestTimestamp;

        if (delayed.HasPicture)
            Volatile.Write(ref _onAirTicks, Replay.RecordingSchema.Ticks(delayed.Time));
        // Skeletons sampled at the picture's time, once for every pass; none before the first camera picture.
        double age = double.NaN;
        bool drawn = delayed.HasPicture && _interpolator.Sample(delayed.Time, delayed.Segment, _sample, out age);
        if (drawn)
            _overlays.Prepare(_sample, delayed.Time, age);
        else
            _overlays.Clear();
        _delayControl.RecordGraphicsAge(drawn ? age : double.NaN);
        if (_delayControl.WarmedUp)
            FrameDrawn?.Invoke(frameIndex, delayed, drawn ? age : double.NaN, drawn ? _sample : null, drawn && _interpolator.LastSampleTracked);
        _control?.PublishPeople(_overlays);
        if (drawn)
            _privacy?.ApplyRules(_sample);
        _view.Draw(delayed, _overlays, drawn && _blur is not null
            ? _blur.Select(_view.Camera, _boxes.AsSpan(0, _sample.BoxesOf(_viewCamera, _boxes, _shapes)), _sample, _shapes) : default);
        DrawLowerThird();
        _view.Compositor.FlushGraphics();
        _control?.CapturePreview(_view.Compositor, frameIndex);
        if (_programme.Submit(_view.Compositor.Output, frameIndex, delayed.Time, ingest, _finished))
            Send(alpha: false, stats);
        composite.Record(start);

        if (_graphics is not null)
        {
            start = Stopwatch.GetTimestamp();
            _view.DrawGraphics(delayed, _overlays);
            DrawLowerThird();
            _view.Compositor.FlushGraphics();
            if (_graphics.Submit(_view.Compositor.Output, frameIndex, delayed.Time, ingest, _finished))
                Send(alpha: true, stats);
            graphics?.Record(start);
        }
        return true;
    }

    /// <summary>
    /// Pictures the <see cref="WarmUp"/> read back (one per layout, each one full-frame copy): in the pools'
    /// counters, but no programme frame.
    /// </summary>
    public long WarmUpPictures { get; private set; }

    /// <summary>
    /// Before the clock starts (channel thread, once, before the first <see cref="Tick"/>): costs everything its
    /// first use costs, so that it is not paid on air when the first camera pictures arrive. Uploads a black
    /// synthetic yuv420p picture of the programme camera's calibrated size into every delay-line slot (each makes
    /// its plate textures), draws the programme (and the graphics layer when an output takes it) from it, with the
    /// overlays of a synthetic person (<see cref="WarmUpOverlays"/>), and reads
    /// each back in every layout (converters, fences, buffer mapping, the pools' first copies), then releases those
    /// pictures unsent and leaves every slot black. Counted in <see cref="WarmUpPictures"/>, not as frames.
    /// </summary>
    /// <exception cref="GpuException">The GPU did not finish the warm-up frame (hung or lost device).</exception>
    public void WarmUp()
    {
        _channel.Assert();
        // Black in BT.709 limited range (Y 16, Cb = Cr 128): what a camera that is not yet delivering shows.
        int plateWidth = _camera.ImageWidth, plateHeight = _camera.ImageHeight;
        int chromaWidth = plateWidth / 2, chromaHeight = plateHeight / 2;
        byte[] luma = new byte[plateWidth * plateHeight];
        byte[] chroma = new byte[chromaWidth * chromaHeight];
        Array.Fill(luma, (byte)16);
        Array.Fill(chroma, (byte)128);
        var planes = new ImagePlanes(PixelLayout.Yuv420P, plateWidth, plateHeight, luma, plateWidth, chroma, chromaWidth, chroma, chromaWidth);
        foreach (PlateSlot slot in _slots)
        {
            try
            {
                slot.Upload(_device, planes, Rational.Zero, ingestTimestamp: 0);
            }
            catch (MediaException)
            {
                // A calibrated size the plate cannot show (odd): the camera's own pictures will say so on air.
                slot.Clear();
            }
        }
        long copiesBefore = Pools.Sum(p => p.FullFrameCopies);
        PlateSlot plate = _slots[0];
        using OverlayHost overlays = WarmUpOverlays();
        _view.Draw(plate, overlays);
        _view.Compositor.FlushGraphics();
        _programme.Submit(_view.Compositor.Output, -1, Rational.Zero, 0, _finished);
        if (_programme.Flush(_finished))
            ReleaseFinished();
        if (_graphics is not null)
        {
            _view.DrawGraphics(plate, overlays);
            _view.Compositor.FlushGraphics();
            _graphics.Submit(_view.Compositor.Output, -1, Rational.Zero, 0, _finished);
            if (_graphics.Flush(_finished))
                ReleaseFinished();
        }
        WarmUpPictures = Pools.Sum(p => p.FullFrameCopies) - copiesBefore;
        foreach (PlateSlot slot in _slots)
            slot.Clear();
    }

    /// <summary>End of a run (channel thread): hands the last frame, still in flight in the pipelined readback, to the outputs.</summary>
    public void Flush(ChannelStats stats)
    {
        _channel.Assert();
        if (_programme.Flush(_finished))
            Send(alpha: false, stats);
        if (_graphics is not null && _graphics.Flush(_finished))
            Send(alpha: true, stats);
    }

    public void Dispose()
    {
        _channel.Assert();
        for (int c = 0; c < _latest.Length; c++)
        {
            _latest[c]?.Dispose();
            _latest[c] = null;
        }
        foreach (PlateSlot slot in _slots)
            slot.Dispose();
        _previewPlate?.Dispose();
        foreach (CameraView? view in _previewViews)
            view?.Dispose();
        _graphics?.Dispose();
        _programme.Dispose();
        _overlays.Dispose();
        _view.Dispose();
        _device.Dispose();
        if (_ownsPlugins)
            _plugins.Dispose();
    }

    private OverlayHost CreateOverlays(int maxPeople, OverlaySelection selection, ProgrammeGraphics? graphics) =>
        new(Pose2SimMarkers.Definition, maxPeople, _plugins.CreateOverlays(), selection, _overlayConfig.MaxSkeletonAge,
            _rate, _plugins.BudgetMilliseconds, _log, _analytics.Board) { Graphics = graphics };

    /// <summary>The lower third on air, over everything else (on a black programme too: it is the producer's, not the camera's).</summary>
    private void DrawLowerThird()
    {
        if (Graphics.LowerThird is { } lowerThird)
            _view.Compositor.DrawLowerThird(lowerThird.Title, lowerThird.Subtitle, ProgrammeGraphics.LowerThirdAccent);
    }

    /// <summary>The camera picture into the delay line; a format the plate cannot show goes to air black, said once.</summary>
    private void Upload(PlateSlot write, VideoFrame frame, Rational time, long ingestTimestamp)
    {
        try
        {
            write.Upload(_device, frame, time, ingestTimestamp);
        }
        catch (MediaException ex)
        {
            write.Clear();
            if (!_formatReported)
            {
                _formatReported = true;
                _log.Error("the programme camera's pictures go to air black: {Error:l}", ex.Message);
            }
        }
    }

    /// <summary>
    /// Hands the finished pictures (one per layout) to the outputs of their layer and layout, each taking its own
    /// reference, then drops the channel's.
    /// </summary>
    private void Send(bool alpha, ChannelStats stats)
    {
        for (int i = 0; i < _sinks.Count; i++)
        {
            (bool takesAlpha, int layout) = _takes[i];
            if (takesAlpha == alpha && (_finished[layout] is not { } picture || !_sinks[i].TryPush(picture)))
                stats.CountDrop();
        }
        for (int l = 0; l < _finished.Length; l++)
        {
            _finished[l]?.Release();
            _finished[l] = null;
        }
    }

    /// <summary>
    /// Overlays of their own (the programme's keep no trace of it) showing one synthetic person 3 m in front of the
    /// programme camera, seen twice so that the trail and speed label exist too: drawing them makes the skeleton
    /// and trail geometry and rasterises the glyphs of the labels on air ('#', the digits, " m/s").
    /// </summary>
    private OverlayHost WarmUpOverlays()
    {
        SkeletonDefinition definition = Pose2SimMarkers.Definition;
        var person = new SkeletonSet(definition, 1) { Count = 1 };
        // The id's label "#1234567890" holds every digit an id's label can show.
        person.PersonIds[0] = 1234567890;
        Vector3d centre = _camera.Rotation.Transpose() * (new Vector3d(0, 0, 3) - _camera.TranslationMetres);
        Span<float> joints = person.PersonJoints(0);
        for (int j = 0; j < definition.KeypointCount; j++)
        {
            // A short vertical column (Z up) of distinct points: every bone has a length, none degenerates.
            joints[j * 3] = (float)centre.X;
            joints[(j * 3) + 1] = (float)centre.Y;
            joints[(j * 3) + 2] = (float)(centre.Z + (0.04 * j));
        }
        OverlayHost overlays = CreateOverlays(1, _plugins.Selection(_overlayConfig), graphics: null);
        overlays.Prepare(person, Rational.Zero, 0);
        overlays.Prepare(person, new Rational(1, 10), 0);
        return overlays;
    }

    /// <summary>Drops the warm-up's reference to each finished picture: nothing is sent.</summary>
    private void ReleaseFinished()
    {
        for (int l = 0; l < _finished.Length; l++)
        {
            _finished[l]?.Release();
            _finished[l] = null;
        }
    }
}
