using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Broadcast3D.Core.Time;
using Broadcast3D.Media.Ingest;

namespace Broadcast3D.Engine.Ingest;

/// <summary>
/// Groups the frames of N cameras into <see cref="FrameSet"/>s by capture time at a fixed rate. For set time t each
/// camera contributes the frame on screen at t (capture time within half its frame period, or
/// <see cref="CameraSyncOptions.Tolerance"/>), after its configured offset and the automatic estimate. Cameras at
/// lower rates repeat frames; a camera with nothing near t is marked Gap, Stalled (live) or Ended and the set goes
/// on without it. Offline, every camera is waited for and the result is deterministic. Pull model: call
/// <see cref="TryNext"/> from one consumer thread; the readers' threads keep decoding meanwhile. Not thread-safe.
/// </summary>
public sealed class CameraSync : IDisposable
{
    private readonly IReadOnlyList<CameraReader> _cameras;
    private readonly CameraSyncOptions _options;
    private readonly Track[] _tracks;
    private readonly FrameSet _set;
    private long _next;
    private long _startTimestamp;
    private bool _disposed;

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
    }

    /// <summary>Sets produced so far.</summary>
    public long SetsProduced { get; private set; }

    /// <summary>Sets produced with at least one camera missing.</summary>
    public long IncompleteSets { get; private set; }

    /// <summary>Set indices skipped because a live consumer fell behind the cameras.</summary>
    public long SkippedSets { get; private set; }

    /// <summary>Automatic offset (seconds) of camera <paramref name="camera"/>, null until its first frame arrived.</summary>
    public Rational? EstimatedOffset(int camera) => _tracks[camera].AutoOffset;

    /// <summary>
    /// Produces the next set; false when every camera has ended and none has a frame left. The set and its frames
    /// are valid until the next call. Throws <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public bool TryNext([NotNullWhen(true)] out FrameSet? set, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_startTimestamp == 0)
            _startTimestamp = Stopwatch.GetTimestamp();
        if (_options.Live)
            CatchUp();
        Rational t = _options.Rate.TimeOfFrame(_next);
        long deadline = _options.Live ? Stopwatch.GetTimestamp() + (long)(_options.StallTimeout.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        bool anyFrame = false;
        bool allEnded = true;
        for (int c = 0; c < _tracks.Length; c++)
        {
            Track track = _tracks[c];
            bool stalled = Advance(c, track, t, deadline, cancellationToken);
            FrameSlot slot;
            if (track.Current is { } current && Distance(track.CurrentCapture, t) <= Half(current))
            {
                slot = new FrameSlot(current.Frame, track.CurrentCapture, track.Shown ? FrameSlotStatus.Repeated : FrameSlotStatus.Fresh);
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
            ReportTransition(c, track, slot.Status, t);
            _set.Set(c, slot);
        }
        if (allEnded && !anyFrame)
        {
            set = null;
            return false;
        }
        _set.Index = _next;
        _set.Time = t;
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
                Task<bool> wait = reader.Frames.WaitToReadAsync(cancellationToken).AsTask();
                if (!wait.Wait(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency), cancellationToken))
                    return Pull.Stalled;
                if (!wait.Result)
                    return Pull.Ended;
            }
        }
        track.AutoOffset ??= EstimateOffset(reader, frame);
        track.Pending = frame;
        return Pull.Got;
    }

    private Rational EstimateOffset(CameraReader reader, CameraFrame first)
    {
        Rational mediaTime = first.CaptureTime - reader.Options.Offset;
        return _options.OffsetEstimate switch
        {
            OffsetEstimate.FirstFrame => Rational.Zero - mediaTime,
            OffsetEstimate.Arrival => new Rational(first.ArrivalTimestamp - _startTimestamp, Stopwatch.Frequency) - mediaTime,
            _ => Rational.Zero,
        };
    }

    /// <summary>Live: when every camera with data is ahead of the next set, jump to the earliest of them.</summary>
    private void CatchUp()
    {
        Rational? earliest = null;
        foreach (Track track in _tracks)
        {
            if (track.Pending is not { } p)
                return; // a camera without a frame in hand: nothing proves we are behind
            Rational capture = p.CaptureTime + track.AutoOffset!.Value;
            if (earliest is null || capture < earliest.Value)
                earliest = capture;
        }
        long target = _options.Rate.NearestFrame(earliest!.Value);
        if (target > _next + 1)
        {
            SkippedSets += target - _next;
            _next = target;
        }
    }

    private Rational Half(CameraFrame frame)
    {
        if (_options.Tolerance is { } tolerance)
            return tolerance;
        if (frame.Frame.DurationTicks > 0)
            return new Rational(frame.Frame.DurationTicks, 2) * frame.Frame.TimeBase;
        return _options.Rate.FrameDuration * new Rational(1, 2);
    }

    private static Rational Distance(Rational a, Rational b) => a >= b ? a - b : b - a;

    private void ReportTransition(int camera, Track track, FrameSlotStatus status, Rational t)
    {
        bool present = status is FrameSlotStatus.Fresh or FrameSlotStatus.Repeated;
        bool wasPresent = track.LastStatus is FrameSlotStatus.Fresh or FrameSlotStatus.Repeated;
        if (track.LastStatus is null ? !present : present != wasPresent)
        {
            _options.Log?.Invoke(present
                ? $"{_cameras[camera].Id} is back in the frame sets at {t.ToDouble():0.###} s"
                : $"{_cameras[camera].Id} {status.ToString().ToLowerInvariant()} at {t.ToDouble():0.###} s: frame sets go on without it");
        }
        track.LastStatus = status;
    }

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
        public FrameSlotStatus? LastStatus;
    }
}
