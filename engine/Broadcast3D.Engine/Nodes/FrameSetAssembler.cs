using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Sync;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Nodes;

/// <summary>
/// The fusion node's frame sets: the cameras' 2D messages grouped by capture time on the set grid (a message belongs
/// to the set whose time is nearest its capture time, as <see cref="CameraSync"/> places a frame), handed out in
/// order. Live (a stall timeout), a set waits for each camera by <see cref="CameraSync"/>'s own rules
/// (<see cref="SyncRules"/>: expected arrival + timeout, one frame for a camera already stalled, a camera that
/// already delivered a later set is a gap, leave and rejoin logged once and counted), judged on the stream's clock:
/// the newest publish time of the messages of later sets read so far, so a backlog read after an outage or a restart
/// is assembled as it was published, not as it is read, and a set's own messages never condemn each other (when every
/// node is held up alike, the first of their late messages would otherwise stall the others of its set, which come a
/// moment later just as late); a set nobody sent anything for goes out only once a camera sent a later one. Offline (no timeout) every camera is waited for until it ends and the
/// result is deterministic. A message for a set already handed out, or beyond the window of pending sets, is late
/// (counted, dropped). Buffers are sized at construction. Not thread-safe: one consumer.
/// </summary>
public sealed class FrameSetAssembler
{
    private readonly string[] _cameras;
    private readonly Pending[] _ring;
    private readonly bool _live;
    private readonly SyncRules _rules;
    private readonly FrameRate _rate;
    private readonly long[] _endFrame;
    private readonly long[] _newest;
    private readonly long[] _newestPublished;
    private readonly CameraPoses[] _out;
    private readonly ReadySet _ready;
    private readonly bool[] _present;
    private long _next;
    private long _clock;

    /// <summary>Creates the assembler.</summary>
    /// <param name="cameras">Camera ids in rig order (index = the fusion's camera index).</param>
    /// <param name="skeleton">Keypoint layout the 2D must be in.</param>
    /// <param name="maxPeoplePerCamera">People kept per camera and set.</param>
    /// <param name="rate">Rate of the set grid: the cameras' rate.</param>
    /// <param name="stallTimeout">How long a set waits for a camera; null waits for every camera (offline).</param>
    /// <param name="window">Sets pending at most (a message further ahead forces the oldest out); 64 is about a second at 60 fps.</param>
    /// <param name="firstFrame">Set index of the first set (a resumed node: one after the last published).</param>
    /// <param name="log">Camera leave/rejoin lines (null: the process logger).</param>
    public FrameSetAssembler(IReadOnlyList<string> cameras, SkeletonDefinition skeleton, int maxPeoplePerCamera, FrameRate rate, TimeSpan? stallTimeout,
        int window = 64, long firstFrame = 0, Serilog.ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentNullException.ThrowIfNull(skeleton);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(firstFrame);
        if (cameras.Count == 0)
            throw new ArgumentException("at least one camera is needed", nameof(cameras));
        _cameras = [.. cameras];
        Skeleton = skeleton;
        _rate = rate;
        _live = stallTimeout is not null;
        // The 2D's capture → publish delay is the camera node's decode and model time, which moves with the load and the
        // people in view by tens of milliseconds, and jumps when a node was held up (a bus outage), unlike a camera
        // link's: its expected delay may rise a frame per message (a node keeping half the rate is followed), where a
        // picture's rises 0.1 ms a frame (CameraSync).
        _rules = new SyncRules(_cameras, rate, stallTimeout ?? TimeSpan.Zero, TimeSpan.FromSeconds(rate.FrameDuration.ToDouble()), "fused frame sets", log);
        _ring = new Pending[window];
        for (int i = 0; i < window; i++)
        {
            _ring[i] = new Pending(_cameras.Length, skeleton, maxPeoplePerCamera);
            _ring[i].Frame = -1;
        }
        _endFrame = new long[_cameras.Length];
        Array.Fill(_endFrame, long.MaxValue);
        _newest = new long[_cameras.Length];
        Array.Fill(_newest, -1);
        _newestPublished = new long[_cameras.Length];
        _out = new CameraPoses[_cameras.Length];
        _present = new bool[_cameras.Length];
        _ready = new ReadySet(_out, _present);
        _next = firstFrame;
        CameraMissingSets = new long[_cameras.Length];
    }

