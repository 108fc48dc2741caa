using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Media.Ingest;

namespace Broadcast3D.Engine.Sync;

/// <summary>
/// Groups the frames of N cameras into <see cref="FrameSet"/>s by capture time at a fixed rate. For set time t each
/// camera contributes the frame on screen at t (capture time within half its frame period, or
/// <see cref="CameraSyncOptions.Tolerance"/>), after its configured offset and the automatic estimate. Cameras at
/// lower rates repeat frames; a camera with nothing near t is marked Gap, Stalled (live) or Ended and the set goes
/// on without it. Offline, every camera is waited for and the result is deterministic. Pull model: call
/// <see cref="TryNext"/> from one consumer thread; the readers' threads keep decoding meanwhile. Not thread-safe.
/// <para>
/// Live, each camera's frame for a set is expected on the local clock at the set's time plus that camera's smallest
/// recent delay between capture time and arrival. A camera is waited for until then plus
/// <see cref="CameraSyncOptions.StallTimeout"/>; a camera already stalled only until then plus one frame, so a
/// dead camera costs one timeout when it goes, not one per set, and the sets keep the camera rate with the cameras
/// that remain. A set already more than the timeout past due (the fastest camera's expected arrival) is skipped: a
/// consumer that fell behind, or the start-up before the first frames. A camera that reconnected is placed by
/// arrival again. These rules are <see cref="SyncRules"/>, which the fusion node's frame sets of 2D messages share.
/// </para>
/// </summary>
public sealed class CameraSync : IDisposable
{
    private readonly IReadOnlyList<CameraReader> _cameras;
    private readonly CameraSyncOptions _options;
    private readonly Track[] _tracks;
    private readonly FrameSet _set;
    private readonly SyncRules _rules;
    private readonly ThreadRole _consumer = new("frame-set consumer (ingest)");
    private long _next;
    private long _startTimestamp;
    private bool _disposed;

