using System.Diagnostics;
using System.Numerics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Plugins;
using Broadcast3D.Renderer;

namespace Broadcast3D.Engine.Control;

/// <summary>
/// The control surface of a live run, free of any transport (the HTTP server in Broadcast3D.Control drives it). Every
/// command is checked on the caller's thread (a refused one throws <see cref="ControlCommandException"/> and changes
/// nothing), then posted with <see cref="FrameChannel.Post"/> and applied on the channel thread between frames; its
/// task completes with the programme frame that first shows it. State is read from thread-safe counters and from
/// copies the channel publishes (people at most 10 times a second, into preallocated slots: the channel allocates
/// nothing for it). Thread-safe; one live run at a time is attached (<see cref="Attach"/>, <see cref="Detach"/>).
/// </summary>
public sealed partial class LiveControl
{
    /// <summary>Longest name given to a track, characters (a broadcast name strap holds about this many).</summary>
    public const int MaxNameLength = 40;

    /// <summary>Longest lower-third title, characters.</summary>
    public const int MaxTitleLength = 80;

    /// <summary>Longest lower-third subtitle, characters.</summary>
    public const int MaxSubtitleLength = 120;

    private static readonly int s_rightHip = Pose2SimMarkers.Definition.Require("RHip");
    private static readonly int s_leftHip = Pose2SimMarkers.Definition.Require("LHip");
    private static readonly long s_peoplePeriod = Stopwatch.Frequency / 10; // 10 Hz: the panel's rate, far below the frame rate

    private readonly Lock _gate = new();
    private readonly Lock _peopleGate = new();
    private readonly List<(TaskCompletionSource<ControlAck> Done, string Command, long Sequence, long Posted)> _applied = new(16);
    private readonly HashSet<int> _seen = [];
    private Sample[] _people = [];
    private int _peopleCount;
    private long _lastPeople;
    private FrameChannel? _channel;
    private ProgrammeGraphics? _graphics;
    private ProgrammeDelay? _delay;
    private FrameRate _rate = FrameRate.Fps60;
    private Func<LiveCounters>? _counters;
    private volatile GraphicsState? _graphicsState;
    private long _frame = -1;
    private long _sequence;
    private TaskCompletionSource<PreviewPicture>? _preview; // set by a posted request, taken by the channel thread

    /// <summary>Raised on a thread-pool thread for every command applied (two commands applied before one frame may be raised in either order).</summary>
    public event Action<ControlAck>? Applied;

    /// <summary>The replay channel's commands (<c>replay</c> section of the run); refused while none runs.</summary>
    public ReplayControl Replay { get; } = new();

    /// <summary>True while a channel is attached and running.</summary>
    public bool IsRunning => Volatile.Read(ref _channel) is not null;

    /// <summary>The run's consent registry and audit log, for the privacy endpoints (null: none are mapped).</summary>
    public Privacy.LivePrivacy? Privacy { get; init; }

