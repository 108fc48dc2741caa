using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Nodes;

/// <summary>
/// The fusion node's frame sets: the cameras' 2D messages grouped by frame index (the set grid the camera nodes
/// share), handed out in frame order. A set goes out when every camera has delivered its frame or ended; with a
/// stall timeout, also when its first message is that old, without the cameras that did not deliver (each counted
/// and logged when it leaves and when it rejoins). As <c>CameraSync</c>'s live rule, a camera already missing is not
/// waited for again until it delivers: a dead camera costs one timeout when it goes, not one per set. Without a
/// timeout (offline) every camera is waited for and the result is deterministic. A message for a set already handed
/// out, or beyond the window of pending sets, is late (counted, dropped). Buffers are sized at construction. Not
/// thread-safe: one consumer.
/// </summary>
public sealed class FrameSetAssembler
{
    private readonly string[] _cameras;
    private readonly Pending[] _ring;
    private readonly long _stallTicks;
    private readonly bool[] _missing;
    private readonly long[] _endFrame;
    private readonly CameraPoses[] _out;
    private readonly Serilog.ILogger _log;
    private long _next;

    /// <summary>Creates the assembler.</summary>
    /// <param name="cameras">Camera ids in rig order (index = the fusion's camera index).</param>
    /// <param name="skeleton">Keypoint layout the 2D must be in.</param>
    /// <param name="maxPeoplePerCamera">People kept per camera and set.</param>
    /// <param name="stallTimeout">How long a set waits for a camera; null waits for every camera (offline).</param>
    /// <param name="window">Sets pending at most (a message further ahead forces the oldest out); 64 is about a second at 60 fps.</param>
    /// <param name="firstFrame">Frame index of the first set (a resumed node: one after the last published).</param>
    /// <param name="log">Camera leave/rejoin lines (null: the process logger).</param>
    public FrameSetAssembler(IReadOnlyList<string> cameras, SkeletonDefinition skeleton, int maxPeoplePerCamera, TimeSpan? stallTimeout,
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
        _stallTicks = stallTimeout is { } t ? (long)(t.TotalSeconds * Stopwatch.Frequency) : -1;
        _ring = new Pending[window];
        for (int i = 0; i < window; i++)
        {
            _ring[i] = new Pending(_cameras.Length, skeleton, maxPeoplePerCamera);
            _ring[i].Frame = -1;
        }
        _missing = new bool[_cameras.Length];
        _endFrame = new long[_cameras.Length];
        Array.Fill(_endFrame, long.MaxValue);
        _out = new CameraPoses[_cameras.Length];
        _log = log ?? Serilog.Log.Logger;
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
        ArgumentOutOfRangeException.ThrowIfNegative(camera);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(camera, _cameras.Length);
        if (message.EndOfStream)
        {
            _endFrame[camera] = message.Frame;
            reason = null;
            return true;
        }
        if (message.Frame < _next)
        {
            LateMessages++;
            reason = $"frame {message.Frame} came after its set went out (next set {_next})";
            return false;
        }
        while (message.Frame >= _next + _ring.Length)
            ForceOldest();
        Pending set = Slot(message.Frame);
        if (set.Frame != message.Frame)
            set.Reset(message.Frame);
        if (!NodeWire.TryFill(message, set.Poses[camera], out reason))
            return false;
        if (!set.Present[camera])
        {
            set.Present[camera] = true;
            set.Count++;
        }
        set.FirstArrival = set.FirstArrival == 0 ? Stopwatch.GetTimestamp() : set.FirstArrival;
        set.FirstPublished = set.FirstPublished == 0 ? message.PublishedUnixNanoseconds : Math.Min(set.FirstPublished, message.PublishedUnixNanoseconds);
        set.Time = (message.CaptureNumerator, message.CaptureDenominator);
        set.Segment = Math.Max(set.Segment, message.Segment);
        return true;
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
        bool timedOut = started && _stallTicks >= 0 && Stopwatch.GetTimestamp() - pending.FirstArrival >= _stallTicks;
        for (int c = 0; c < _cameras.Length; c++)
        {
            bool present = started && pending.Present[c];
            bool ended = _next >= _endFrame[c];
            // A camera already missing is not waited for (live); offline (no timeout) every camera is.
            if (!present && !ended && !timedOut && !(_stallTicks >= 0 && _missing[c] && started))
                return false;
        }
        if (!started)
        {
            // Every camera ended or is missing, and nothing came for this set: it is empty.
            bool anyLive = false;
            for (int c = 0; c < _cameras.Length; c++)
                anyLive |= _next < _endFrame[c];
            if (anyLive)
                return false;
        }
        set = Emit(pending, started);
        return true;
    }

    private ReadySet Emit(Pending pending, bool started)
    {
        int present = 0;
        for (int c = 0; c < _cameras.Length; c++)
        {
            bool has = started && pending.Present[c];
            if (has)
                present++;
            else
            {
                CameraMissingSets[c]++;
                pending.Poses[c].Clear();
            }
            bool ended = _next >= _endFrame[c];
            if (!ended && has == _missing[c])
            {
                _missing[c] = !has;
                if (has)
                    _log.Information("{Camera:l} is back in the fused frame sets at frame {Frame}", _cameras[c], _next);
                else
                    _log.Warning("{Camera:l} missing from frame {Frame}: the fused frame sets go on without it", _cameras[c], _next);
            }
            _out[c] = pending.Poses[c];
        }
        var ready = new ReadySet(_next, pending.Time, pending.Segment, present, _out, pending.FirstPublished);
        Sets++;
        if (present < _cameras.Length)
            IncompleteSets++;
        pending.Frame = -1;
        _next++;
        return ready;
    }

    private void ForceOldest()
    {
        Pending pending = Slot(_next);
        Emit(pending, pending.Frame == _next);
        LateMessages++;
    }

    private Pending Slot(long frame) => _ring[(int)(frame % _ring.Length)];

    /// <summary>A set handed out: frame index, capture time (numerator, denominator), segment, cameras present, 2D per camera.</summary>
    public sealed record ReadySet(long Frame, (long Numerator, long Denominator) Time, long Segment, int CamerasPresent,
        IReadOnlyList<CameraPoses> Poses, long FirstPublishedUnixNanoseconds);

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
        public int Count;
        public long FirstArrival;
        public long FirstPublished;
        public (long, long) Time = (0, 1);
        public long Segment;

        public void Reset(long frame)
        {
            Frame = frame;
            Array.Clear(Present);
            Count = 0;
            FirstArrival = 0;
            FirstPublished = 0;
            Time = (0, 1);
            Segment = 0;
        }
    }
}
