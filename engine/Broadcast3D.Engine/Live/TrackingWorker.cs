using System.Numerics;
using System.Diagnostics;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Sync;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Media;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Tracking.Filtering;
using Broadcast3D.Tracking.FrameSets;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// The live tracking worker: its own thread runs <see cref="FrameSetTracker"/> on the newest frame set and
/// publishes the 3D people as a timestamped <see cref="SkeletonSet"/> through a <see cref="TripleBuffer{T}"/>.
/// Hand-off from ingest is one slot, latest wins: <see cref="TryOffer"/> takes a set only when the worker is idle,
/// otherwise the set is skipped for tracking and counted (the picture still goes to air). The frames are shared, not
/// copied: the worker retains each camera's frame and the models sample its planes as decoded (yuv420p, nv12,
/// yuv420p10le, rgba) straight into their input layout; the frames go back once the set is tracked. A camera missing
/// from a set (or in a format the models do not take: logged once) is given to the models as a black yuv420p frame,
/// so the others still track. The people are filtered and
/// short gaps filled (<see cref="LiveSkeletonSmoother"/>) before they are published. A frame set of a new timeline
/// segment (a source started over) restarts both the smoothing and the identities' motion gating
/// (<see cref="FrameSetTracker.Discontinuity"/>); the ids persist.
/// <para>A tracking failure is logged and the worker restarts with a new tracker (models loaded again, since a
/// session that threw may be left in any state), up to a bounded number of restarts; then it stops and says so. The
/// programme goes on either way, and the graphics fade out as the skeletons age (<see cref="Plugins.OverlayHost"/>).</para>
/// </summary>
public sealed class TrackingWorker : IDisposable
{
    private readonly Func<FrameSetTracker> _createTracker;
    private readonly Serilog.ILogger _log;
    private readonly int _maxRestarts;
    private readonly Action<long>? _beforeEachSet;
    private FrameSetTracker _tracker;
    private readonly TripleBuffer<SkeletonSet> _output;
    private readonly Action<SkeletonSet>? _tracked;
    private readonly StageTiming _timing;
    private readonly SemaphoreSlim _ready = new(0, 1);
    private readonly VideoFrame?[] _held;
    private readonly byte[]?[] _black;
    private readonly bool[] _formatReported;
    private readonly ImagePlanes[] _frames;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly LiveSkeletonSmoother _smoother;
    private readonly double[] _points;
    private readonly float[] _shape = new float[SkeletonSet.ShapeFloats];
    private readonly ThreadRole _ingest = new("ingest"), _tracking;
    private readonly ThreadAccounting? _accounting;
    private int _idle;
    private Rational _time;
    private long _segment, _offeredAt, _smoothedSegment, _trackedSegment;
    private long _skipped, _processed;
    private int _restarts;
    private Exception? _failure;

    /// <summary>
    /// Creates the first tracker with <paramref name="createTracker"/> on the calling thread (so a missing model throws
    /// here) and starts the worker thread; the worker owns the trackers it creates.
    /// </summary>
    /// <param name="createTracker">Makes a tracker: at start and after each failure.</param>
    /// <param name="output">Where the skeletons are published.</param>
    /// <param name="timing">Receives the tracking time per frame set.</param>
    /// <param name="log">Receives failures and restarts (tracking thread).</param>
    /// <param name="maxRestarts">Restarts after failures before the worker gives up.</param>
    public TrackingWorker(Func<FrameSetTracker> createTracker, TripleBuffer<SkeletonSet> output, StageTiming timing, Serilog.ILogger? log = null,
        int maxRestarts = 5)
        : this(createTracker, output, timing, log, maxRestarts, beforeEachSet: null)
    {
    }

