using System.Globalization;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Media;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// The replay operator's commands for one replay channel, as on an EVS-style server: mark in and out (at a given time
/// or at the programme's picture on air), cue the clip on a camera, play at a speed in (0, 2], pause, jog, stop, switch
/// camera (same instant, other angle). The commands may be called from any thread (the control API's): each is posted
/// through <see cref="FrameChannel.Post"/> and applied between frames on the channel thread, which calls
/// <see cref="NextPicture"/> once per tick; the task each returns completes with the state once applied. Times are on
/// the common capture clock (the programme's); each camera's pictures are indexed on its own clock and mapped with
/// the placement the live sync recorded (<see cref="RecordingCatalog.OffsetAt"/>), so a switch lands on the same
/// instant. The position steps by speed × frame period from the mark-in and picks the picture on the source's
/// regular per-camera timeline (<see cref="ReplaySource"/>: each recorded picture owns one frame from the mark-in's
/// picture on), never by comparing against jittered or rounded capture times, so speed 1 shows every picture once
/// and 0.5 every picture exactly twice. Slow motion repeats pictures (each recorded picture is shown while the replay
/// position is within its frame), as <see cref="ReplayExporter"/> does. A command that cannot be served (a mark-out not after the mark-in, a
/// time outside the recording, a camera without pictures there, a corrupt segment) is refused on the channel thread:
/// its task faults with a <see cref="ReplayException"/> naming the clip, camera, time and request field; it is logged,
/// counted in <see cref="Errors"/> and kept in <see cref="LastError"/>; the channel keeps showing what it showed. The
/// cued clip's segments are pinned against retention until <see cref="Stop"/>, another cue, or <see cref="Dispose"/>.
/// </summary>
public sealed class ReplayController : IDisposable
{
    /// <summary>Frames a virtual camera shot lasts at most (10 s at 60 fps): its cameras are computed when it is made.</summary>
    public const int MaxShotFrames = 600;

    private readonly FrameChannel _channel;
    private readonly RecordingCatalog _catalog;
    private readonly RecordingIndex? _pins;
    private readonly RecordedRun _run;
    private readonly FrameOutput _output;
    private readonly Func<Rational?>? _onAir;
    private readonly Serilog.ILogger _log;
    private Rational? _markIn;
    private Rational? _markOut;
    private ReplaySource? _source;
    private Rational _in, _out, _end, _position, _step, _offset;
    private bool _playing;
    private double _speed = 1;
    private readonly Lock _stateGate = new();
    private ReplayState _state = ReplayState.Idle;
    private Rational _shown;
    private volatile string? _lastError;
    private long _errors;
    private long _frame = -1;
    private Func<VirtualCameraShot, IReadOnlyList<Rational>, string, VirtualCamera>? _virtualShots;
    private VirtualCamera? _shot;
    private string? _shotName;
    private int _shotNext;
    private int _shotShown = -1;
    private IReplayMeshes? _meshes;

    /// <summary>Serves replays of <paramref name="run"/> (null: the last run that recorded) on <paramref name="channel"/>.</summary>
    /// <param name="channel">The replay channel: commands are applied on its thread.</param>
    /// <param name="catalog">The recording's index, kept open by the caller while the controller lives (used on the channel thread only).</param>
    /// <param name="pins">The live index while <c>b3d run</c> records (pins keep a cued clip from retention); null: a finished recording.</param>
    /// <param name="run">The run to replay from; null: the last.</param>
    /// <param name="output">Pixel layout of the pictures (native planes for a GPU plate, RGBA for an encoder).</param>
    /// <param name="log">Receives refused commands; null: the process logger.</param>
    /// <param name="onAir">
    /// The capture time (common clock) of the programme picture on air now, read on the channel thread when a mark is
    /// given without a time; null: no programme (marks need a time).
    /// </param>
    /// <exception cref="ReplayException">The recording has no such run, or nothing recorded.</exception>
    public ReplayController(FrameChannel channel, RecordingCatalog catalog, RecordingIndex? pins = null, long? run = null,
        FrameOutput output = FrameOutput.Native, Serilog.ILogger? log = null, Func<Rational?>? onAir = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(catalog);
        _channel = channel;
        _catalog = catalog;
        _pins = pins;
        _run = catalog.Run(run);
        _output = output;
        _onAir = onAir;
        _log = log ?? Serilog.Log.Logger;
    }

