using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Control;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Engine.Sync;
using Broadcast3D.Media.Ingest;
using Broadcast3D.Media;
using Broadcast3D.Ndi;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Preprocessing;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.FrameSets;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Media.Recording;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// <c>b3d run</c>: the live pipeline of ARCHITECTURE.md ("Time and threads"). One reader thread per camera (bounded
/// queues, live drops oldest) → <see cref="CameraSync"/> on the ingest thread, which hands the programme camera's
/// pictures to the channel in order (<see cref="FrameQueue{T}"/>, a frame of backlog) and the newest frame set to the
/// <see cref="TrackingWorker"/> (latest wins) → skeletons through a triple buffer → the channel thread
/// (<see cref="FrameChannel"/> on the real-time clock) delays the picture by the configured frames, interpolates the
/// skeletons to the picture's capture time, composites, and pushes to each <see cref="ProgramSink"/> (outputs with
/// <c>alpha</c> get the graphics layer: overlays only, with their key). The channel never waits on cameras, inference
/// or outputs: a late picture is repeated and counted. Cancellation stops between frames and every output is finalised.
/// One run per instance.
/// </summary>
public sealed class LivePipeline
{
    private const int MaxPeople = 8;
    internal const int SinkCapacity = 3; // one in flight, two waiting: rides out a short network or disk hiccup
    private const int MaxTrackingRestarts = 5; // a fault that repeats this often will not go away by restarting

    // Decoded frames held past a reader's queue: the one being decoded, the sync's current and next, the channel's
    // hand-over queue (4 slots) and current picture, the tracker's set.
    private const int FramesHeldDownstream = 9;
    private const int ReaderQueue = 4; // frames a camera's reader holds for the ingest: a few frames of jitter
    // How long a stop waits for the last segments to be blurred on disk (issue #21); the rest is done at the next start.
    private static readonly TimeSpan BlurOnDiskAtStop = TimeSpan.FromSeconds(30);
    private const int EncodingRecorderQueue = 8; // pictures an encode-mode recorder holds (EncodingRecorderOptions.QueueFrames)
    // Frames each live thread runs before its CPU and allocation window opens: JIT tiering, pools filling, codecs
    // starting (a second at 60 fps), as the baseline of docs/picture-path-baseline.md was measured.
    private const int CostWarmUpFrames = 60;

    private readonly PipelineConfig _config;
    private readonly Serilog.ILogger _log;