    /// <summary>Keypoint layout of the 2D.</summary>
    public SkeletonDefinition Skeleton { get; }

    /// <summary>Frame index of the next set to go out.</summary>
    public long NextFrame => _next;

    /// <summary>Sets handed out.</summary>
    public long Sets { get; private set; }

    /// <summary>Sets handed out with at least one camera missing.</summary>
    public long IncompleteSets { get; private set; }

    /// <summary>Per camera (rig order): sets handed out without it.</summary>
    public long[] CameraMissingSets { get; }

    /// <summary>Messages that came after their set was handed out (or too far ahead), dropped.</summary>
    public long LateMessages { get; private set; }

    /// <summary>
    /// Set indices passed over because no camera sent anything for them and a message came beyond the window (the
    /// start of a live run on the wall-clock grid): never handed out, not counted as incomplete.
    /// </summary>
    public long SkippedSets { get; private set; }

    /// <summary>Cameras that left or rejoined the sets so far (each logged once).</summary>
    public long Transitions => _rules.Transitions;

    /// <summary>The set a 2D message belongs to: the set-grid index nearest its capture time (an end of stream: its frame).</summary>
    public long SetIndex(CameraPoses2D message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SetIndex(message.EndOfStream, message.Frame, message.CaptureNumerator, message.CaptureDenominator);
    }

    /// <summary>As <see cref="SetIndex(CameraPoses2D)"/> for a message read in place.</summary>
    public long SetIndex(in CameraPoses2DView message) =>
        SetIndex(message.EndOfStream, message.Frame, message.CaptureNumerator, message.CaptureDenominator);

    private long SetIndex(bool endOfStream, long frame, long numerator, long denominator) =>
        endOfStream || denominator <= 0 ? frame : _rate.NearestFrame(new Rational(numerator, denominator));

    /// <summary>True when every camera has ended and every set up to the last end has gone out.</summary>
    public bool Finished
    {
        get
        {
            foreach (long end in _endFrame)
            {
                if (end == long.MaxValue || _next < end)
                    return false;
            }
            return true;
        }
    }

    /// <summary>
    /// Takes camera <paramref name="camera"/>'s message (already decoded and checked); false with the reason when its
    /// layout is not <see cref="Skeleton"/>'s, or it is late (the caller counts the drop).
    /// </summary>
    public bool Add(int camera, CameraPoses2D message, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(message);
        Pending? set = Place(camera, message.EndOfStream, message.Frame, message.CaptureNumerator, message.CaptureDenominator,
            message.PublishedUnixNanoseconds, out long index, out reason);
        if (set is null)
            return reason is null;
        if (!NodeWire.TryFill(message, set.Poses[camera], out reason))
            return false;
        Present(camera, set, index, message.PublishedUnixNanoseconds, message.Segment);
        return true;
    }

    /// <summary>
    /// As <see cref="Add(int, CameraPoses2D, out string?)"/> for a message read in place from the bus's bytes
    /// (<see cref="CameraPoses2DView.TryRead"/>): the people are copied into the set's own buffers; nothing is
    /// allocated unless the message is refused.
    /// </summary>
    public bool Add(int camera, in CameraPoses2DView message, out string? reason)
    {
        Pending? set = Place(camera, message.EndOfStream, message.Frame, message.CaptureNumerator, message.CaptureDenominator,
            message.PublishedUnixNanoseconds, out long index, out reason);
        if (set is null)
            return reason is null;
        if (!message.TryFill(set.Poses[camera], out reason))
            return false;
        Present(camera, set, index, message.PublishedUnixNanoseconds, message.Segment);
        return true;
    }