    /// <summary>As the public constructor, with a test seam.</summary>
    /// <param name="createTracker">Makes a tracker: at start and after each failure.</param>
    /// <param name="output">Where the skeletons are published.</param>
    /// <param name="timing">Receives the tracking time per frame set.</param>
    /// <param name="log">Receives failures and restarts (tracking thread).</param>
    /// <param name="maxRestarts">Restarts after failures before the worker gives up.</param>
    /// <param name="beforeEachSet">
    /// Test seam at the worker boundary: called on the tracking thread before each frame set with the sets tracked so
    /// far; an exception from it is a tracking failure.
    /// </param>
    /// <param name="costs">
    /// The run's per-thread cost book (live): the worker thread is accounted as "tracking", one frame per set tracked.
    /// Null: not accounted.
    /// </param>
    /// <param name="tracked">
    /// Called on the tracking thread with each set of skeletons just before it is published (the replay index
    /// records it); the set is the worker's until the call returns. Null: none.
    /// </param>
    internal TrackingWorker(Func<FrameSetTracker> createTracker, TripleBuffer<SkeletonSet> output, StageTiming timing, Serilog.ILogger? log,
        int maxRestarts, Action<long>? beforeEachSet, ThreadCostBook? costs = null, Action<SkeletonSet>? tracked = null)
    {
        _tracked = tracked;
        ArgumentNullException.ThrowIfNull(createTracker);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRestarts);
        _createTracker = createTracker;
        _log = log ?? Serilog.Log.Logger;
        _maxRestarts = maxRestarts;
        _beforeEachSet = beforeEachSet;
        _accounting = costs?.Add("tracking");
        _tracking = _accounting?.Role ?? new ThreadRole("tracking");
        FrameSetTracker tracker = createTracker();
        _tracker = tracker;
        _output = output;
        _timing = timing;
        int n = tracker.Cameras;
        _held = new VideoFrame?[n];
        _black = new byte[n][];
        _formatReported = new bool[n];
        _frames = new ImagePlanes[n];
        _smoother = new LiveSkeletonSmoother(output.WriteSlot.Definition.KeypointCount, output.WriteSlot.MaxPersons);
        _points = new double[output.WriteSlot.Definition.KeypointCount * 3];
        _idle = 1;
        _thread = new Thread(Loop) { IsBackground = true, Name = "tracking" };
        _thread.Start();
    }

    /// <summary>Frame sets tracked.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Frame sets not tracked because the worker was busy (latest wins).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Times the worker restarted after a tracking failure.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Why the worker stopped for good (restarts used up), or null.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>
    /// State changes <see cref="TryOffer"/> handled so far, each allocating once: a missing camera's black stand-in
    /// made at a new size, a camera format the models do not take logged. Ingest thread only, like TryOffer.
    /// </summary>
    public long StateChanges { get; private set; }

    /// <summary>
    /// Ingest thread: hands <paramref name="set"/> to the worker when it is idle, keeping its frames by reference
    /// (<see cref="VideoFrame.Retain"/>, no copy) until they are tracked; otherwise counts a skip.
    /// Never waits on inference.
    /// </summary>
    public void TryOffer(FrameSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        _ingest.AssertSingle();
        if (Interlocked.CompareExchange(ref _idle, 0, 1) != 1)
        {
            Interlocked.Increment(ref _skipped);
            return;
        }
        for (int c = 0; c < _frames.Length; c++)
        {
            if (set[c].Frame is { } frame && Share(set, c, frame) is { } planes)
            {
                _frames[c] = planes;
            }
            else
            {
                // Missing now: black at the last size seen (or a small frame, enough for the detector to find nobody).
                (int w, int h) = _frames[c].Width > 0 ? (_frames[c].Width, _frames[c].Height) : (64, 64);
                _frames[c] = Black(c, w, h);
            }
        }
        _time = set.Time;
        _segment = set.Segment;
        _offeredAt = Stopwatch.GetTimestamp();
        _ready.Release();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        ReleaseFrames();
        _tracker.Dispose();
        _ready.Dispose();
        _stop.Dispose();
    }

    private void Loop()
    {
        _tracking.Claim();
        _accounting?.Start();
        while (true)
        {
            try
            {
                _ready.Wait(_stop.Token);
                long start = Stopwatch.GetTimestamp();
                _beforeEachSet?.Invoke(Processed);
                if (_segment != _trackedSegment)
                {
                    // A source started over (loop, reconnect): the ids' motion gating must not reach across the cut.
                    _tracker.Discontinuity();
                    _trackedSegment = _segment;
                }
                _tracker.Process(_frames);
                ReleaseFrames();
                Publish();
                _timing.Record(start);
                Interlocked.Increment(ref _processed);
                _accounting?.FrameDone();
                Volatile.Write(ref _idle, 1);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (!Restart(ex))
                    return;
            }
        }
    }

    /// <summary>After a failure: a new tracker and back to work (true), or false when the restarts are used up.</summary>
    private bool Restart(Exception failure)
    {
        if (_restarts >= _maxRestarts)
        {
            Volatile.Write(ref _failure, failure);
            _log.Error(failure, "tracking failed and stopped after {Restarts} restarts: {Error:l}; the programme goes on without graphics", _restarts, failure.Message);
            return false;
        }
        Interlocked.Increment(ref _restarts);
        _log.Error(failure, "tracking failed ({Type:l}: {Error:l}); restarting the tracker ({Restarts} of at most {MaxRestarts})", failure.GetType().Name, failure.Message, _restarts, _maxRestarts);
        try
        {
            _tracker.Dispose();
            _tracker = _createTracker();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Volatile.Write(ref _failure, ex);
            _log.Error(ex, "tracking could not restart: {Error:l}; the programme goes on without graphics", ex.Message);
            return false;
        }
        ReleaseFrames();
        Volatile.Write(ref _idle, 1); // take the next frame set
        return true;
    }

    private void Publish()
    {
        _tracking.Assert();
        SkeletonSet slot = _output.WriteSlot;
        slot.Time = _time;
        slot.Segment = _segment;
        slot.IngestTimestamp = _offeredAt;
        if (_segment != _smoothedSegment)
        {
            // A source started over (loop, reconnect): the people's filtered motion must not carry across the cut.
            _smoother.Reset();
            _smoothedSegment = _segment;
        }
        int count = Math.Min(_tracker.PeopleCount, slot.MaxPersons);
        for (int p = 0; p < count; p++)
        {
            int id = _tracker.PersonId(p);
            slot.PersonIds[p] = id;
            _tracker.Points(p).CopyTo(_points);
            _smoother.Apply(id, _points, _time.ToDouble());
            Span<float> joints = slot.PersonJoints(p);
            for (int i = 0; i < joints.Length; i++)
                joints[i] = (float)_points[i];
        }
        slot.Count = count;
        // Every camera's 2D people, tracked in 3D or not: the privacy blur must also cover a person seen by one camera.
        slot.ClearBoxes();
        IReadOnlyList<CameraPoses> poses = _tracker.Poses2D;
        for (int c = 0; c < poses.Count; c++)
        {
            CameraPoses camera = poses[c];
            for (int p = 0; p < camera.Count; p++)
            {
                PersonBox box = camera.Box(p);
                var rectangle = new Vector4(box.X1, box.Y1, box.Width, box.Height);
                // The mask is the pose pipeline's, reused at its next frame set: its shape travels instead (issue #21).
                bool shaped = camera.Mask(p) is { } mask && MaskShape.Measure(mask, rectangle, _shape);
                slot.AddBox(c, rectangle, shaped ? _shape : default);
            }
        }
        _tracked?.Invoke(slot);
        _output.Publish();
    }

    /// <summary>
    /// Camera <paramref name="camera"/>'s frame as planes, retained until the set is tracked; null (logged once per
    /// camera) for a pixel format the models do not take.
    /// </summary>
    private ImagePlanes? Share(FrameSet set, int camera, VideoFrame frame)
    {
        ImagePlanes planes;
        try
        {
            planes = frame.AsPlanes();
        }
        catch (MediaException ex)
        {
            if (!_formatReported[camera])
            {
                _formatReported[camera] = true;
                StateChanges++;
                _log.Error("{Camera:l} is not tracked: {Error:l}", set.CameraId(camera), ex.Message);
            }
            return null;
        }
        frame.Retain();
        _held[camera] = frame;
        return planes;
    }

    /// <summary>A black limited-range yuv420p picture (Y 16, Cb = Cr 128) in the camera's buffer.</summary>
    private ImagePlanes Black(int camera, int width, int height)
    {
        int cw = (width + 1) / 2, ch = (height + 1) / 2, luma = width * height, chroma = cw * ch;
        // Grows only on a size change (rare: a reconnect at another size).
        if (_black[camera] is not { } pixels || pixels.Length < luma + (2 * chroma))
        {
            _black[camera] = pixels = new byte[luma + (2 * chroma)];
            StateChanges++;
        }
        pixels.AsSpan(0, luma).Fill(16);
        pixels.AsSpan(luma, 2 * chroma).Fill(128);
        return new ImagePlanes(PixelLayout.Yuv420P, width, height, pixels.AsMemory(0, luma), width,
            pixels.AsMemory(luma, chroma), cw, pixels.AsMemory(luma + chroma, chroma), cw);
    }

    /// <summary>Gives back the frames of the set just tracked (tracking thread, or after it stopped).</summary>
    private void ReleaseFrames()
    {
        for (int c = 0; c < _held.Length; c++)
        {
            _held[c]?.Dispose();
            _held[c] = null;
        }
    }
}