    /// <summary>
    /// What is cued and where the replay is, as of the last tick or command. Any thread: made on request from the
    /// state a command set and the position the last tick showed, so a tick allocates nothing.
    /// </summary>
    public ReplayState State
    {
        get
        {
            lock (_stateGate)
                return _state with { Position = _shown, Frame = _frame, Meshes = _meshes?.State, TicksDropped = _channel.Stats.DroppedTicks };
        }
    }

    /// <summary>
    /// Told of every cue and unload, to carve the cued clip's athlete meshes off the channel thread (issue #18); its
    /// progress is reported in <see cref="ReplayState.Meshes"/>. Set once by the replay channel before its first tick;
    /// unset: no meshes.
    /// </summary>
    public IReplayMeshes? Meshes
    {
        set => _meshes = value;
    }

    /// <summary>
    /// Channel thread, after <see cref="NextPicture"/>: the camera cued (null: none), the clip's marks and the replay
    /// time of the picture just returned, without allocating (<see cref="State"/> makes a record).
    /// </summary>
    public (string? Camera, Rational In, Rational Out, Rational Position) Shown => (_source?.Camera, _in, _out, _shown);

    /// <summary>
    /// Makes a <see cref="PlayVirtual"/> shot on the channel's GPU device: the move, each frame's time (common clock)
    /// and the real camera cued; throws <see cref="ReplayException"/> when the 3D cannot serve it (nobody tracked).
    /// Set once by the replay channel before its first tick; unset: <see cref="PlayVirtual"/> is refused.
    /// </summary>
    public Func<VirtualCameraShot, IReadOnlyList<Rational>, string, VirtualCamera>? VirtualShots
    {
        set => _virtualShots = value;
    }

    /// <summary>
    /// Channel thread, after <see cref="NextPicture"/>: the virtual camera shot and its frame to draw for the tick
    /// (the picture <see cref="NextPicture"/> returned is the real camera's at that frame's time, for the dissolve);
    /// null when the tick shows the real camera.
    /// </summary>
    public (VirtualCamera Camera, int Frame)? ShotShown => _shot is { } shot && _shotShown >= 0 ? (shot, _shotShown) : null;

    /// <summary>The run replayed.</summary>
    public RecordedRun Run => _run;

    /// <summary>The last refused command's message (names the clip, camera and time); null when none was refused.</summary>
    public string? LastError => _lastError;

    /// <summary>Commands refused so far.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>
    /// Sets the mark-in (takes effect at the next <see cref="Cue"/>) at <paramref name="at"/>, or, when null, at the
    /// programme picture on air now. A mark-in at or after the mark-out starts the next clip: that mark-out is cleared
    /// (as on an EVS server), so marking in "now" always works. Refused (field <c>at</c>) outside every camera's recording.
    /// </summary>
    public Task<ReplayState> MarkIn(ReplayTime? at = null) => Command("mark in", () =>
    {
        Rational t = Resolve(at, "mark-in");
        if (_markOut is { } markOut && markOut <= t)
            _markOut = null;
        _markIn = t;
    });

    /// <summary>
    /// Sets the mark-out, exclusive (takes effect at the next <see cref="Cue"/>) at <paramref name="at"/>, or, when null,
    /// at the programme picture on air now. Refused (field <c>at</c>) outside every camera's recording, or not after the mark-in.
    /// </summary>
    public Task<ReplayState> MarkOut(ReplayTime? at = null) => Command("mark out", () =>
    {
        Rational t = Resolve(at, "mark-out");
        if (_markIn is { } markIn && t <= markIn)
            throw Refusal("at", $"the mark-out {Describe(t)} is not after the mark-in {Describe(markIn)}; mark a later out, or an earlier in first");
        _markOut = t;
    });

    /// <summary>
    /// Loads the clip between the marks on <paramref name="camera"/>, paused on the mark-in picture (decoded ahead now,
    /// so Play shows it at once). <paramref name="mesh"/>: carve the clip's athlete meshes for the virtual camera
    /// (true), draw capsules (false), or the channel's configured choice (null); see <see cref="Meshes"/>.
    /// </summary>
    public Task<ReplayState> Cue(string camera, bool? mesh = null) => Command($"cue {camera}", () =>
    {
        CueNow(camera);
        _meshes?.Cued(camera, _in, _end, mesh);
    });