    /// <summary>
    /// The rules common to both forms of a message: an end of stream is noted (null, no reason), the stream's clock and
    /// the camera's delay follow the publish time, a late message is refused (null with the reason); else the pending
    /// set the people go into.
    /// </summary>
    private Pending? Place(int camera, bool endOfStream, long frame, long numerator, long denominator, long publishedUnixNanoseconds,
        out long index, out string? reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(camera);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(camera, _cameras.Length);
        reason = null;
        index = -1;
        if (endOfStream)
        {
            _endFrame[camera] = frame;
            return null;
        }
        index = SetIndex(endOfStream, frame, numerator, denominator);
        if (_live && publishedUnixNanoseconds > 0)
        {
            // The stream's clock: when the camera node published it (nodes' clocks agree: NTP/PTP), so a backlog read
            // late is judged as it was sent. A late message still tells how late its camera runs; a camera back from a
            // stall is measured anew (its node may have restarted, or fallen behind while the others' delays moved on).
            long published = (long)(publishedUnixNanoseconds * (Stopwatch.Frequency / 1e9));
            _clock = Math.Max(_clock, published);
            _newestPublished[camera] = Math.Max(_newestPublished[camera], published);
            _rules.Arrived(camera, new Rational(numerator, denominator), published, sameTimeLine: !_rules.IsStalled(camera));
        }
        if (index < _next)
        {
            LateMessages++;
            reason = $"capture time {numerator}/{denominator} s (set {index}) came after its set went out (next set {_next})";
            return null;
        }
        if (index >= _next + _ring.Length && !AnyPending())
        {
            // Nothing pending and a message beyond the window: the sets before it had no message at all (a fusion
            // node started while the cameras run on the wall-clock grid, or all of them silent longer than the
            // window). They are not sets: the next one is this message's, not a window's worth of empty ones first.
            SkippedSets += index - _next;
            _next = index;
        }
        while (index >= _next + _ring.Length)
            ForceOldest();
        Pending set = Slot(index);
        if (set.Frame != index)
            set.Reset(index);
        return set;
    }

    private void Present(int camera, Pending set, long index, long publishedUnixNanoseconds, long segment)
    {
        _newest[camera] = Math.Max(_newest[camera], index);
        set.Present[camera] = true;
        set.FirstPublished = set.FirstPublished == 0 ? publishedUnixNanoseconds : Math.Min(set.FirstPublished, publishedUnixNanoseconds);
        set.Segment = Math.Max(set.Segment, segment);
    }

    /// <summary>
    /// The next set when it is ready (see the type's rules): the 2D per camera (an empty entry for a missing camera),
    /// valid until the next call. False when the next set must still wait.
    /// </summary>
    public bool TryTake([NotNullWhen(true)] out ReadySet? set)
    {
        set = null;
        if (Finished)
            return false;
        Pending pending = Slot(_next);
        bool started = pending.Frame == _next;
        Rational t = _rate.TimeOfFrame(_next);
        long? due = _live ? _rules.SetDue(t) : null;
        long clock = ClockPast(_next);
        bool anyPresent = false;
        for (int c = 0; c < _cameras.Length; c++)
        {
            bool present = started && pending.Present[c];
            anyPresent |= present;
            if (present || _next >= _endFrame[c])
                continue;
            if (!_live)
                return false; // offline: every camera until it ends
            // A camera that delivered a later set has nothing for this one (a gap); else its deadline on the stream's clock.
            if (_newest[c] <= _next && clock < _rules.Deadline(c, t, due, _clock))
                return false;
        }
        if (!anyPresent)
        {
            // Nothing for this set yet: it goes out (empty) only once the stream has passed it, some camera having
            // sent a later set. Deadlines alone would hand out sets ahead of the data after the cameras' delays
            // jumped (a node held up by an outage), and their messages would then come late.
            long reached = -1;
            foreach (long newest in _newest)
                reached = Math.Max(reached, newest);
            if (!_live || reached <= _next)
                return false;
        }
        set = Emit(pending, started, FrameSlotStatus.Stalled);
        return true;
    }

