using System.Globalization;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Media;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// The replay operator's commands for one replay channel, as on an EVS-style server: mark in and out, cue the clip on
/// a camera, play at a speed in (0, 2], pause, jog, stop, switch camera (same instant, other angle). The commands may
/// be called from any thread (the control API's): each is posted through <see cref="FrameChannel.Post"/> and applied
/// between frames on the channel thread, which calls <see cref="NextPicture"/> once per tick. Slow motion repeats
/// pictures (each recorded picture is shown while the replay position is within its frame), as
/// <see cref="ReplayExporter"/> does. A command that cannot be served (a mark-out not after the mark-in, a time
/// outside the recording, a camera without pictures there, a corrupt segment) is refused on the channel thread:
/// logged, counted in <see cref="Errors"/> and kept in <see cref="LastError"/>, naming the clip, camera and time;
/// the channel keeps showing what it showed. The cued clip's segments are pinned against retention until
/// <see cref="Stop"/>, another cue, or <see cref="Dispose"/>.
/// </summary>
public sealed class ReplayController : IDisposable
{
    private readonly FrameChannel _channel;
    private readonly RecordingCatalog _catalog;
    private readonly RecordingIndex? _pins;
    private readonly RecordedRun _run;
    private readonly FrameOutput _output;
    private readonly Serilog.ILogger _log;
    private ReplayTime? _markIn;
    private ReplayTime? _markOut;
    private ReplaySource? _source;
    private Rational _in, _out, _position, _step;
    private bool _playing;
    private double _speed = 1;
    private volatile ReplayState _state = ReplayState.Idle;
    private volatile string? _lastError;
    private long _errors;

    /// <summary>Serves replays of <paramref name="run"/> (null: the last run that recorded) on <paramref name="channel"/>.</summary>
    /// <param name="channel">The replay channel: commands are applied on its thread.</param>
    /// <param name="catalog">The recording's index, kept open by the caller while the controller lives.</param>
    /// <param name="pins">The live index while <c>b3d run</c> records (pins keep a cued clip from retention); null: a finished recording.</param>
    /// <param name="run">The run to replay from; null: the last.</param>
    /// <param name="output">Pixel layout of the pictures (native planes for a GPU plate, RGBA for an encoder).</param>
    /// <param name="log">Receives refused commands; null: the process logger.</param>
    /// <exception cref="ReplayException">The recording has no such run, or nothing recorded.</exception>
    public ReplayController(FrameChannel channel, RecordingCatalog catalog, RecordingIndex? pins = null, long? run = null,
        FrameOutput output = FrameOutput.Native, Serilog.ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(catalog);
        _channel = channel;
        _catalog = catalog;
        _pins = pins;
        _run = catalog.Run(run);
        _output = output;
        _log = log ?? Serilog.Log.Logger;
    }

    /// <summary>What is cued and where the replay is, as of the last tick. Any thread.</summary>
    public ReplayState State => _state;

    /// <summary>The last refused command's message (names the clip, camera and time); null when none was refused.</summary>
    public string? LastError => _lastError;

    /// <summary>Commands refused so far.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Sets the mark-in (takes effect at the next <see cref="Cue"/>).</summary>
    public void MarkIn(ReplayTime at) => _channel.Post(() => _markIn = at);

    /// <summary>Sets the mark-out, exclusive (takes effect at the next <see cref="Cue"/>).</summary>
    public void MarkOut(ReplayTime at) => _channel.Post(() => _markOut = at);

    /// <summary>Loads the clip between the marks on <paramref name="camera"/>, paused on the mark-in picture.</summary>
    public void Cue(string camera) => _channel.Post(() => Apply($"cue {camera}", () => CueNow(camera)));

    /// <summary>Plays from the current position at <paramref name="speed"/> (0, 2]: 1, 0.5, 0.33, 0.25, ...; stops on the last picture before the mark-out.</summary>
    public void Play(double speed) => _channel.Post(() => Apply($"play {speed.ToString(CultureInfo.InvariantCulture)}", () =>
    {
        if (!(speed > 0 && speed <= 2))
            throw new ReplayException($"{Clip()}: speed {speed.ToString(CultureInfo.InvariantCulture)} is outside (0, 2]; use e.g. 1, 0.5, 0.33 or 0.25");
        RequireCued("play");
        _speed = speed;
        _step = new Rational((long)Math.Round(speed * 1_000_000), 1_000_000) * _run.FrameRate.FrameDuration;
        _playing = true;
    }));

    /// <summary>Holds the current picture.</summary>
    public void Pause() => _channel.Post(() => _playing = false);