    // How fast a camera's capture → arrival delay may rise per frame taken (it falls at once to any smaller delay):
    // the estimate follows the recent fastest frames, and a slower sender clock, yet stays small next to frames.
    private static readonly TimeSpan LagRise = TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond / 10);

    // The same for the arrival placement, which moves the camera's frames: only as fast as clocks can drift
    // (10 µs a frame is 600 ppm at 60 fps), so a placement settled on the fastest frames stays put.
    private static readonly long BaseCreepTicks = Stopwatch.Frequency / 100_000;

    /// <summary>Syncs <paramref name="cameras"/> (index = camera number); the caller keeps owning and disposing the readers.</summary>
    public CameraSync(IReadOnlyList<CameraReader> cameras, CameraSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentNullException.ThrowIfNull(options);
        if (cameras.Count == 0)
            throw new ArgumentException("at least one camera is needed", nameof(cameras));
        _cameras = cameras;
        _options = options;
        _tracks = new Track[cameras.Count];
        var ids = new string[cameras.Count];
        for (int i = 0; i < cameras.Count; i++)
        {
            _tracks[i] = new Track();
            ids[i] = cameras[i].Id;
        }
        _set = new FrameSet(ids);
        _rules = new SyncRules(ids, options.Rate, options.StallTimeout, LagRise, "frame sets", options.Log);
    }

    /// <summary>Sets produced so far.</summary>
    public long SetsProduced { get; private set; }

    /// <summary>Sets produced with at least one camera missing.</summary>
    public long IncompleteSets { get; private set; }

    /// <summary>Set indices skipped because a live consumer fell behind the cameras.</summary>
    public long SkippedSets { get; private set; }

    /// <summary>
    /// Cameras that left or rejoined the frame sets so far, each logged (a state change: the log line allocates).
    /// Read on the thread that calls <see cref="TryNext"/>, which tells its steady-state frames from these.
    /// </summary>
    public long Transitions => _rules.Transitions;

    /// <summary>Automatic offset (seconds) of camera <paramref name="camera"/>, null until its first frame arrived.</summary>
    public Rational? EstimatedOffset(int camera) => _tracks[camera].AutoOffset;

    /// <summary>
    /// Produces the next set; false when every camera has ended and none has a frame left. The set and its frames
    /// are valid until the next call. Throws <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public bool TryNext([NotNullWhen(true)] out FrameSet? set, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _consumer.AssertSingle();
        cancellationToken.ThrowIfCancellationRequested();
        if (_startTimestamp == 0)
            _startTimestamp = Stopwatch.GetTimestamp();
        if (_options.Live)
            CatchUp();
        Rational t = _options.Rate.TimeOfFrame(_next);
        long? due = _options.Live ? _rules.SetDue(t) : null;
        bool anyFrame = false;
        bool allEnded = true;
        for (int c = 0; c < _tracks.Length; c++)
        {
            Track track = _tracks[c];
            long deadline = _options.Live ? _rules.Deadline(c, t, due, Stopwatch.GetTimestamp()) : long.MaxValue;
            bool stalled = Advance(c, track, t, deadline, cancellationToken);
            FrameSlot slot;
            if (track.Current is { } current && Distance(track.CurrentCapture, t) <= Half(current))
            {
                slot = new FrameSlot(current.Frame, track.CurrentCapture, track.Shown ? FrameSlotStatus.Repeated : FrameSlotStatus.Fresh,
                    current.ArrivalTimestamp);
                track.Shown = true;
                anyFrame = true;
            }
            else
            {
                FrameSlotStatus why = track.Ended && track.Pending is null ? FrameSlotStatus.Ended : stalled ? FrameSlotStatus.Stalled : FrameSlotStatus.Gap;
                slot = new FrameSlot(null, Rational.Zero, why);
            }
            if (!(track.Ended && track.Pending is null))
                allEnded = false;
            _rules.Report(c, slot.Status, t);
            _set.Set(c, slot);
        }
        if (allEnded && !anyFrame)
        {
            set = null;
            return false;
        }
        _set.Index = _next;
        _set.Time = t;
        long segments = 0;
        foreach (Track track in _tracks)
            segments += track.Segment;
        _set.Segment = segments;
        _next++;
        SetsProduced++;
        if (!_set.IsComplete)
            IncompleteSets++;
        set = _set;
        return true;
    }

    /// <summary>Disposes the frames the sync still holds (not the readers).</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (Track t in _tracks)
        {
            t.Current?.Frame.Dispose();
            t.Pending?.Frame.Dispose();
            t.Current = t.Pending = null;
        }
    }

    /// <summary>Moves the camera's current frame up to time t; returns true when a live camera stalled.</summary>
    private bool Advance(int camera, Track track, Rational t, long deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (track.Pending is null)
            {
                if (track.Ended)
                    return false;
                // Live: a camera whose current frame still covers t is not waited for.
                bool covered = track.Current is { } cur && Distance(track.CurrentCapture, t) <= Half(cur);
                long waitUntil = _options.Live && covered ? 0 : deadline;
                Pull result = TryPull(camera, track, waitUntil, cancellationToken);
                if (result == Pull.Ended)
                {
                    track.Ended = true;
                    return false;
                }
                if (result == Pull.Stalled)
                    return !covered;
            }
            CameraFrame pending = track.Pending!.Value;
            Rational capture = pending.CaptureTime + track.AutoOffset!.Value;
            if (capture >= t + Half(pending))
                return false;
            track.Current?.Frame.Dispose();
            track.Current = pending;
            track.CurrentCapture = capture;
            track.Segment = pending.Segment;
            track.Shown = false;
            track.Pending = null;
        }
    }

    private Pull TryPull(int camera, Track track, long deadline, CancellationToken cancellationToken)
    {
        CameraReader reader = _cameras[camera];
        CameraFrame frame;
        if (!_options.Live)
        {
            if (!reader.TryTake(out frame, cancellationToken))
                return Pull.Ended;
        }
        else
        {
            while (!reader.Frames.TryRead(out frame))
            {
                if (reader.Frames.Completion.IsCompleted)
                    return Pull.Ended;
                long remaining = deadline - Stopwatch.GetTimestamp();
                if (remaining <= 0)
                    return Pull.Stalled;
                // Whole milliseconds, rounded up: a wait rounded down to 0 would return at once and spin.
                var timeout = TimeSpan.FromMilliseconds(Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency));
                if (!reader.WaitForFrame(timeout, cancellationToken))
                    return Pull.Stalled;
            }
        }
        int reconnects = reader.Reconnects;
        if (reconnects != track.Reconnects)
        {
            // The reader continues a reconnected camera's timeline where it stopped: right for a file, but a live
            // camera that was dark for seconds must be placed by arrival again, and its delays measured anew.
            track.Reconnects = reconnects;
            _rules.Forget(camera);
            if (_options.OffsetEstimate == OffsetEstimate.Arrival)
                track.ArrivalBase = null;
        }
        Rational? offset = track.AutoOffset;
        track.AutoOffset = _options.OffsetEstimate switch
        {
            OffsetEstimate.FirstFrame => offset ?? Rational.Zero - (frame.CaptureTime - reader.Options.Offset),
            OffsetEstimate.Arrival => PlaceByArrival(track, frame, frame.CaptureTime - reader.Options.Offset),
            _ => Rational.Zero,
        };
        track.Pending = frame;
        if (_options.Live)
            _rules.Arrived(camera, frame.CaptureTime + track.AutoOffset.Value, frame.ArrivalTimestamp, sameTimeLine: track.AutoOffset == offset);
        return Pull.Got;
    }

    /// <summary>
    /// The camera's offset placed by arrival: the smallest recent (arrival − media time) of its frames, so the
    /// frames are placed where the fastest of them arrived (not by the first, which comes late in the burst after
    /// the stream was probed), on the set grid. The placement moves only when the estimate leaves it by more than
    /// three quarters of a frame: the start-up burst settles once, and jitter never makes a frame flicker between
    /// neighbouring sets.
    /// </summary>
    private Rational PlaceByArrival(Track track, CameraFrame frame, Rational mediaTime)
    {
        // Media time, without the configured offset, which stays on top of the placement.
        long arrivalBase = frame.ArrivalTimestamp - ToTicks(mediaTime);
        track.ArrivalBase = track.ArrivalBase is { } previous ? Math.Min(arrivalBase, previous + BaseCreepTicks) : arrivalBase;
        Rational estimate = new(track.ArrivalBase.Value - _startTimestamp, Stopwatch.Frequency);
        if (track.AutoOffset is { } applied && Math.Abs((estimate - applied).ToDouble()) <= 0.75 * _options.Rate.FrameDuration.ToDouble())
            return applied;
        // On the set grid: this frame lands exactly on a set time, mid-way between the set boundaries.
        return _options.Rate.TimeOfFrame(_options.Rate.NearestFrame(frame.CaptureTime + estimate)) - frame.CaptureTime;
    }

    /// <summary>Live: skips the sets that are already past due by more than the stall timeout.</summary>
    private void CatchUp()
    {
        if (_rules.SetDue(_options.Rate.TimeOfFrame(_next)) is not { } due)
            return; // no frame yet: nothing tells where the cameras are
        long behind = (long)Math.Floor((double)(Stopwatch.GetTimestamp() - _rules.StallTicks - due) / _rules.FrameTicks);
        if (behind > 0)
        {
            SkippedSets += behind;
            _next += behind;
        }
    }

    private static long ToTicks(Rational seconds) => SyncRules.ToTicks(seconds);

    private Rational Half(CameraFrame frame)
    {
        if (_options.Tolerance is { } tolerance)
            return tolerance;
        if (frame.Frame.DurationTicks > 0)
            return new Rational(frame.Frame.DurationTicks, 2) * frame.Frame.TimeBase;
        return _options.Rate.FrameDuration * new Rational(1, 2);
    }

    private static Rational Distance(Rational a, Rational b) => a >= b ? a - b : b - a;

    private enum Pull
    {
        Got,
        Stalled,
        Ended,
    }

    private sealed class Track
    {
        public CameraFrame? Current;
        public Rational CurrentCapture;
        public bool Shown;
        public CameraFrame? Pending;
        public bool Ended;
        public Rational? AutoOffset;
        public int Reconnects;
        public long? ArrivalBase;
        public int Segment; // of the newest frame taken (frames arrive in order: it never goes down)
    }
}
