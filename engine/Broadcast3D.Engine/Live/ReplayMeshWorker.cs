using System.Diagnostics;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Meshes;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Meshes;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// Carves the cued clip's athlete meshes for the live replay channel's virtual camera (issue #18) on a thread of its
/// own, so the channel thread keeps its cadence: told of each cue by the <see cref="ReplayController"/>
/// (<see cref="IReplayMeshes"/>), it carves the clip's recorded pictures instant by instant from the mark-in through
/// <see cref="RecordingMeshes"/> (BlazePose on every calibrated camera's recorded picture for the masks, the recorded
/// 3D for the grid, exactly as <c>b3d replay export --virtual</c>), publishing each instant's meshes into the clip's
/// <see cref="ClipMeshes"/> as soon as it is built; the virtual camera draws them where they exist and capsules
/// elsewhere. Memory is bounded: one clip's meshes at a time, at most <see cref="ReplayController.MaxShotFrames"/>
/// instants; a new cue, a stop or the end of the run cancels the carving between instants. The 2D models are loaded
/// once, when the run starts (carving by default) or at the first cue that carves, and kept. The thread runs at a
/// lowered priority (nice 10) with one ONNX Runtime thread, so on a CPU-only machine it takes at most one core and
/// yields it to the channels. Failures (a model missing, a segment gone) end that clip's carving with the reason in
/// <see cref="ReplayMeshState.Reason"/>, never the channel. Thread-safe as <see cref="IReplayMeshes"/> states.
/// </summary>
internal sealed class ReplayMeshWorker : IReplayMeshes, IDisposable
{
    // Tracking publishes a frame set ~0.5–2 s after its capture (docs/delay.md), and more than 4 s on a loaded CPU-only
    // machine (a 2-core VM at load 25: no instant of a clip marked "now" had its 3D after 3 s): the carving waits for
    // the clip's last 3D so its instants are not skipped as "no recorded 3D". Only a clip whose athlete left before
    // its end waits the whole time, on the worker's thread, the channels going on.
    private static readonly TimeSpan s_skeletonWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_skeletonPoll = TimeSpan.FromMilliseconds(250);
    // The models b3d replay export --virtual carves with: BlazePose is the only family with a person mask.
    private const string PoseModel = "blazepose-full", Detector = "rtmdet";

    private readonly string _folder;
    private readonly long _run;
    private readonly Rational _frameDuration;
    private readonly MeshOptions _options;
    private readonly bool _carveByDefault;
    private readonly Serilog.ILogger _log;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private ClipMeshes? _current;
    // The detector and BlazePose, loaded once (at the start when meshes are carved by default) and kept for every
    // clip: loading them took most of the first mesh's wait (docs/livemesh.md). Worker thread only.
    private Pose2DPipeline? _poses;

    /// <param name="folder">The recording's folder (the worker opens its own read-only index there).</param>
    /// <param name="run">The run replayed.</param>
    /// <param name="rate">The run's frame rate (one instant per recorded picture).</param>
    /// <param name="options">Carving settings (the voxel size of <c>replay.meshVoxel</c>, no miss).</param>
    /// <param name="carveByDefault">What a cue without a mesh choice does (<c>replay.mesh</c>).</param>
    /// <param name="log">Receives each clip's result and failures.</param>
    public ReplayMeshWorker(string folder, long run, FrameRate rate, MeshOptions options, bool carveByDefault, Serilog.ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _folder = folder;
        _run = run;
        _frameDuration = rate.FrameDuration;
        _options = options;
        _carveByDefault = carveByDefault;
        _log = log;
        _thread = new Thread(Loop) { IsBackground = true, Name = "replay meshes" };
        _thread.Start();
    }

    /// <summary>The cued clip's meshes (null: nothing cued); the virtual camera reads them on the channel thread.</summary>
    public ClipMeshes? Current => Volatile.Read(ref _current);

    /// <inheritdoc/>
    public ReplayMeshState? State => Current?.State;

    /// <inheritdoc/>
    public void Cued(string camera, Rational from, Rational to, bool? carve)
    {
        long pictures = ((to - from) / _frameDuration).Floor();
        int frames = (int)Math.Clamp(pictures, 1, ReplayController.MaxShotFrames);
        var clip = new ClipMeshes(camera, from, _frameDuration, frames, carve ?? _carveByDefault);
        Interlocked.Exchange(ref _current, clip)?.Cancel("another clip was cued");
        if (clip.Carve)
            _wake.Release();
    }

    /// <inheritdoc/>
    public void Unloaded() => Interlocked.Exchange(ref _current, null)?.Cancel("the clip was unloaded");

    /// <summary>Cancels the carving and waits for the thread (call after the channel stopped).</summary>
    public void Dispose()
    {
        _stop.Cancel();
        Unloaded();
        _thread.Join();
        _stop.Dispose();
        _wake.Dispose();
    }