    /// <summary>Prepares a run of <paramref name="config"/>; <paramref name="log"/> receives state changes (any thread; null: the process logger).</summary>
    public LivePipeline(PipelineConfig config, Serilog.ILogger? log = null)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _log = log ?? Serilog.Log.Logger;
        Delay = new ProgrammeDelay(config.AutoDelay, config.DelayFrames, config.AutoDelay ? config.MaxDelayFrames : config.DelayFrames, config.FrameRate);
    }

    /// <summary>
    /// The run's programme delay (automatic or fixed, from the configuration): its <see cref="ProgrammeDelay.State"/>
    /// may be read from any thread; its commands (<see cref="ProgrammeDelay.Fix"/>, <see cref="ProgrammeDelay.Auto"/>)
    /// must run on the channel thread, posted with <see cref="FrameChannel.Post"/>.
    /// </summary>
    public ProgrammeDelay Delay { get; }

    /// <summary>
    /// Test seam at the tracking worker's boundary: called on the tracking thread before each frame set with the sets
    /// tracked so far; an exception thrown from it is a tracking failure (see <see cref="TrackingWorker"/>).
    /// </summary>
    internal Action<long>? TrackingFault { get; init; }

    /// <summary>Test seam: <see cref="LiveProgramme.FrameDrawn"/> of the run's programme (channel thread).</summary>
    internal Action<long, Rendering.PlateSlot, double, SkeletonSet?, bool>? FrameDrawn { get; init; }

    /// <summary>
    /// The control API's surface (null: none). The run attaches it just before the programme clock starts and
    /// detaches it when the channel stops; its commands are applied on the channel thread between frames.
    /// </summary>
    public LiveControl? Control { get; init; }

    /// <summary>Consent registry and blur shared with the control API (null: made from the configuration's <c>privacy</c> section).</summary>
    public LivePrivacy? Privacy { get; init; }

    /// <summary>
    /// Runs until <paramref name="frames"/> programme ticks have passed (null: until cancelled; ticks the channel
    /// dropped to stay on the wall clock count too), then stops every
    /// thread and finalises the outputs. Throws for a bad calibration, a missing model or an NDI runtime that is
    /// not installed, before any thread starts.
    /// </summary>
    public LiveRunReport Run(long? frames, CancellationToken cancellation)
    {
        CameraRig calibration = CalibrationToml.Read(_config.CalibrationPath);
        LivePrivacy privacy = Privacy ?? LivePrivacy.From(_config.Privacy);
        if (calibration.Count != _config.Cameras.Count)
            throw new ConfigException($"{_config.CalibrationPath} has {calibration.Count} cameras, the configuration {_config.Cameras.Count}: list the cameras in calibration order");
        int programIndex = -1;
        for (int c = 0; c < _config.Cameras.Count; c++)
        {
            if (_config.Cameras[c].Name == _config.Program.Camera)
                programIndex = c;
        }
        if (programIndex < 0)
            throw new ConfigException($"program.camera '{_config.Program.Camera}' is not one of the cameras");
        Camera programCamera = calibration.Cameras[programIndex];
        // The 3D from a fusion node on the bus: no models, no tracking worker here (the pictures are still read here).
        string? busUrl = _config.Tracking.Source == TrackingSource.Bus ? _config.Tracking.Bus : null;
        ModelReference? detector = busUrl is not null ? null : ModelCatalog.Resolve(_config.Models.Detector,
            _config.Models.DetectorFamily is { } df ? ModelCatalog.ParseFamily(df) : null);
        ModelReference? poseModel = busUrl is not null ? null
            : ModelCatalog.Resolve(_config.Models.Pose, _config.Models.PoseFamily is { } pf ? ModelCatalog.ParseFamily(pf) : null);
        FrameOutput[] decodeTo = CheckFileSources(calibration, programIndex);
        TrackingAccelerator accelerator = ResolveAccelerator(_config.Tracking.Accelerator);
        TrackingAccelerator preprocess = busUrl is not null ? TrackingAccelerator.Reference : ResolvePreprocess(_config.Tracking.Preprocess);
        int width = _config.Program.Width, height = _config.Program.Height;
        FrameRate rate = _config.FrameRate;
        // Plugins load and check their settings before any thread starts: a refused plugin stops the run here.
        using PluginCatalog plugins = PluginCatalog.Load(_config.Plugins, _log);
        plugins.ThrowIfRefused();

        // Inference takes every core it is given; one is left to the channel, ingest and outputs so the programme
        // keeps its rate (tracking then runs slower, which the triple buffer and interpolation absorb).
        var inference = new InferenceOptions(ExecutionProvider.Auto, Math.Max(1, Environment.ProcessorCount - 1), Preprocess: preprocess);
        var stages = new PipelineStages();
        // The graphics-only pass costs a second composite per frame: drawn only when an output takes it.
        bool graphicsLayer = _config.Outputs.Any(o => o.Alpha);
        LiveProgramme? programme = null;
        ProgrammeDelay delay = Delay;
        List<ProgramSink> sinks = [];
        FrameChannel channel = null!;
        StageTiming compositeTiming = null!;
        StageTiming? graphicsTiming = null;
        // One accounting per live thread, each started on its thread; the channel's also samples the whole process.
        var costs = new ThreadCostBook(CostWarmUpFrames);
        ThreadAccounting channelCost = costs.Add("channel", sampleProcess: true);
        ThreadAccounting ingestCost = costs.Add("ingest");
        // Nothing is put out while the delay line fills (Tick returns false).
        channel = new FrameChannel("programme", new RealtimeFrameClock(rate), tick =>
        {
            long stateChanges = programme!.StateChanges;
            programme.Tick(tick.FrameIndex, channel.Stats, compositeTiming, graphicsTiming);
            if (programme.StateChanges != stateChanges)
                channelCost.StateChangeDone();
            else
                channelCost.FrameDone();
        });
        StageTiming trackingTiming = channel.Stats.AddStage("tracking (frame set)");
        StageTiming arrivalTiming = channel.Stats.AddStage("camera arrival → picture handed over");
        StageTiming ingestTiming = channel.Stats.AddStage("sync → picture handed over");
        compositeTiming = channel.Stats.AddStage("composite");
        if (graphicsLayer)
            graphicsTiming = channel.Stats.AddStage("composite graphics layer (alpha)");

        var readers = new List<CameraReader>();
        // Room for every camera's 2D people (the pose stage keeps 8 a camera, Pose2DOptions.MaxPeoplePerCamera): the privacy blur's boxes.
        var skeletons = new TripleBuffer<SkeletonSet>(() => new SkeletonSet(Pose2SimMarkers.Definition, MaxPeople, MaxPeople * _config.Cameras.Count));
        // In order, not latest-wins: the cameras and the channel tick at one rate on two clocks, and a picture that
        // lands just after a tick must wait for the next rather than replace its predecessor (repeat + loss each
        // time the phases meet). A backlog of 1 absorbs a frame of jitter and bounds the latency it adds to a frame.
        var pictureSlots = new List<ProgramPicture>();
        var pictures = new FrameQueue<ProgramPicture>(() =>
        {
            var slot = new ProgramPicture(_config.Cameras.Count);
            pictureSlots.Add(slot);
            return slot;
        }, maxBacklog: 1);
        using var stopIngest = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        // A token's first registration (a blocking wait for a late camera frame registers) makes its registration
        // table; later ones reuse freed nodes. Made here, so the ingest's first late frame allocates nothing.
        stopIngest.Token.Register(static () => { }).Dispose();
        TrackingWorker? worker = null;
        BusSkeletonFeed? feed = null;
        RecordingIndex? recording = null;
        SegmentBlurWorker? blurOnDisk = null;
        string? blurOnDiskLine = null;
        LiveReplayChannel? replay = null;
        var recorders = new List<IDisposable>();
        CameraSync? sync = null;
        Thread? ingest = null;
        long framesOut = 0;
        try
        {
            // The channel thread (this one: FrameChannel.Run ticks on its caller) creates and owns the GPU device.
            programme = new LiveProgramme(programCamera, pictures, skeletons, delay, _config.Overlay, width, height, MaxPeople,
                [.. _config.Outputs.Select(o => (LayoutOf(o), o.Alpha))], sinks, SinkCapacity, _log, plugins, rate, Control)
            {
                FrameDrawn = FrameDrawn, Cameras = calibration.Cameras, CameraNames = [.. _config.Cameras.Select(c => c.Name)], ProgrammeCamera = programIndex, Privacy = privacy,
            };
            _log.Information("programme composited on {Compositor:l}", programme.Description);
            // Before the clock starts: the first plate, draw, overlays, glyphs and readback cost their first use here, not on air.
            programme.WarmUp();
            // Into the list the finally completes: outputs opened before one that fails are finalised, not leaked.
            CreateSinks(sinks, width, height, rate, channel.Stats, costs);
            // Made again by the worker when tracking fails (bounded restarts), so the models come back in a clean state.
            FrameSetTracker CreateTracker()
            {
                var tracker = new FrameSetTracker(calibration, new Pose2DPipeline(
                    new TimedPersonDetector(ModelCatalog.CreateDetector(detector!, inference), stages.Detect),
                    new TimedPoseEstimator(ModelCatalog.CreateEstimator(poseModel!, inference), stages.Pose),
                    _config.Cameras.Count, new Pose2DOptions(DetectEvery: _config.Models.DetectEvery)), MaxPeople, stages, accelerator);
                _log.Information("triangulation on {Triangulator:l}", tracker.TriangulatorDescription);
                return tracker;
            }
            // Recording for replay: the index first (a folder that cannot be written stops the run before the cameras start).
            if (_config.Record is { } record)
            {
                recording = new RecordingIndex(record.Folder, rate, new RecordingRetention(TimeSpan.FromMinutes(record.RetainMinutes), record.MaxBytes), _log);
                _log.Information("recording every camera into {Folder:l} (run {Run}), keeping {Minutes} min / {Gigabytes} GiB", recording.Folder, recording.Run,
                    record.RetainMinutes, record.MaxGigabytes);
                // Each camera's lens beside its pictures: replay graphics are projected through what took them.
                for (int c = 0; c < _config.Cameras.Count; c++)
                    recording.CalibrationUsed(_config.Cameras[c].Name, calibration.Cameras[c]);
                // Each camera's blur regions beside its pictures, chosen as the programme chooses them (issue #21).
                recording.PrivacyUsed(privacy.Blur, record.KeepUnblurred);
                // The segment files themselves blurred once tracking has covered them, at the lowest priority; earlier
                // runs' leftovers first (issue #21). A run with record.keepUnblurred keeps its files as recorded.
                blurOnDisk = new SegmentBlurWorker(recording, _log);
            }
            RecordingIndex? recordSkeletons = recording;
            BlurRecorder? recordBlur = recording is null || privacy.Blur == BlurMode.None ? null
                : new BlurRecorder(recording, privacy.Blur, privacy.Registry, [.. _config.Cameras.Select((c, i) => (c.Name, calibration.Cameras[i]))],
                    MaxPeople, MaxPeople * _config.Cameras.Count);
            // The recording keeps each set's 3D and blur regions whichever side tracked it (issue #21).
            Action<SkeletonSet>? recordSet = recordSkeletons is null ? null : set =>
            {
                recordSkeletons.SkeletonsTracked(set.Time, set.PersonIds.AsSpan(0, set.Count), set.Joints.AsSpan(0, set.Count * set.Stride), set.Stride);
                recordBlur?.Tracked(set);
            };
            if (busUrl is null)
            {
                worker = new TrackingWorker(CreateTracker, skeletons, trackingTiming, _log, MaxTrackingRestarts, TrackingFault, costs, recordSet);
            }
            else
            {
                // Reading starts now: the sets the fusion node published meanwhile wait in the feed for their pictures.
                feed = new BusSkeletonFeed(busUrl, rate, Pose2SimMarkers.Definition, MaxPeople, _config.MaxDelayFrames, _log, recordSet);
                feed.Start();
            }

            if (_config.Replay is { } replayConfig && recording is not null)
            {
                LiveProgramme onAir = programme;
                replay = LiveReplayChannel.Start(replayConfig, recording, [.. _config.Cameras.Select((c, i) => (c.Name, calibration.Cameras[i]))], plugins,
                    _config.Overlay, rate, width, height, MaxPeople, () => onAir.OnAirTicks is >= 0 and var t ? RecordingSchema.Seconds(t) : null,
                    Control?.Replay, (o, stats) => CreateSink(o, width, height, rate, stats, costs, _log), costs, _log);
            }

            // The cameras start last, when everything that takes their frames is ready: a file played live from the
            // start would otherwise fill and overflow its queue while the models load.
            for (int c = 0; c < _config.Cameras.Count; c++)
            {
                CameraConfig cam = _config.Cameras[c];
                // Copy mode taps the demuxed packets; encode mode takes the decoded pictures (held in the reader's pool).
                SegmentRecorder? copier = recording is null || cam.Record != RecordMode.Copy ? null
                    : new SegmentRecorder(new SegmentRecorderOptions { Camera = cam.Name, Folder = recording.Folder, Costs = costs }, recording, _log);
                EncodingRecorder? encoder = recording is null || cam.Record != RecordMode.Encode ? null
                    : new EncodingRecorder(new EncodingRecorderOptions { Camera = cam.Name, Folder = recording.Folder, FrameRate = rate, QueueFrames = EncodingRecorderQueue, Costs = costs }, recording, _log);
                if (copier is not null)
                    recorders.Add(copier);
                if (encoder is not null)
                    recorders.Add(encoder);
                int recordHeld = encoder is null ? 0 : EncodingRecorderQueue;
                readers.Add(new CameraReader(c, new CameraSourceOptions
                {
                    Id = cam.Name, Source = cam.Source, Mode = IngestMode.Live, Offset = cam.OffsetSeconds, QueueCapacity = ReaderQueue,
                    // A file stands in for a camera: played at its own frame rate, not decoded as fast as it goes.
                    PlayAtFrameRate = !cam.IsNetwork, Loop = cam.Loop,
                    // Low delay: frame threading would hold a frame per extra decoder thread (a frame period each).
                    // The planes as decoded, which the plate converts on the GPU and the models sample directly; the
                    // frames are shared by reference with the channel and the tracker, so the pool covers them too.
                    Decoder = new DecoderOptions { Output = decodeTo[c], LowDelay = true, PoolSize = FramesHeldDownstream + ReaderQueue + recordHeld, Tap = copier?.Tap },
                    FrameTap = encoder is null ? null : encoder.Offer,
                    Costs = costs,
                    // A file's size was checked against the calibration before the run (CheckFileSources); a network
                    // camera's is known only from its pictures, so its reader checks them as they come.
                    CheckSize = cam.IsNetwork ? CalibrationSizeCheck(c, cam, calibration.Cameras[c]) : null,
                }, _log));
            }
            // Live sources usually have unrelated pts origins (each sender starts its own clock): placed by arrival
            // unless the configuration says the senders share a clock.
            sync = new CameraSync(readers, new CameraSyncOptions
            {
                Rate = rate, Live = true, OffsetEstimate = _config.Sync.Placement, StallTimeout = _config.Sync.StallTimeout, Log = _log,
            });
            CameraSync s = sync;
            TrackingWorker? w = worker;
            BusSkeletonFeed? f = feed;
            PlacementRecorder? placements = recording is null ? null : new PlacementRecorder(recording, [.. _config.Cameras.Select(c => c.Name)]);
            LiveProgramme p = programme;
            ingest = new Thread(() => Ingest(s, w, f, skeletons, pictures, () => p.ProgrammeCamera, arrivalTiming, ingestTiming, ingestCost, placements, stopIngest.Token))
            {
                IsBackground = true, Name = "ingest",
            };
            ingest.Start();
            channelCost.Start();
            programme.AttachControl();
            Control?.Attach(channel, programme.Graphics, MaxPeople, () => Counters(p.CameraNames[p.ProgrammeCamera], readers, s, w, f, sinks, channel.Stats, stages), delay);

            // The first DelayFrames ticks fill the delay line and put out nothing: --frames N means N programme frames.
            // An automatic delay starts at 0 and grows by repeating pictures: every tick puts one out.
            framesOut = Math.Max(0, channel.Run(frames + _config.DelayFrames, cancellation) - _config.DelayFrames);
            programme.Flush(channel.Stats);
        }
        finally
        {
            Control?.Detach();
            // Before the recording closes: the replay reads its index and segments.
            replay?.Dispose();
            stopIngest.Cancel();
            ingest?.Join();
            // The cameras stop with the ingest, before waiting for the tracker to finish its frame set: a live reader
            // left running meanwhile only fills its queue and counts drops that never happened on air.
            sync?.Dispose();
            foreach (CameraReader r in readers)
                r.Dispose();
            worker?.Dispose();
            feed?.Dispose();
            // After the readers (nothing more is tapped): each recorder writes what it holds and closes its segment.
            foreach (IDisposable recorder in recorders)
                recorder.Dispose();
            // Every segment is closed and tracking is over: the last ones are due (what does not fit waits for the next start).
            blurOnDiskLine = blurOnDisk?.Finish(BlurOnDiskAtStop);
            blurOnDisk?.Dispose();
            recording?.Dispose();
            foreach (ProgramSink sink in sinks)
                sink.Complete();
            programme?.Dispose();
            foreach (ProgramPicture slot in pictureSlots)
                slot.Release();
        }
        LiveRunReport report = Report(framesOut, channel.Stats, pictures.Dropped, stages, sinks, readers, sync, worker, feed, programme, costs, delay, rate);
        if (replay is not null)
            report = report with { Lines = [.. report.Lines, .. replay.ReportLines()] };
        if (blurOnDiskLine is not null)
            report = report with { Lines = [.. report.Lines, blurOnDiskLine] };
        return recording is null ? report : report with { Lines = [.. report.Lines, .. RecordingLines(recording, recorders)] };
    }

    // A requested accelerator that is missing is a configuration error: the user fixes tracking.accelerator.
    private static TrackingAccelerator ResolveAccelerator(TrackingAccelerator requested)
    {
        try
        {
            return TrackingAccelerators.Resolve(requested, "tracking.accelerator");
        }
        catch (AcceleratorUnavailableException ex)
        {
            throw new ConfigException(ex.Message);
        }
    }

    // Likewise a preprocessing GPU that is missing: the user fixes tracking.preprocess.
    private static TrackingAccelerator ResolvePreprocess(TrackingAccelerator requested)
    {
        try
        {
            return CropPreprocessors.Resolve(requested, "tracking.preprocess");
        }
        catch (AcceleratorUnavailableException ex)
        {
            throw new ConfigException(ex.Message);
        }
    }

    /// <summary>
    /// A decoded size within 1 % of <paramref name="calibrated"/>'s image size passes (the tolerance of the file check
    /// in <see cref="CheckFileSources"/>: codecs crop to their block size); any other is refused with an error naming
    /// the camera, its source, both sizes and what to change. Pictures are never rescaled to fit: a camera sending
    /// another size may also be zoomed or cropped differently from when it was calibrated, and keypoints from it
    /// would triangulate to wrong places without any error.
    /// </summary>
    private static Func<int, int, string?> CalibrationSizeCheck(int index, CameraConfig cam, Camera calibrated) =>
        (width, height) => SizeMatches(width, height, calibrated) ? null
            : $"cameras[{index}] '{cam.Name}': {cam.Source} decodes {width}×{height} but the calibration's {calibrated.Name} is " +
              $"{calibrated.ImageWidth}×{calibrated.ImageHeight}; send the size the camera was calibrated at, or calibrate it at this size";

    // Up to 1 % off: codecs crop to their block size (the sample's cam01 is 1080 wide, its calibration 1088).
    private static bool SizeMatches(int width, int height, Camera calibrated) =>
        Math.Abs(width - calibrated.ImageWidth) * 100 <= calibrated.ImageWidth
        && Math.Abs(height - calibrated.ImageHeight) * 100 <= calibrated.ImageHeight;

    /// <summary>
    /// Checks the file cameras and says how each camera is decoded. A file camera's picture size must be its
    /// calibration's: keypoints in other pixels would triangulate to wrong places without any error. Up to 1 % is
    /// accepted: codecs crop to their block size (the sample's cam01 is 1080 wide, its calibration 1088), which moves
    /// no pixel. Cameras are decoded to their native planes (no CPU conversion) when the GPU plate (programme camera)
    /// and the models take that format, else to RGBA by swscale. A network camera's size and format are known only
    /// from its pictures: its size is checked by its reader (<see cref="CalibrationSizeCheck"/>), and it is decoded
    /// natively (a format the plate or models do not take is logged).
    /// </summary>
    private FrameOutput[] CheckFileSources(CameraRig calibration, int programIndex)
    {
        var outputs = new FrameOutput[_config.Cameras.Count];
        for (int c = 0; c < _config.Cameras.Count; c++)
        {
            CameraConfig cam = _config.Cameras[c];
            outputs[c] = FrameOutput.Native;
            if (cam.IsNetwork)
                continue;
            VideoStreamInfo video;
            using (Decoder probe = Decoder.Open(cam.Source, new DecoderOptions()))
                video = probe.Stream;
            Camera calibrated = calibration.Cameras[c];
            if (!SizeMatches(video.Width, video.Height, calibrated))
            {
                throw new ConfigException($"cameras[{c}] '{cam.Name}': {cam.Source} is {video.Width}×{video.Height} but the calibration's " +
                                          $"{calibrated.Name} is {calibrated.ImageWidth}×{calibrated.ImageHeight}; give the video the camera was calibrated at");
            }
            bool native = c == programIndex ? video.PixelFormat is "yuv420p" or "yuvj420p" or "nv12" or "rgba"
                : video.PixelFormat is "yuv420p" or "yuvj420p" or "nv12" or "yuv420p10le" or "rgba";
            if (!native)
            {
                outputs[c] = FrameOutput.Rgba;
                _log.Information("{Camera:l} is {Format:l}: decoded to RGBA (swscale on its reader thread)", cam.Name, video.PixelFormat);
            }
        }
        return outputs;
    }

    /// <summary>
    /// The pictures an output takes, converted on the GPU: the graphics layer of an alpha output as straight RGBA (its
    /// key: NDI's RGBA, and ProRes 4444 through swscale, as no sink reads back 10-bit 4:4:4); the programme as UYVY for
    /// NDI (its native 4:2:2 wire format) and yuv420p for x264 (files and streams), which it encodes without swscale.
    /// </summary>
    private static PixelLayout LayoutOf(OutputConfig output) =>
        output.Alpha ? PixelLayout.Rgba8 : output.Kind == OutputKind.Ndi ? PixelLayout.Uyvy : PixelLayout.Yuv420P;

    /// <summary>
    /// Opens every output into <paramref name="sinks"/>, in order. An output that cannot be opened throws a
    /// <see cref="ConfigException"/> naming it (<c>outputs[i]</c>); the ones opened before it stay in the list for the
    /// caller to complete.
    /// </summary>
    private void CreateSinks(List<ProgramSink> sinks, int width, int height, FrameRate rate, ChannelStats stats, ThreadCostBook costs)
    {
        for (int i = 0; i < _config.Outputs.Count; i++)
        {
            OutputConfig output = _config.Outputs[i];
            try
            {
                sinks.Add(CreateSink(output, width, height, rate, stats, costs, _log));
            }
            catch (Exception ex) when (ex is MediaException or (NdiException and not NdiRuntimeNotInstalledException))
            {
                throw new ConfigException($"outputs[{i}] ({output.Kind.ToString().ToLowerInvariant()} {output.Target}) could not be opened: {ex.Message}");
            }
        }
    }

    internal static ProgramSink CreateSink(OutputConfig output, int width, int height, FrameRate rate, ChannelStats stats, ThreadCostBook costs,
        Serilog.ILogger log)
    {
        string kind = output.Kind.ToString().ToLowerInvariant();
        // Alpha outputs carry the graphics layer (fill + key in one signal), not the programme picture.
        string name = output.Alpha ? $"{kind}:{output.Target} (graphics + key)" : $"{kind}:{output.Target}";
        StageTiming latency = stats.AddStage($"ingest → {kind} {output.Target}");
        if (output.Kind == OutputKind.Ndi)
        {
            // The channel paces the frames; NDI's own clocking would make the sink thread wait twice. The runtime
            // reads the picture's own memory (UYVY, or straight RGBA for the graphics layer) and is done with it when
            // Send returns, so the sink releases it then.
            var sender = new NdiSender(NdiRuntime.Load(), new NdiSenderOptions(output.Target, rate) { ClockVideo = false });
            ProgramSink? sink = null;
            // The sink exists before its first picture is sent, so the counters read it only once it is assigned.
            var ndi = new NdiOutput(sender, name, () => (sink!.Sent, sink.Dropped), log);
            sink = new ProgramSink(name, SinkCapacity, ndi.Send, ndi.Dispose, latency, costs: costs, details: ndi.Describe);
            return sink;
        }
        var encoder = Encoder.Create(output.Target, new EncoderOptions
        {
            Width = width, Height = height, FrameRate = rate,
            // ProRes 4444 keeps the key (straight alpha, as FFmpeg's YUVA formats mean it); the loader allows
            // alpha on .mov files only.
            Codec = output.Alpha ? VideoCodec.ProRes4444 : VideoCodec.H264,
            Container = output.Kind switch { OutputKind.Srt or OutputKind.Udp => "mpegts", OutputKind.Rtmp => "flv", _ => null },
            // A file stopped by a crash stays playable up to its last fragment.
            Fragmented = output.Kind == OutputKind.File,
        });
        return new ProgramSink(name, SinkCapacity, picture => encoder.WritePicture(picture, picture.FrameIndex),
            () => { encoder.Finish(); encoder.Dispose(); }, latency, costs: costs);
    }

    private static void Ingest(CameraSync sync, TrackingWorker? worker, BusSkeletonFeed? feed, TripleBuffer<SkeletonSet> skeletons,
        FrameQueue<ProgramPicture> pictures, Func<int> programmeCamera,
        StageTiming arrival, StageTiming timing, ThreadAccounting cost, PlacementRecorder? placements, CancellationToken cancellation)
    {
        cost.Start();
        long stateChanges = 0;
        try
        {
            while (sync.TryNext(out FrameSet? set, cancellation))
            {
                long start = Stopwatch.GetTimestamp();
                int programIndex = programmeCamera();
                // Only sets with a programme picture are queued (as when only that camera's frames were handed over):
                // a set without one would take the in-order queue's place of the next that has one.
                if (set[programIndex].Frame is not null)
                {
                    // How long the programme camera's frame waited between the reader and the picture hand-over
                    // (queue + sync), on its first showing.
                    if (set[programIndex].Status == FrameSlotStatus.Fresh)
                        arrival.Record(set[programIndex].ArrivalTimestamp);
                    // Every camera's frame, by reference: the channel uploads the programme camera's planes (and a
                    // camera's latest for a preview) and gives the frames back; the control API may cut to any camera.
                    ProgramPicture slot = pictures.WriteSlot;
                    for (int c = 0; c < set.CameraCount; c++)
                        slot.Hold(c, set[c].Frame);
                    slot.Stamp(set.Time, start, set.Segment);
                    pictures.Publish();
                }
                // Tracked here, or the bus's 3D of the capture times these pictures reached.
                worker?.TryOffer(set);
                feed?.Drain(set.Time, set.Segment, start, skeletons);
                placements?.Check(sync, set.Time);
                timing.Record(start);
                // A camera leaving or rejoining the sets (logged by the sync) or first missing from one offered to
                // the tracker (its black stand-in made) allocates once: accounted apart from the per-frame path.
                long changes = sync.Transitions + (worker?.StateChanges ?? 0);
                if (changes != stateChanges)
                {
                    stateChanges = changes;
                    cost.StateChangeDone();
                }
                else
                {
                    cost.FrameDone();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private static IEnumerable<string> RecordingLines(RecordingIndex index, List<IDisposable> recorders)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        yield return string.Create(inv, $"recording: {index.Folder} run {index.Run}, {index.SegmentsDeleted} segments deleted by retention");
        foreach (IDisposable recorder in recorders)
        {
            yield return recorder switch
            {
                SegmentRecorder r => string.Create(inv, $"record {r.Camera} (copy): {r.FramesWritten} frames in {r.SegmentsClosed} segments, {r.Dropped} dropped, {r.WriteFailures} write failures, {r.SkippedBeforeKeyFrame} before the first key frame"),
                EncodingRecorder r => string.Create(inv, $"record {r.Camera} (encode): {r.FramesWritten} frames in {r.SegmentsClosed} segments, {r.Dropped} dropped, {r.WriteFailures} write failures"),
                _ => "",
            };
        }
    }

    /// <summary>The run's counters for the control API (any thread: each counter is read atomically, the set of them is not one instant).</summary>
    private static LiveCounters Counters(string programmeCamera, List<CameraReader> readers, CameraSync sync, TrackingWorker? worker, BusSkeletonFeed? feed,
        List<ProgramSink> sinks, ChannelStats stats,
        PipelineStages stages)
    {
        var latencies = new List<LatencyState>();
        foreach (StageTiming t in stats.Stages.Concat([stages.Detect, stages.Pose, stages.Associate, stages.Triangulate]))
        {
            if (t.Count > 0)
                latencies.Add(new LatencyState(t.Name, Math.Round(t.MeanSeconds * 1000, 2), Math.Round(t.MaxSeconds * 1000, 2), t.Count));
        }
        return new LiveCounters(programmeCamera,
            readers.ConvertAll(r => new CameraState(r.Id, r.State.ToString(), r.FramesRead, r.Dropped, r.Reconnects, r.Failures, r.LastError)),
            sinks.ConvertAll(k => new OutputState(k.Name, k.Sent, k.Dropped, k.Failure?.Message)),
            sync.SetsProduced, sync.IncompleteSets, sync.SkippedSets,
            // From the bus: the sets handed on, and those that came too late to be drawn.
            worker?.Processed ?? feed?.Published ?? 0, worker?.Skipped ?? feed?.Late ?? 0, worker?.Restarts ?? 0, worker?.Failure?.Message, latencies);
    }

    private static LiveRunReport Report(long framesOut, ChannelStats stats, long picturesDropped, PipelineStages stages, List<ProgramSink> sinks,
        List<CameraReader> readers, CameraSync? sync, TrackingWorker? worker, BusSkeletonFeed? feed, LiveProgramme? programme, ThreadCostBook costs, ProgrammeDelay delay,
        FrameRate rate)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(inv, $"channel: {framesOut} frames out, {stats.LateTicks} late{(stats.LateTicks > 0 ? $" (first at tick {stats.FirstLateTick})" : "")}, {stats.RepeatedFrames} repeated (no new picture), {picturesDropped} pictures dropped (channel behind), {stats.DroppedFrames} dropped by outputs, {stats.DroppedTicks} ticks dropped (behind real time)"),
        };
        if (sync is not null)
            lines.Add(string.Create(inv, $"sync: {sync.SetsProduced} frame sets, {sync.IncompleteSets} incomplete, {sync.SkippedSets} skipped"));
        foreach (CameraReader r in readers)
        {
            lines.Add(string.Create(inv, $"camera {r.Id}: {r.FramesRead} frames read, {r.Dropped} dropped (live queue), {r.Reconnects} reconnects, {r.Failures} failures, state {r.State}{(r.LastError is { } e ? $", last error: {e}" : "")}"));
        }
        DelayState state = delay.State;
        lines.AddRange(DelayReport.Lines(state, rate));
        if (worker is not null)
        {
            lines.Add(string.Create(inv, $"tracking: {worker.Processed} frame sets tracked, {worker.Skipped} skipped while busy, {worker.Restarts} restarts{(worker.Failure is { } f ? $", FAILED: {f.Message}" : "")}"));
        }
        if (feed is not null)
        {
            lines.Add(string.Create(inv, $"tracking from the bus {feed.Url}: {feed.Received} 3D sets read, {feed.Published} handed to the programme, {feed.Late} too late to draw, " +
                                         $"{feed.Overflow} dropped ahead of the pictures, {feed.Dropped} refused, {feed.Outages} failed connections, {feed.Disconnects} disconnects"));
        }
        PicturePool[] pools = programme is null ? [] : [.. programme.Pools];
        // The warm-up's pictures were read back before the clock started: no programme frames.
        long warmUp = programme?.WarmUpPictures ?? 0;
        long copies = pools.Sum(p => p.FullFrameCopies) - warmUp;
        long readBack = pools.Sum(p => p.Rented) - warmUp;
        string layouts = string.Join(", ", pools.Select(p => p.Layout));
        lines.Add(string.Create(inv, $"pictures: {readBack} read back ({layouts}), {copies} full-frame copies (one per layout and frame), shared by the outputs without a copy"));
        foreach (ProgramSink sink in sinks)
            lines.Add(string.Create(inv, $"output {sink.Name}: {sink.Sent} sent, {sink.Dropped} dropped{(sink.Details is { } d ? $", {d}" : "")}{(sink.Failure is { } f ? $", FAILED: {f.Message}" : "")}"));
        IReadOnlyList<ThreadCost> threadCosts = costs.Costs;
        foreach (PluginCounters p in programme?.PluginCounters ?? [])
        {
            lines.Add(string.Create(inv, $"plugin {p.Name}: {p.Calls} calls, mean {p.MeanMicroseconds:0} µs, max {p.MaxMicroseconds:0} µs, " +
                                         $"{p.OverBudget} over budget, {p.Failures} failures{(p.Disabled ? ", DISABLED" : "")}"));
        }
        lines.AddRange(threadCosts.Select(c => c.ToString()));
        foreach (StageTiming t in stats.Stages.Concat([stages.Detect, stages.Pose, stages.Associate, stages.Triangulate]))
        {
            if (t.Count > 0)
                lines.Add(string.Create(inv, $"latency {t.Name}: mean {t.MeanSeconds * 1000:0.0} ms, max {t.MaxSeconds * 1000:0.0} ms ({t.Count} samples)"));
        }
        // A run in which no camera ever delivered a picture put out black: the caller exits non-zero.
        bool noCamera = readers.Count > 0 && readers.TrueForAll(r => r.FramesRead == 0);
        var counters = new ChannelCounters(framesOut, stats.RepeatedFrames, stats.DroppedTicks,
            sinks.ConvertAll(s => new SinkCounters(s.Name, s.Sent, s.Dropped)));
        return new LiveRunReport(framesOut, lines)
        {
            NoCameraDelivered = noCamera, Channel = counters, Delay = state, FullFrameCopies = copies, PicturesReadBack = readBack, ThreadCosts = threadCosts,
        };
    }
}
