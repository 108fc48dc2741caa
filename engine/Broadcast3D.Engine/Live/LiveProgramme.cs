using System.Diagnostics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Threading;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Pipeline;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Gpu;
using Broadcast3D.Media;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// The live programme's work on the channel thread, one <see cref="Tick"/> per programme frame: takes the next
/// camera picture (the last one again, counted, when none is new), uploads its planes into the GPU delay line
/// (<see cref="DelayLine{T}"/> of <see cref="PlateSlot"/>s), samples the skeletons at the delayed picture's capture
/// time (<see cref="SkeletonInterpolator"/>), prepares the overlays once (<see cref="PersonOverlays"/>), draws the
/// programme <see cref="CameraView"/> and, when an output takes it, its graphics layer, reads each back once into a
/// pooled <see cref="Picture"/> (<see cref="PictureReadback"/>) and hands that one picture to every sink of the layer
/// by reference. Creates and owns the GPU device: construct, call and dispose on the channel thread. Buffers are
/// allocated once (label strings per new person id excepted).
/// </summary>
internal sealed class LiveProgramme : IDisposable
{
    private readonly GpuDevice _device;
    private readonly CameraView _view;
    private readonly FrameQueue<ProgramPicture> _pictures;
    private readonly TripleBuffer<SkeletonSet> _skeletons;
    private readonly DelayLine<PlateSlot> _delay;
    private readonly List<PlateSlot> _slots = [];
    private readonly SkeletonInterpolator _interpolator;
    private readonly SkeletonSet _sample;
    private readonly PersonOverlays _overlays;
    private readonly PictureReadback _programme;
    private readonly PictureReadback? _graphics;
    private readonly IReadOnlyList<(ProgramSink Sink, bool Alpha)> _sinks;
    private readonly Picture?[] _finished = new Picture?[1];
    private readonly ThreadOwner _channel = new("channel");
    private readonly Serilog.ILogger _log;
    private bool _formatReported;
    private VideoFrame? _current;
    private long _lastIngest;

    /// <param name="camera">The programme camera's calibration.</param>
    /// <param name="pictures">The programme camera's frames from the ingest thread.</param>
    /// <param name="skeletons">The tracking worker's people.</param>
    /// <param name="delayFrames">Programme frames the picture is held back so the slower tracking lines up with it.</param>
    /// <param name="overlay">What the overlays show.</param>
    /// <param name="width">Programme width, pixels.</param>
    /// <param name="height">Programme height, pixels.</param>
    /// <param name="maxPeople">People drawn at most.</param>
    /// <param name="sinks">
    /// The outputs, filled by the caller before the first tick (alpha: takes the graphics layer); each holds at most
    /// <paramref name="sinkCapacity"/> pictures, which sizes the picture pools.
    /// </param>
    /// <param name="sinkCapacity">Pictures one output holds at most.</param>
    /// <param name="graphicsOutputs">Outputs that will take the graphics layer (0: it is never drawn).</param>
    /// <param name="log">Receives a camera picture the plate cannot show (once).</param>
    /// <exception cref="GpuUnavailableException">No EGL device can be created (says what to install).</exception>
    public LiveProgramme(Camera camera, FrameQueue<ProgramPicture> pictures, TripleBuffer<SkeletonSet> skeletons, int delayFrames,
        OverlayConfig overlay, int width, int height, int maxPeople, IReadOnlyList<(ProgramSink Sink, bool Alpha)> sinks, int sinkCapacity,
        int graphicsOutputs, Serilog.ILogger log)
    {
        _log = log;
        // Constructed on the channel thread, which then owns the device and every tick.
        _channel.Claim();
        _pictures = pictures;
        _skeletons = skeletons;
        _sinks = sinks;
        _device = GpuDevice.Create();
        try
        {
            _view = new CameraView(_device, "programme", camera, width, height);
            // Every picture a sink holds, plus the one being filled: the pool never runs dry.
            int programmeOutputs = Math.Max(1, sinks.Count - graphicsOutputs);
            _programme = new PictureReadback(_view.Compositor, (programmeOutputs * sinkCapacity) + 1, straightAlpha: false);
            if (graphicsOutputs > 0)
                _graphics = new PictureReadback(_view.Compositor, (graphicsOutputs * sinkCapacity) + 1, straightAlpha: true);
        }
        catch
        {
            _view?.Dispose();
            _device.Dispose();
            throw;
        }
        _delay = new DelayLine<PlateSlot>(delayFrames, () =>
        {
            var slot = new PlateSlot();
            _slots.Add(slot);
            return slot;
        });
        _sample = new SkeletonSet(Pose2SimMarkers.Definition, maxPeople);
        _interpolator = new SkeletonInterpolator(_sample);
        _overlays = new PersonOverlays(Pose2SimMarkers.Definition, maxPeople, overlay);
        Description = _device.Info.ToString();
    }