    private ReadySet Emit(Pending pending, bool started, FrameSlotStatus absent)
    {
        Rational t = _rate.TimeOfFrame(_next);
        int present = 0;
        for (int c = 0; c < _cameras.Length; c++)
        {
            bool has = started && pending.Present[c];
            FrameSlotStatus status = FrameSlotStatus.Fresh;
            if (has)
            {
                present++;
            }
            else
            {
                CameraMissingSets[c]++;
                pending.Poses[c].Clear();
                status = _next >= _endFrame[c] ? FrameSlotStatus.Ended : _newest[c] > _next ? FrameSlotStatus.Gap : absent;
            }
            _rules.Report(c, status, t);
            _out[c] = pending.Poses[c];
            _present[c] = has;
        }
        _ready.Frame = _next;
        _ready.Time = (t.Numerator, t.Denominator);
        _ready.Segment = pending.Segment;
        _ready.CamerasPresent = present;
        _ready.FirstPublishedUnixNanoseconds = pending.FirstPublished;
        Sets++;
        if (present < _cameras.Length)
            IncompleteSets++;
        pending.Frame = -1;
        _next++;
        return _ready;
    }

    /// <summary>
    /// The stream's clock for deciding set <paramref name="set"/>: the newest publish time of the cameras that already
    /// sent a later set (their newest message is past it); <see cref="long.MinValue"/> while none has.
    /// </summary>
    private long ClockPast(long set)
    {
        long clock = long.MinValue;
        for (int c = 0; c < _cameras.Length; c++)
        {
            if (_newest[c] > set)
                clock = Math.Max(clock, _newestPublished[c]);
        }
        return clock;
    }

    private bool AnyPending()
    {
        foreach (Pending pending in _ring)
        {
            if (pending.Frame >= _next)
                return true;
        }
        return false;
    }

    private void ForceOldest()
    {
        Pending pending = Slot(_next);
        Emit(pending, pending.Frame == _next, FrameSlotStatus.Stalled);
        LateMessages++;
    }

    private Pending Slot(long frame) => _ring[(int)(frame % _ring.Length)];

    /// <summary>
    /// A set handed out. One instance per assembler, refilled by each <see cref="TryTake"/> (a set per frame allocates
    /// nothing): read it before the next call.
    /// </summary>
    public sealed class ReadySet
    {
        internal ReadySet(IReadOnlyList<CameraPoses> poses, IReadOnlyList<bool> present)
        {
            Poses = poses;
            Present = present;
        }

        /// <summary>Set index on the set grid.</summary>
        public long Frame { get; internal set; }

        /// <summary>The set's time on the grid, seconds as (numerator, denominator).</summary>
        public (long Numerator, long Denominator) Time { get; internal set; }

        /// <summary>Newest timeline segment of its cameras.</summary>
        public long Segment { get; internal set; }

        /// <summary>Cameras whose 2D is in the set.</summary>
        public int CamerasPresent { get; internal set; }

        /// <summary>2D per camera in rig order (empty for a camera missing from the set); the assembler's buffers.</summary>
        public IReadOnlyList<CameraPoses> Poses { get; }

        /// <summary>Per camera (rig order): its 2D is in the set.</summary>
        public IReadOnlyList<bool> Present { get; }

        /// <summary>Earliest publish time of the set's 2D, Unix nanoseconds (0: none stamped).</summary>
        public long FirstPublishedUnixNanoseconds { get; internal set; }
    }

    private sealed class Pending
    {
        public Pending(int cameras, SkeletonDefinition skeleton, int maxPeople)
        {
            Poses = new CameraPoses[cameras];
            Present = new bool[cameras];
            for (int c = 0; c < cameras; c++)
                Poses[c] = new CameraPoses(maxPeople, skeleton, skeleton.KeypointCount);
        }

        public long Frame;
        public CameraPoses[] Poses { get; }
        public bool[] Present { get; }
        public long FirstPublished;
        public long Segment;

        public void Reset(long frame)
        {
            Frame = frame;
            Array.Clear(Present);
            FirstPublished = 0;
            Segment = 0;
        }
    }
}