    /// <summary>Plays from the current position at <paramref name="speed"/> (0, 2]: 1, 0.5, 0.33, 0.25, ...; stops on the last picture before the mark-out.</summary>
    public Task<ReplayState> Play(double speed) => Command($"play {speed.ToString(CultureInfo.InvariantCulture)}", () =>
    {
        if (!(speed > 0 && speed <= 2))
            throw Refusal("speed", $"{Clip()}: speed {speed.ToString(CultureInfo.InvariantCulture)} is outside (0, 2]; use e.g. 1, 0.5, 0.33 or 0.25");
        RequireCued("play");
        EndShot();
        _speed = speed;
        _step = new Rational((long)Math.Round(speed * 1_000_000), 1_000_000) * _run.FrameRate.FrameDuration;
        _playing = true;
    });

    /// <summary>Holds the current picture (a virtual camera shot ends on the real camera at the instant it showed).</summary>
    public Task<ReplayState> Pause() => Command("pause", () =>
    {
        EndShot();
        _playing = false;
    });

    /// <summary>
    /// Plays the cued clip through a virtual camera (<see cref="VirtualCamera"/>: an orbit or a fly around the athlete,
    /// rendered from the recorded 3D over a floor with shadows), then cuts — or, with a dissolve, dissolves — back to
    /// the real camera at the same instant, held there (paused). <paramref name="freezeFrames"/> above 0: a freeze of
    /// that many frames at the position shown now; 0: the rest of the clip from the position at
    /// <paramref name="speed"/>. Refused (naming the field) with nothing cued (<c>camera</c>), a speed outside (0, 2]
    /// (<c>speed</c>), a freeze outside 0–600 (<c>freeze</c>), a dissolve longer than the shot (<c>dissolve</c>), an
    /// athlete not tracked at the shot's instants or nobody tracked (<c>athlete</c>), or a channel that draws no
    /// virtual camera (<c>move</c>). Play, pause, jog, stop, cue and switch end a shot in progress.
    /// </summary>
    public Task<ReplayState> PlayVirtual(VirtualCameraShot shot, int freezeFrames, double speed) => Command("virtual camera", () =>
    {
        ArgumentNullException.ThrowIfNull(shot);
        if (!(speed > 0 && speed <= 2))
            throw Refusal("speed", $"{Clip()}: speed {speed.ToString(CultureInfo.InvariantCulture)} is outside (0, 2]; use e.g. 1, 0.5, 0.33 or 0.25");
        if (freezeFrames is < 0 or > MaxShotFrames)
            throw Refusal("freeze", $"{Clip()}: a freeze of {freezeFrames} frames; give 1 to {MaxShotFrames}, or 0 to move through the clip");
        RequireCued("virtual camera");
        if (_virtualShots is null)
            throw Refusal("move", $"{Clip()}: this replay channel draws no virtual camera");
        Rational frame = _run.FrameRate.FrameDuration;
        Rational step = new Rational((long)Math.Round(speed * 1_000_000), 1_000_000) * frame;
        var times = new List<Rational>();
        if (freezeFrames > 0)
        {
            times.AddRange(Enumerable.Repeat(_position, freezeFrames));
        }
        else
        {
            for (Rational t = _position; t < _end && times.Count < MaxShotFrames; t += step)
                times.Add(t);
        }
        if (shot.DissolveFrames > times.Count)
            throw Refusal("dissolve", $"{Clip()}: a {shot.DissolveFrames}-frame dissolve is longer than the {times.Count}-frame shot; shorten the dissolve or freeze longer");
        VirtualCamera camera;
        try
        {
            camera = _virtualShots(shot, times, _source!.Camera);
        }
        catch (ReplayException ex) when (ex.Field is null)
        {
            throw new ReplayException($"{Clip()}: {ex.Message}", ex) { Field = "athlete" }; // who was (not) tracked there
        }
        EndShot();
        _shot = camera;
        _shotName = shot.Move == VirtualMove.Orbit ? "orbit" : $"fly:{shot.View}";
        _shotNext = 0;
        _playing = false;
        _speed = speed;
    });

    /// <summary>Pauses and moves by <paramref name="frames"/> recorded frames (negative: back), within the clip.</summary>
    public Task<ReplayState> Jog(int frames) => Command($"jog {frames}", () =>
    {
        RequireCued("jog");
        EndShot();
        _playing = false;
        Rational target = _position + _run.FrameRate.FrameDuration.Multiply(frames);
        Rational last = _end - _run.FrameRate.FrameDuration;
        _position = target < _in ? _in : target > last ? last : target;
    });

    /// <summary>Unloads the clip: <see cref="NextPicture"/> returns null, and the clip's segments may go with retention.</summary>
    public Task<ReplayState> Stop() => Command("stop", Unload);