    /// <summary>The device drawing the programme (for the run report).</summary>
    public string Description { get; }

    /// <summary>The programme pictures' pool (its copy count is the picture path's).</summary>
    public PicturePool ProgrammePool => _programme.Pools[0];

    /// <summary>The graphics layer's pool, or null without one.</summary>
    public PicturePool? GraphicsPool => _graphics?.Pools[0];

    /// <summary>
    /// Composes programme frame <paramref name="frameIndex"/> and hands it to the outputs (a frame an output cannot
    /// take is counted in <paramref name="stats"/>' drops); false while the delay line fills (nothing put out).
    /// </summary>
    public bool Tick(long frameIndex, ChannelStats stats, StageTiming composite, StageTiming? graphics)
    {
        _channel.Assert();
        long start = Stopwatch.GetTimestamp();
        ProgramPicture slot = _pictures.Read(out bool isNew);
        if (isNew)
        {
            _current?.Dispose();
            _current = slot.Take();
        }
        else
        {
            stats.CountRepeat();
        }
        SkeletonSet skeletons = _skeletons.Read(out bool newSkeletons);
        if (newSkeletons)
            _interpolator.Push(skeletons);

        // A repeat uploads the held frame again: the delay line's next slot must show it too.
        PlateSlot write = _delay.WriteSlot;
        if (_current is null)
            write.Clear();
        else
            Upload(write, _current, slot);
        PlateSlot? delayed = _delay.Push();
        if (delayed is null)
            return false;
        // A repeated picture is not new glass-to-output: only its first showing is measured (0 = not measured).
        long ingest = delayed.IngestTimestamp == _lastIngest ? 0 : delayed.IngestTimestamp;
        _lastIngest = delayed.IngestTimestamp;

        // Skeletons sampled at the picture's time, once for every pass; none before the first camera picture.
        if (delayed.HasPicture && _interpolator.Sample(delayed.Time, _sample))
            _overlays.Prepare(_sample, delayed.Time, (delayed.Time - _interpolator.LatestTime!.Value).ToDouble());
        else
            _overlays.Clear();
        _view.Draw(delayed, _overlays);
        _view.Compositor.FlushGraphics();
        if (_programme.Submit(_view.Compositor.Output, frameIndex, delayed.Time, ingest, _finished))
            Send(alpha: false, stats);
        composite.Record(start);

        if (_graphics is not null)
        {
            start = Stopwatch.GetTimestamp();
            _view.DrawGraphics(delayed, _overlays);
            _view.Compositor.FlushGraphics();
            if (_graphics.Submit(_view.Compositor.Output, frameIndex, delayed.Time, ingest, _finished))
                Send(alpha: true, stats);
            graphics?.Record(start);
        }
        return true;
    }

    /// <summary>End of a run (channel thread): hands the pictures still in flight to the outputs.</summary>
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
        _current?.Dispose();
        _current = null;
        foreach (PlateSlot slot in _slots)
            slot.Dispose();
        _view.Dispose();
        _device.Dispose();
    }

    /// <summary>The camera picture into the delay line; a format the plate cannot show goes to air black, said once.</summary>
    private void Upload(PlateSlot write, VideoFrame frame, ProgramPicture slot)
    {
        try
        {
            write.Upload(_device, frame, slot.Time, slot.IngestTimestamp);
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

    /// <summary>Hands the finished picture to the outputs of its layer, each taking its own reference, then drops the channel's.</summary>
    private void Send(bool alpha, ChannelStats stats)
    {
        Picture? picture = _finished[0];
        _finished[0] = null;
        for (int i = 0; i < _sinks.Count; i++)
        {
            (ProgramSink sink, bool takesAlpha) = _sinks[i];
            if (takesAlpha == alpha && (picture is null || !sink.TryPush(picture)))
                stats.CountDrop();
        }
        picture?.Release();
    }
}