    /// <summary>Pauses and moves by <paramref name="frames"/> recorded frames (negative: back), within the clip.</summary>
    public void Jog(int frames) => _channel.Post(() => Apply($"jog {frames}", () =>
    {
        RequireCued("jog");
        _playing = false;
        Rational target = _position + _run.FrameRate.FrameDuration.Multiply(frames);
        Rational last = _out - _run.FrameRate.FrameDuration;
        _position = target < _in ? _in : target > last ? last : target;
    }));

    /// <summary>Unloads the clip: <see cref="NextPicture"/> returns null, and the clip's segments may go with retention.</summary>
    public void Stop() => _channel.Post(Unload);

    /// <summary>Shows the same instant of the clip from <paramref name="camera"/>; playback goes on at the same speed.</summary>
    public void SwitchCamera(string camera) => _channel.Post(() => Apply($"switch to {camera}", () =>
    {
        RequireCued("switch camera");
        ReplaySource source = Open(camera, _in, _out);
        try
        {
            source.PictureAt(_position); // decoded up to the instant shown now, before the old angle goes
        }
        catch
        {
            source.Dispose();
            throw;
        }
        _source!.Dispose();
        _source = source;
    }));

    /// <summary>
    /// Channel thread, once per tick: the picture on screen at the replay position (owned by the controller, valid
    /// until the next call), then the position moves on by speed × frame period while playing. Null when nothing is
    /// cued (or a segment failed: refused and unloaded).
    /// </summary>
    public VideoFrame? NextPicture()
    {
        if (_source is null)
            return null;
        VideoFrame? picture;
        try
        {
            picture = _source.PictureAt(_position);
        }
        catch (ReplayException ex)
        {
            Refuse("play", ex);
            Unload();
            return null;
        }
        Rational shown = _position;
        if (_playing)
        {
            Rational next = _position + _step;
            if (next < _out)
                _position = next;
            else
                _playing = false; // the clip ends on its last picture, held
        }
        _state = new ReplayState(_source.Camera, _in, _out, shown, _speed, _playing);
        return picture;
    }

    /// <summary>Releases the cued clip (and its pins). Call on the channel thread, after the channel stopped.</summary>
    public void Dispose() => Unload();

    private void CueNow(string camera)
    {
        if (_markIn is not { } markIn || _markOut is not { } markOut)
            throw new ReplayException($"clip {camera}: mark in and mark out before cueing (in {_markIn?.Text ?? "not set"}, out {_markOut?.Text ?? "not set"})");
        Rational from = markIn.Seconds(_run.FrameRate), to = markOut.Seconds(_run.FrameRate);
        string clip = $"clip {camera} {markIn}–{markOut}";
        if (to <= from)
            throw new ReplayException($"{clip}: the mark-out {markOut} is not after the mark-in {markIn}; swap them or mark a later out");
        ReplaySource source = Open(camera, from, to);
        try
        {
            // Decode-ahead as the clip is cued: the segment is opened and decoded up to the mark-in now, so Play
            // shows its first picture at the next tick (and a corrupt segment is refused at the cue, not on air).
            source.PictureAt(from);
        }
        catch
        {
            source.Dispose();
            throw;
        }
        Unload();
        _source = source;
        _in = from;
        _out = to;
        _position = from;
        _playing = false;
        _state = new ReplayState(camera, from, to, from, _speed, false);
    }

    private ReplaySource Open(string camera, Rational from, Rational to)
    {
        string clip = $"clip {camera} {Describe(from)}–{Describe(to)}";
        CameraRecording recording = _catalog.Cameras(_run).FirstOrDefault(c => c.Camera == camera)
            ?? throw new ReplayException($"{clip}: run {_run.Id} has no camera '{camera}'");
        if (from < recording.Start || to > recording.End)
            throw new ReplayException($"{clip}: outside the recording of {camera} ({Describe(recording.Start)} to {Describe(recording.End)})");
        return new ReplaySource(_catalog, _run, camera, from, to, clip, _pins, _output);
    }

    private void RequireCued(string what)
    {
        if (_source is null)
            throw new ReplayException($"{what}: no clip is cued; mark in, mark out and cue a camera first");
    }

    private void Unload()
    {
        _source?.Dispose();
        _source = null;
        _playing = false;
        _state = ReplayState.Idle;
    }

    private void Apply(string command, Action action)
    {
        try
        {
            action();
        }
        catch (ReplayException ex)
        {
            Refuse(command, ex);
        }
    }

    private void Refuse(string command, ReplayException ex)
    {
        _lastError = ex.Message;
        Interlocked.Increment(ref _errors);
        _log.Warning("replay {Command:l} refused: {Error:l}", command, ex.Message);
    }

    private string Clip() => _source is null ? "replay" : $"clip {_source.Camera} {Describe(_in)}–{Describe(_out)}";

    private string Describe(Rational seconds) => ReplayExporter.Describe(seconds, _run.FrameRate);
}