    /// <summary>
    /// Connects the running channel (called by the live pipeline just before its clock starts, on the thread that
    /// will run it). <paramref name="graphics"/> is what the channel draws; <paramref name="counters"/> reads the run's
    /// component counters from any thread (null: only the channel's). The channel's tick must call
    /// <see cref="BeginFrame"/> and <see cref="PublishPeople"/>.
    /// <paramref name="delay"/> is the run's programme delay (null: the delay cannot be commanded).
    /// </summary>
    /// <exception cref="InvalidOperationException">A run is already attached.</exception>
    public void Attach(FrameChannel channel, ProgrammeGraphics graphics, int maxPeople, Func<LiveCounters>? counters, ProgrammeDelay? delay = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(graphics);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeople, 1);
        lock (_gate)
        {
            if (_channel is not null)
                throw new InvalidOperationException($"a live run (channel '{_channel.Name}') is already attached to this control");
            lock (_peopleGate)
            {
                _people = new Sample[maxPeople];
                _peopleCount = 0;
                _seen.Clear();
            }
            _graphics = graphics;
            _delay = delay;
            _rate = channel.Rate;
            _counters = counters;
            _graphicsState = graphics.Snapshot();
            Volatile.Write(ref _frame, -1);
            Volatile.Write(ref _channel, channel);
        }
    }

    /// <summary>The run ended: commands are refused from now on (those posted and never applied time out in the caller).</summary>
    public void Detach()
    {
        lock (_gate)
        {
            Volatile.Write(ref _channel, null);
            _counters = null;
            DetachProgramme();
        }
    }

    /// <summary>
    /// Channel thread, at the start of each tick (after the commands posted since the last one were applied):
    /// completes their acknowledgements with this frame index.
    /// </summary>
    public void BeginFrame(long frameIndex)
    {
        Volatile.Write(ref _frame, frameIndex);
        if (_applied.Count == 0)
            return;
        foreach ((TaskCompletionSource<ControlAck> done, string command, long sequence, long posted) in _applied)
        {
            var ack = new ControlAck(sequence, command, posted, frameIndex);
            done.TrySetResult(ack);
            if (Applied is { } applied)
                ThreadPool.QueueUserWorkItem(a => applied(a), ack, preferLocal: false);
        }
        _applied.Clear();
    }

    /// <summary>
    /// Channel thread, after the overlays of a picture were prepared: copies the people drawn (at most 10 times a
    /// second; nothing is allocated, the ids seen grow a set only for a new id). Pelvis: the mean of the hips
    /// (<see cref="Pose2SimMarkers"/>' RHip and LHip); speed: the pelvis velocity over the last frame.
    /// </summary>
    public void PublishPeople(OverlayHost overlays)
    {
        ArgumentNullException.ThrowIfNull(overlays);
        long now = Stopwatch.GetTimestamp();
        if (now - _lastPeople < s_peoplePeriod)
            return;
        _lastPeople = now;
        ReadOnlySpan<ScenePerson> people = overlays.PreparedPeople;
        lock (_peopleGate)
        {
            int n = Math.Min(people.Length, _people.Length);
            for (int p = 0; p < n; p++)
            {
                ScenePerson person = people[p];
                ReadOnlySpan<Vector3> joints = person.Joints;
                Vector3 pelvis = (joints[s_rightHip] + joints[s_leftHip]) * 0.5f;
                Vector3 velocity = (person.Velocities[s_rightHip] + person.Velocities[s_leftHip]) * 0.5f;
                int seen = 0;
                foreach (Vector3 joint in joints)
                    seen += ScenePerson.IsFinite(joint) ? 1 : 0;
                _people[p] = new Sample(person.Id, pelvis, ScenePerson.IsFinite(velocity) ? velocity.Length() : double.NaN,
                    joints.Length == 0 ? 0 : (double)seen / joints.Length);
                _seen.Add(person.Id);
            }
            _peopleCount = n;
        }
    }

    /// <summary>The people last drawn, with the names assigned to them (allocates; any thread).</summary>
    public IReadOnlyList<PersonState> People()
    {
        GraphicsState? graphics = _graphicsState;
        lock (_peopleGate)
        {
            var people = new PersonState[_peopleCount];
            for (int p = 0; p < people.Length; p++)
            {
                Sample s = _people[p];
                bool placed = float.IsFinite(s.Pelvis.X) && float.IsFinite(s.Pelvis.Y) && float.IsFinite(s.Pelvis.Z);
                people[p] = new PersonState(s.Id, graphics?.Names.GetValueOrDefault(s.Id),
                    placed ? Math.Round(s.Pelvis.X, 3) : null, placed ? Math.Round(s.Pelvis.Y, 3) : null, placed ? Math.Round(s.Pelvis.Z, 3) : null,
                    double.IsFinite(s.Speed) ? Math.Round(s.Speed, 2) : null, Math.Round(s.Coverage, 2));
            }
            return people;
        }
    }

    /// <summary>Everything reported about the run (allocates; any thread).</summary>
    public LiveState State()
    {
        FrameChannel? channel;
        Func<LiveCounters>? counters;
        ProgrammeDelay? delay;
        FrameRate rate;
        lock (_gate)
            (channel, counters, delay, rate) = (_channel, _counters, _delay, _rate);
        ChannelState? channelState = null;
        if (channel is not null)
        {
            ChannelStats s = channel.Stats;
            channelState = new ChannelState(Volatile.Read(ref _frame), channel.Rate.ToString(), s.Ticks, s.LateTicks, s.RepeatedFrames, s.DroppedFrames,
                s.DroppedTicks, s.CommandsApplied);
        }
        // The delay stays readable after the run ends: its last state is what the run did.
        return new LiveState(channel is not null, channelState, counters?.Invoke(), _graphicsState, People(),
            delay is null ? null : DelayLineState.From(delay.State, rate));
    }

    /// <summary>
    /// The next programme picture as drawn (the frame after the request), read back from the GPU on the channel thread.
    /// A synchronous readback stalls that frame's drawing a few milliseconds and allocates the picture: callers limit
    /// how often they ask (the HTTP server serves a cached one for 500 ms).
    /// </summary>
    /// <exception cref="ControlUnavailableException">The programme is not running.</exception>
    public Task<PreviewPicture> PreviewAsync()
    {
        FrameChannel channel;
        lock (_gate)
            channel = _channel ?? throw new ControlUnavailableException("the programme is not running (starting: models loading, or stopped); try again once it runs");
        var done = new TaskCompletionSource<PreviewPicture>(TaskCreationOptions.RunContinuationsAsynchronously);
        // On the channel thread, as every other change: two requests before one frame share that frame's picture.
        channel.Post(() =>
        {
            if (_preview is { } pending)
                pending.Task.ContinueWith(t => done.TrySetResult(t.Result), TaskScheduler.Default);
            else
                _preview = done;
        });
        return done.Task;
    }

    /// <summary>
    /// Channel thread, once a picture is drawn into <paramref name="compositor"/> (programme frame
    /// <paramref name="frameIndex"/>): reads it back when a preview was asked for; nothing otherwise.
    /// </summary>
    public void CapturePreview(Compositor compositor, long frameIndex)
    {
        ArgumentNullException.ThrowIfNull(compositor);
        if (_preview is not { } done)
            return;
        _preview = null;
        // The programme is opaque, so its premultiplied RGBA is straight RGBA.
        byte[] rgba = new byte[compositor.Width * compositor.Height * 4];
        compositor.ReadRgba(rgba);
        done.TrySetResult(new PreviewPicture(compositor.Width, compositor.Height, rgba, frameIndex));
    }

    /// <summary>Switches <paramref name="kind"/> on or off, for everyone or (<paramref name="personId"/>) for one athlete.</summary>
    /// <exception cref="ControlCommandException"><paramref name="personId"/> was never tracked in this run (<c>personId</c>).</exception>
    /// <exception cref="ControlUnavailableException">The programme is not running.</exception>
    public Task<ControlAck> SetOverlayAsync(OverlayKind kind, bool on, int? personId)
    {
        if (!Enum.IsDefined(kind))
            throw new ControlCommandException("kind", $"'{kind}' is not an overlay; use {string.Join(", ", Enum.GetNames<OverlayKind>())}");
        if (personId is { } id)
            RequireKnown(id, "personId");
        string who = personId is { } p ? $" for #{p}" : "";
        return Post($"overlay {kind.ToString().ToLowerInvariant()} {(on ? "on" : "off")}{who}", g => g.Set(kind, on, personId));
    }

    /// <summary>Highlights athlete <paramref name="personId"/> (null: nobody).</summary>
    /// <exception cref="ControlCommandException">Unknown athlete (<c>personId</c>).</exception>
    /// <exception cref="ControlUnavailableException">The programme is not running.</exception>
    public Task<ControlAck> HighlightAsync(int? personId)
    {
        if (personId is { } id)
            RequireKnown(id, "personId");
        return Post(personId is { } p ? $"highlight #{p}" : "highlight none", g => g.Highlight = personId);
    }

    /// <summary>Names track <paramref name="personId"/> (null or empty: back to "#id"); the name replaces the id label.</summary>
    /// <exception cref="ControlCommandException">Unknown athlete (<c>personId</c>) or a name that is too long or has control characters (<c>name</c>).</exception>
    /// <exception cref="ControlUnavailableException">The programme is not running.</exception>
    public Task<ControlAck> NameAsync(int personId, string? name)
    {
        RequireKnown(personId, "personId");
        string? clean = CheckText(name, "name", MaxNameLength);
        return Post(clean is null ? $"name #{personId} cleared" : $"name #{personId} '{clean}'", g => g.SetName(personId, clean));
    }

    /// <summary>Takes a lower third on air (replacing one already there); bound to <paramref name="personId"/>, an empty title shows the athlete's name.</summary>
    /// <exception cref="ControlCommandException">A field is too long, has control characters, or names an unknown athlete; nothing to show.</exception>
    /// <exception cref="ControlUnavailableException">The programme is not running.</exception>
    public Task<ControlAck> TakeLowerThirdAsync(string? title, string? subtitle, int? personId)
    {
        string t = CheckText(title, "title", MaxTitleLength) ?? "";
        string s = CheckText(subtitle, "subtitle", MaxSubtitleLength) ?? "";
        if (personId is { } id)
            RequireKnown(id, "personId");
        else if (t.Length == 0)
            throw new ControlCommandException("title", "required (or give personId to show the athlete's name)");
        return Post("lower third take", g => g.TakeLowerThird(t, s, personId));
    }

    /// <summary>Takes the lower third off air.</summary>
    /// <exception cref="ControlUnavailableException">The programme is not running.</exception>
    public Task<ControlAck> ClearLowerThirdAsync() => Post("lower third clear", g => g.ClearLowerThird());

    /// <summary>
    /// Sets the programme delay: <paramref name="frames"/> fixed frames, or (<paramref name="auto"/> true) back to
    /// following the measured tracking latency. Exactly one of the two.
    /// </summary>
    /// <exception cref="ControlCommandException">Both or neither given (<c>frames</c>), <c>auto</c> false, or frames outside 0 to the line's length (<c>frames</c>).</exception>
    /// <exception cref="ControlUnavailableException">The programme is not running, or runs without a commandable delay.</exception>
    public Task<ControlAck> SetDelayAsync(int? frames, bool? auto)
    {
        ProgrammeDelay delay;
        lock (_gate)
        {
            if (_channel is null)
                throw new ControlUnavailableException("the programme is not running (starting: models loading, or stopped); try again once it runs");
            delay = _delay ?? throw new ControlUnavailableException("this run's programme delay cannot be commanded");
        }
        if (auto is false)
            throw new ControlCommandException("auto", "only true is meaningful; give {\"frames\": N} for a fixed delay");
        if (frames is null == auto is null)
            throw new ControlCommandException("frames", "give either {\"frames\": N} (a fixed delay) or {\"auto\": true}, not both nor neither");
        if (frames is { } n)
        {
            if (n < 0 || n > delay.MaxDelayFrames)
                throw new ControlCommandException("frames", $"{n} frames; the delay line holds 0 to {delay.MaxDelayFrames} (maxDelayFrames in the configuration)");
            return PostAction($"delay {n} frames", () => delay.Fix(n));
        }
        return PostAction("delay auto", delay.Auto);
    }

    private Task<ControlAck> Post(string command, Action<ProgrammeGraphics> apply)
    {
        ProgrammeGraphics graphics;
        lock (_gate)
            graphics = _graphics ?? throw new ControlUnavailableException("the programme is not running (starting: models loading, or stopped); try again once it runs");
        return PostAction(command, () =>
        {
            apply(graphics);
            _graphicsState = graphics.Snapshot();
        });
    }

    private Task<ControlAck> PostAction(string command, Action apply)
    {
        FrameChannel channel;
        lock (_gate)
            channel = _channel ?? throw new ControlUnavailableException("the programme is not running (starting: models loading, or stopped); try again once it runs");
        long sequence = Interlocked.Increment(ref _sequence);
        long posted = Volatile.Read(ref _frame);
        // Completed by BeginFrame on the channel thread: continuations must not run there.
        var done = new TaskCompletionSource<ControlAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Post(() =>
        {
            apply();
            _applied.Add((done, command, sequence, posted));
        });
        return done.Task;
    }

    private void RequireKnown(int personId, string field)
    {
        lock (_peopleGate)
        {
            if (_seen.Contains(personId))
                return;
        }
        throw new ControlCommandException(field, $"no athlete with track id {personId} has been tracked in this run; GET /api/people lists the people on air",
            notFound: true);
    }

    /// <summary>Null for null or empty; else the trimmed text, refused when over <paramref name="max"/> characters or holding control characters.</summary>
    private static string? CheckText(string? text, string field, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        string t = text.Trim();
        if (t.Length > max)
            throw new ControlCommandException(field, $"{t.Length} characters; at most {max} fit on air");
        foreach (char c in t)
        {
            if (char.IsControl(c))
                throw new ControlCommandException(field, "contains a control character (line break, tab, ...); give one line of text");
        }
        return t;
    }

    private readonly record struct Sample(int Id, Vector3 Pelvis, double Speed, double Coverage);
}