    /// <summary>Shows the same instant of the clip from <paramref name="camera"/>; playback goes on at the same speed.</summary>
    public Task<ReplayState> SwitchCamera(string camera) => Command($"switch to {camera}", () =>
    {
        RequireCued("switch camera");
        EndShot();
        (ReplaySource source, Rational offset) = Open(camera, _in, _out);
        try
        {
            source.PictureAt(_position - offset); // decoded up to the instant shown now, before the old angle goes
        }
        catch
        {
            source.Dispose();
            throw;
        }
        _source!.Dispose();
        _source = source;
        _offset = offset;
        _end = End(source);
    });

    /// <summary>
    /// Channel thread, once per tick: the picture on screen at the replay position (owned by the controller, valid
    /// until the next call), then the position moves on by speed × frame period while playing; <see cref="State"/>'s
    /// position is the time shown (the sub-frame time the graphics are drawn at). Null when nothing is cued (or a
    /// segment failed: refused and unloaded). <paramref name="frameIndex"/>: the channel's tick (for <see cref="ReplayState.Frame"/>).
    /// </summary>
    public VideoFrame? NextPicture(long frameIndex = -1)
    {
        lock (_stateGate)
            _frame = frameIndex;
        _shotShown = -1;
        if (_source is null)
            return null;
        bool changed = false;
        if (_shot is { } shot)
        {
            if (_shotNext < shot.Frames)
            {
                _position = shot.TimeOf(_shotNext);
                _shotShown = _shotNext++;
            }
            else
            {
                // The shot was shown: the real camera at its last instant, held (a cut, or the end of its dissolve).
                EndShot();
                changed = true;
            }
        }
        VideoFrame? picture;
        try
        {
            picture = _source.PictureAt(_position - _offset);
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
            if (next < _end)
                _position = next;
            else
                _playing = false; // the clip ends on its last picture, held
        }
        lock (_stateGate)
        {
            _shown = shown;
            if (_state.Playing != _playing || changed)
                _state = Snapshot(shown); // the clip or the shot ended: once per clip
        }
        return picture;
    }

    /// <summary>Releases the cued clip (and its pins). Call on the channel thread, after the channel stopped.</summary>
    public void Dispose() => Unload();