    private void Loop()
    {
        if (!BackgroundPriority.TryLowerCurrentThread(BackgroundPriority.Below, out int errno))
            _log.Warning("replay meshes: could not lower its thread's priority (errno {Errno}); it competes with the channels at normal priority", errno);
        RecordingCatalog? catalog = null;
        try
        {
            if (_carveByDefault)
                Preload(ref catalog);
            while (true)
            {
                _wake.Wait(_stop.Token);
                if (Current is { } clip && clip.TryStart())
                    Build(clip, ref catalog);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The run ends.
        }
        finally
        {
            _poses?.Dispose();
            catalog?.Dispose();
        }
    }

    /// <summary>Loads the 2D models for the recording's calibrated cameras before the first cue (a failure is logged; each clip then says why).</summary>
    private void Preload(ref RecordingCatalog? catalog)
    {
        try
        {
            catalog ??= RecordingCatalog.Open(_folder);
            Poses(catalog, catalog.Run(_run));
        }
        catch (Exception ex) when (IsCarvingFailure(ex))
        {
            _log.Warning("replay meshes: the 2D models could not be loaded ahead ({Error:l}); each cue tries again", ex.Message);
        }
    }

    /// <summary>The 2D pipeline for the run's calibrated cameras (null: fewer than two, nothing to carve), loaded once.</summary>
    private Pose2DPipeline? Poses(RecordingCatalog catalog, RecordedRun run)
    {
        int calibrated = 0;
        foreach (CameraRecording camera in catalog.Cameras(run))
        {
            try
            {
                catalog.Calibration(run, camera.Camera);
                calibrated++;
            }
            catch (ReplayException)
            {
                // Without a calibration: left out of the carving (RecordingMeshes lists it).
            }
        }
        if (calibrated < _options.MinCameras)
            return null;
        if (_poses?.CameraCount != calibrated)
        {
            _poses?.Dispose();
            _poses = null;
            var inference = new InferenceOptions(ExecutionProvider.Auto, 1);
            _poses = new Pose2DPipeline(ModelCatalog.CreateDetector(ModelCatalog.Resolve(Detector), inference),
                ModelCatalog.CreateEstimator(ModelCatalog.Resolve(PoseModel), inference), calibrated);
        }
        return _poses;
    }

    private static bool IsCarvingFailure(Exception ex) =>
        ex is ReplayException or IOException or ArgumentException or Microsoft.Data.Sqlite.SqliteException or Media.MediaException
            or Microsoft.ML.OnnxRuntime.OnnxRuntimeException;

    private void Build(ClipMeshes clip, ref RecordingCatalog? catalog)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, clip.Cancellation);
        var clock = Stopwatch.StartNew();
        try
        {
            catalog ??= RecordingCatalog.Open(_folder);
            RecordedRun run = catalog.Run(_run);
            WaitForSkeletons(catalog, run, clip.TimeOf(clip.Frames - 1), cancel.Token);
            // The instants on the cued camera's own clock, as RecordingMeshes takes them (mapped by its placement).
            Rational offset = catalog.OffsetAt(run, clip.Camera, clip.From);
            Rational[] times = [.. Enumerable.Range(0, clip.Frames).Select(k => clip.TimeOf(k) - offset)];
            RecordingMeshes meshes = RecordingMeshes.Carve(catalog, run, clip.Camera, times, _options,
                TrackingAccelerators.Resolve(TrackingAccelerator.Auto, "meshes"), PoseModel, Detector, cancellation: cancel.Token,
                carved: (k, built) => clip.Set(k, built), poses: Poses(catalog, run));
            string? reason = meshes.NotCarved ?? (meshes.Sequence.FramesWithMeshes == 0 && meshes.Tally is { } tally
                ? $"no instant meshed: {string.Join("; ", tally.SkipReasons.Select(r => $"{r.Key} ({r.Value})"))}"
                : null);
            clip.Finish(reason);
            _log.Information("replay meshes of {Camera:l} from {From}: {Meshed}/{Frames} instants with a mesh in {Seconds:F1} s (carve {Carve} ms, surface {Surface} ms a mesh){Reason:l}",
                clip.Camera, clip.From.ToDouble(), meshes.Sequence.FramesWithMeshes, clip.Frames, clock.Elapsed.TotalSeconds,
                meshes.CarveMilliseconds, meshes.SurfaceMilliseconds, reason is null ? "" : $": {reason}");
        }
        catch (OperationCanceledException)
        {
            clip.Finish(_stop.IsCancellationRequested ? "the run stopped" : clip.CancelReason);
        }
        catch (Exception ex) when (IsCarvingFailure(ex))
        {
            clip.Finish(ex.Message);
            _log.Warning("replay meshes of {Camera:l} from {From}: not carved ({Error:l}); the virtual camera draws capsules", clip.Camera,
                clip.From.ToDouble(), ex.Message);
        }
    }

    /// <summary>Waits (at most <see cref="s_skeletonWait"/>) until tracking has recorded 3D at or after <paramref name="last"/> (common clock).</summary>
    private static void WaitForSkeletons(RecordingCatalog catalog, RecordedRun run, Rational last, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var ahead = new Rational(2, 1);
        while (catalog.Skeletons(run, last, last + ahead, RecordedSkeletons.Definition, 1).Count == 0 && clock.Elapsed < s_skeletonWait)
            cancel.WaitHandle.WaitOne(s_skeletonPoll);
        cancel.ThrowIfCancellationRequested();
    }
}
