using System.Globalization;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Control;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Media;
using Broadcast3D.Ndi;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// The replay channel of <c>b3d run</c> (the <c>replay</c> section): its own <see cref="FrameChannel"/> on its own
/// thread and real-time clock at the programme's rate, a <see cref="ReplayController"/> over the live recording (its
/// commands from the control API, <see cref="ReplayControl"/>), a <see cref="ReplayProgramme"/> drawing each frame with
/// the run's plugins, and the replay outputs. It never touches the programme's threads: it reads the recording's index
/// (SQLite WAL: the last commit) and segments, and the programme's picture on air (a volatile read) for marks made
/// "now". <see cref="Start"/> returns once the channel's clock runs, or throws what stopped it from starting;
/// <see cref="Dispose"/> stops it between frames and finalises its outputs.
/// </summary>
internal sealed class LiveReplayChannel : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _ready = new();
    private readonly List<ProgramSink> _sinks = [];
    private readonly ReplayControl? _control;
    private Thread? _thread;
    private Exception? _failure;
    private FrameChannel? _channel;
    private ReplayController? _controller;
    private ReplayProgramme? _programme;
    private long _framesOut;
    private long _clipFrames;
    private long _picturesBlurred;

    private LiveReplayChannel(ReplayControl? control) => _control = control;

    /// <summary>Opens the replay outputs, then starts the channel on its own thread (the GPU device, views and plugins made there).</summary>
    /// <param name="config">The <c>replay</c> section.</param>
    /// <param name="recording">The run's live index (pins a cued clip's segments against retention).</param>
    /// <param name="cameras">Every camera's name with its calibration, in configuration order.</param>
    /// <param name="plugins">The run's plugins.</param>
    /// <param name="overlay">What the overlays show.</param>
    /// <param name="rate">The programme's frame rate.</param>
    /// <param name="width">Output width (the programme's).</param>
    /// <param name="height">Output height.</param>
    /// <param name="maxPeople">People drawn at most.</param>
    /// <param name="onAir">The programme picture on air now (common capture clock), for marks given without a time.</param>
    /// <param name="control">The control API's replay surface (null: none).</param>
    /// <param name="createSink">Opens one output (the programme's sink factory) into the given stats and cost book.</param>
    /// <param name="costs">The run's per-thread cost book: the channel is accounted as "replay channel".</param>
    /// <param name="log">Receives refused commands, state changes and plugin failures.</param>
    /// <exception cref="ConfigException">An output cannot be opened (names <c>replay.outputs[i]</c>).</exception>
    public static LiveReplayChannel Start(ReplayConfig config, RecordingIndex recording, IReadOnlyList<(string Name, Camera Camera)> cameras,
        PluginCatalog plugins, OverlayConfig overlay, FrameRate rate, int width, int height, int maxPeople, Func<Rational?> onAir,
        ReplayControl? control, Func<OutputConfig, ChannelStats, ProgramSink> createSink, ThreadCostBook costs, Serilog.ILogger log)
    {
        var replay = new LiveReplayChannel(control);
        try
        {
            ChannelStats stats = null!;
            FrameChannel channel = null!;
            StageTiming composite = null!;
            ThreadAccounting cost = costs.Add("replay channel");
            channel = new FrameChannel("replay", new RealtimeFrameClock(rate), tick =>
            {
                replay._programme!.Tick(tick.FrameIndex, stats, composite);
                cost.FrameDone();
            });
            stats = channel.Stats;
            composite = stats.AddStage("replay composite");
            replay._channel = channel;
            for (int i = 0; i < config.Outputs.Count; i++)
            {
                OutputConfig output = config.Outputs[i];
                try
                {
                    replay._sinks.Add(createSink(output, stats));
                }
                catch (Exception ex) when (ex is MediaException or (NdiException and not NdiRuntimeNotInstalledException))
                {
                    throw new ConfigException($"replay.outputs[{i}] ({output.Kind.ToString().ToLowerInvariant()} {output.Target}) could not be opened: {ex.Message}");
                }
            }
            PixelLayout[] layouts = [.. config.Outputs.Select(o => o.Kind == OutputKind.Ndi ? PixelLayout.Uyvy : PixelLayout.Yuv420P)];
            replay._thread = new Thread(() =>
            {
                RecordingCatalog? catalog = null;
                ReplayMeshWorker? meshes = null;
                try
                {
                    catalog = RecordingCatalog.Open(recording.Folder);
                    RecordedRun run = catalog.Run(recording.Run);
                    replay._programme = new ReplayProgramme(cameras, catalog, run, plugins, overlay, rate, width, height, maxPeople, layouts, replay._sinks,
                        LivePipeline.SinkCapacity, log);
                    replay._controller = new ReplayController(channel, catalog, recording, recording.Run, FrameOutput.Native, log, onAir);
                    meshes = new ReplayMeshWorker(recording.Folder, run.Id, run.FrameRate,
                        new Tracking.Meshes.MeshOptions(VoxelMetres: config.MeshVoxelMetres, AllowedMisses: 0), config.Mesh, log);
                    replay._controller.Meshes = meshes;
                    replay._programme.Meshes = meshes;
                    replay._programme.Controller = replay._controller;
                    replay._programme.Preview = control;
                    control?.Attach(replay._controller, [.. cameras.Select(c => c.Name)]);
                    cost.Start();
                    replay._ready.Set();
                    replay._framesOut = channel.Run(null, replay._stop.Token);
                    replay._programme.Flush(stats);
                }
                catch (Exception ex)
                {
                    replay._failure = ex;
                    log.Error(ex, "the replay channel stopped: {Error:l}", ex.Message);
                }
                finally
                {
                    control?.Detach();
                    replay._controller?.Dispose();
                    meshes?.Dispose();
                    replay._clipFrames = replay._programme?.ClipFrames ?? 0;
                    replay._picturesBlurred = replay._programme?.PicturesBlurred ?? 0;
                    replay._programme?.Dispose();
                    catalog?.Dispose();
                    replay._ready.Set();
                }
            }) { IsBackground = true, Name = "replay channel" };
            replay._thread.Start();
            replay._ready.Wait();
            if (replay._failure is { } failure)
                throw failure is ReplayException or IOException ? new ConfigException($"replay: {failure.Message}") : failure;
            return replay;
        }
        catch
        {
            replay.Dispose();
            throw;
        }
    }

    /// <summary>The run report's lines for the replay channel.</summary>
    public IEnumerable<string> ReportLines()
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        ChannelStats? stats = _channel?.Stats;
        yield return string.Create(inv, $"replay channel: {_framesOut} frames out, {_clipFrames} from a clip ({_picturesBlurred} with recorded blur regions), {stats?.DroppedFrames ?? 0} dropped by outputs, " +
                                        $"{stats?.DroppedTicks ?? 0} ticks dropped (behind real time), {_controller?.Errors ?? 0} commands refused" +
                                        $"{(_controller?.LastError is { } e ? $" (last: {e})" : "")}{(_failure is { } f ? $", FAILED: {f.Message}" : "")}");
        foreach (ProgramSink sink in _sinks)
            yield return string.Create(inv, $"replay output {sink.Name}: {sink.Sent} sent, {sink.Dropped} dropped{(sink.Details is { } d ? $", {d}" : "")}{(sink.Failure is { } x ? $", FAILED: {x.Message}" : "")}");
    }

    /// <summary>Stops the channel between frames, waits for its thread, and finalises the outputs.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join();
        foreach (ProgramSink sink in _sinks)
            sink.Complete();
        _stop.Dispose();
        _ready.Dispose();
    }
}