    private Task<ReplayState> Command(string name, Action action)
    {
        // Completed off the channel thread: an awaiting request never runs its continuation inside a tick.
        var done = new TaskCompletionSource<ReplayState>(TaskCreationOptions.RunContinuationsAsynchronously);
        _channel.Post(() =>
        {
            try
            {
                action();
                ReplayState state = Snapshot(_source is null ? Rational.Zero : _position);
                lock (_stateGate)
                {
                    _state = state;
                    _shown = state.Position;
                }
                done.SetResult(state);
            }
            catch (ReplayException ex)
            {
                Refuse(name, ex);
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    private ReplayState Snapshot(Rational shown) =>
        (_source is null ? ReplayState.Idle : new ReplayState(_source.Camera, _in, _out, shown, _speed, _playing))
            with { MarkIn = _markIn, MarkOut = _markOut, Frame = _frame, Virtual = _shot is null ? null : _shotName, Meshes = _meshes?.State,
                   TicksDropped = _channel.Stats.DroppedTicks };

    /// <summary>A mark's time on the common clock: as given, or the programme's picture on air; inside some camera's recording.</summary>
    private Rational Resolve(ReplayTime? at, string mark)
    {
        Rational t;
        if (at is { } given)
        {
            try
            {
                t = given.Seconds(_run.FrameRate);
            }
            catch (ReplayException ex)
            {
                throw Refusal("at", ex.Message);
            }
        }
        else
        {
            t = _onAir?.Invoke() ?? throw Refusal("at", $"{mark} now: no programme picture is on air yet; give a time (HH:MM:SS:FF or seconds like 12.5s)");
        }
        Rational? first = null, last = null;
        foreach (CameraRecording camera in _catalog.Cameras(_run))
        {
            Rational offset = _catalog.OffsetAt(_run, camera.Camera, t);
            Rational start = camera.Start + offset, end = camera.End + offset;
            first = first is { } f && f <= start ? f : start;
            last = last is { } l && l >= end ? l : end;
        }
        if (first is not { } from || last is not { } to)
            throw Refusal("at", $"{mark} {Describe(t)}: nothing is recorded yet in run {_run.Id}");
        // A mark-out may sit one frame past the last picture (it is exclusive). A mark at the picture on air is not
        // checked against the end: that picture was received, but its index row may not be committed yet (≤ 250 ms).
        if (t < from || (at is not null && t > to + _run.FrameRate.FrameDuration))
            throw Refusal("at", $"{mark} {Describe(t)} is outside the recording ({Describe(from)} to {Describe(to)}); pick a time inside it");
        return t;
    }

    private void CueNow(string camera)
    {
        if (_markIn is not { } from || _markOut is not { } to)
        {
            throw Refusal("at", $"clip {camera}: mark in and mark out before cueing (in {(_markIn is { } i ? Describe(i) : "not set")}, " +
                                $"out {(_markOut is { } o ? Describe(o) : "not set")})");
        }
        if (to <= from)
            throw Refusal("at", $"clip {camera} {Describe(from)}–{Describe(to)}: the mark-out is not after the mark-in; swap them or mark a later out");
        (ReplaySource source, Rational offset) = Open(camera, from, to);
        try
        {
            // Decode-ahead as the clip is cued: the segment is opened and decoded up to the mark-in now, so Play
            // shows its first picture at the next tick (and a corrupt segment is refused at the cue, not on air).
            source.PictureAt(from - offset);
        }
        catch
        {
            source.Dispose();
            throw;
        }
        Unload(meshesToo: false);
        _source = source;
        _offset = offset;
        _in = from;
        _out = to;
        _end = End(source);
        _position = from;
        _playing = false;
    }

    /// <summary>Opens <paramref name="camera"/> for the common-clock range, mapped to its own clock by its placement at <paramref name="from"/>.</summary>
    private (ReplaySource Source, Rational Offset) Open(string camera, Rational from, Rational to)
    {
        string clip = $"clip {camera} {Describe(from)}–{Describe(to)}";
        IReadOnlyList<CameraRecording> cameras = _catalog.Cameras(_run);
        CameraRecording recording = cameras.FirstOrDefault(c => c.Camera == camera)
            ?? throw Refusal("camera", $"{clip}: run {_run.Id} has no camera '{camera}'; cameras: {string.Join(", ", cameras.Select(c => c.Camera))}", notFound: true);
        Rational offset = _catalog.OffsetAt(_run, camera, from);
        Rational start = recording.Start + offset, end = recording.End + offset;
        if (from < start || to > end + _run.FrameRate.FrameDuration)
            throw Refusal("at", $"{clip}: outside the recording of {camera} ({Describe(start)} to {Describe(end)})");
        try
        {
            return (new ReplaySource(_catalog, _run, camera, from - offset, to - offset, clip, _pins, _output), offset);
        }
        catch (ReplayException ex) when (ex.Field is null)
        {
            throw new ReplayException(ex.Message, ex) { Field = "camera" }; // no picture of that camera there (a gap)
        }
    }

    /// <summary>
    /// Where the clip's replay position ends (exclusive, common clock): after the frame of the last picture recorded
    /// before the mark-out on the source's regular timeline, so the clip holds each of its pictures for exactly one
    /// frame at speed 1 whatever the jitter of the capture times at the ends.
    /// </summary>
    private Rational End(ReplaySource source) => _in + _run.FrameRate.FrameDuration.Multiply(source.LastFrame + 1);

    private void RequireCued(string what)
    {
        if (_source is null)
            throw Refusal("camera", $"{what}: no clip is cued; mark in, mark out and cue a camera first");
    }

    /// <summary>Ends a virtual camera shot in progress (its GPU resources go with it; channel thread).</summary>
    private void EndShot()
    {
        _shot?.Dispose();
        _shot = null;
        _shotShown = -1;
    }

    private void Unload() => Unload(meshesToo: true);

    /// <param name="meshesToo">False when a new cue replaces the clip: the cue hands the mesh worker the new clip, which cancels the old one's carving.</param>
    private void Unload(bool meshesToo)
    {
        EndShot();
        if (_source is not null && meshesToo)
            _meshes?.Unloaded();
        _source?.Dispose();
        _source = null;
        _playing = false;
        ReplayState state = Snapshot(Rational.Zero);
        lock (_stateGate)
        {
            _state = state;
            _shown = Rational.Zero;
        }
    }

    private void Refuse(string command, ReplayException ex)
    {
        _lastError = ex.Message;
        Interlocked.Increment(ref _errors);
        _log.Warning("replay {Command:l} refused: {Error:l}", command, ex.Message);
    }

    private static ReplayException Refusal(string field, string message, bool notFound = false) => new(message) { Field = field, NotFound = notFound };

    private string Clip() => _source is null ? "replay" : $"clip {_source.Camera} {Describe(_in)}–{Describe(_out)}";

    private string Describe(Rational seconds) => ReplayExporter.Describe(seconds, _run.FrameRate);
}
