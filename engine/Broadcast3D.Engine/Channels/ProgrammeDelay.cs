using System.Diagnostics;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Channels;

/// <summary>
/// How long the programme picture is held back so that the graphics drawn over it come from tracking results around
/// its own capture time. Automatic (<c>"delayFrames": "auto"</c>): every tracking result reaching the channel is
/// measured — from the previous result's frame set being handed to tracking to this result on the channel, which is
/// one tracking interval plus the tracking latency — and the delay aims at the 95th percentile of the last
/// <see cref="Window"/> such measurements (the first <see cref="ColdResults"/> left out), in frames, plus one frame (the picture reaches the channel up to a frame
/// after its set left the sync). A picture that old always lies between two results, so its skeleton is
/// interpolated, never held. During warm-up (the first <see cref="WarmUpResults"/> results) the delay moves to its
/// target a frame per tick; after it, at most one frame a second (a repeated or skipped picture, counted), and it
/// shortens only when the target is two frames or more below it, so a target wavering by a frame costs no skips.
/// Fixed: the configured frames, changed only by <see cref="Fix"/>. It also counts the graphics age of every
/// programme frame after warm-up.
/// <para>Threads: <see cref="Fix"/> and <see cref="Auto"/> are commands for the channel thread (post them with
/// <see cref="FrameChannel.Post"/>), like the per-tick calls; <see cref="State"/> may be read from any thread.</para>
/// </summary>
public sealed class ProgrammeDelay
{
    /// <summary>Tracking results measured before the delay is chosen: 3–5 s of CPU tracking, past the models' first slow runs.</summary>
    public const int WarmUpResults = 10;

    /// <summary>
    /// First tracking results left out of the target (still in the latency figures): the models' first runs pay
    /// their session start-up (seconds under load), which would set an on-air delay that then takes a minute to
    /// come down at a frame a second.
    /// </summary>
    public const int ColdResults = 2;

    /// <summary>Tracking results the automatic target follows: 10–20 s of CPU tracking, a few per second on a GPU.</summary>
    public const int Window = 32;

    private readonly object _lock = new();
    private readonly double[] _required = new double[Window];
    private readonly double[] _sorted = new double[Window];
    private readonly MillisecondHistogram _latency = new();
    private readonly MillisecondHistogram _requirement = new();
    private readonly MillisecondHistogram _age = new();
    private readonly double _frameSeconds;
    private readonly int _ticksPerSecond;
    private int _requiredCount, _requiredNext;
    private long _previousIngest;
    private bool _auto;
    private int _fixed, _delay, _target;
    private bool _warmedUp;
    private bool _commanded; // a command's change goes a frame per tick until reached, not a frame a second
    private long _results, _repeats, _skips, _warmUpSteps, _noGraphics, _withinFrame;
    private long _lastChangeTick;

    /// <param name="auto">Follow the measured tracking latency (true), or hold <paramref name="fixedFrames"/>.</param>
    /// <param name="fixedFrames">The fixed delay, frames (also where a fixed delay starts); ignored when automatic, which starts at 0.</param>
    /// <param name="maxDelayFrames">Longest delay, frames: what the delay line holds.</param>
    /// <param name="rate">The programme's frame rate.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative delay, or a fixed delay above the maximum.</exception>
    public ProgrammeDelay(bool auto, int fixedFrames, int maxDelayFrames, FrameRate rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDelayFrames);
        ArgumentOutOfRangeException.ThrowIfNegative(fixedFrames);
        if (!auto)
            ArgumentOutOfRangeException.ThrowIfGreaterThan(fixedFrames, maxDelayFrames);
        _auto = auto;
        _fixed = auto ? 0 : fixedFrames;
        _delay = _fixed;
        MaxDelayFrames = maxDelayFrames;
        _frameSeconds = rate.FrameDuration.ToDouble();
        _ticksPerSecond = Math.Max(1, rate.NominalFramesPerSecond);
        // .NET makes the sort helper for double on its first use (24 B). Under load the first tracking results reach
        // the channel after its steady-state window has begun, where that showed as a per-frame allocation: made here.
        Array.Sort(_sorted, 0, 2);
    }

    /// <summary>Longest delay, frames.</summary>
    public int MaxDelayFrames { get; }

    /// <summary>The delay now, frames (channel thread; <see cref="State"/> from others).</summary>
    public int DelayFrames => _delay;

    /// <summary>True once warm-up is over (see <see cref="DelayState.WarmedUp"/>).</summary>
    public bool WarmedUp => _warmedUp;

    /// <summary>
    /// Command (channel thread, through <see cref="FrameChannel.Post"/>): hold the picture <paramref name="frames"/>
    /// frames from now on, reached a frame per tick (each a repeated or skipped picture, counted).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0 to <see cref="MaxDelayFrames"/> (the delay line's length, <c>maxDelayFrames</c>).</exception>
    public void Fix(int frames)
    {
        if (frames < 0 || frames > MaxDelayFrames)
            throw new ArgumentOutOfRangeException(nameof(frames), frames, $"the programme delay must be 0 to {MaxDelayFrames} frames (maxDelayFrames)");
        lock (_lock)
        {
            _auto = false;
            _fixed = frames;
            _commanded = true;
        }
    }

    /// <summary>Command (channel thread, through <see cref="FrameChannel.Post"/>): follow the measured tracking latency again, at once.</summary>
    public void Auto()
    {
        lock (_lock)
        {
            _auto = true;
            _commanded = true;
        }
    }

    /// <summary>
    /// Channel thread: a tracking result reached the channel at <paramref name="now"/> (<see cref="Stopwatch"/> ticks);
    /// its frame set was handed to tracking at <paramref name="ingestTimestamp"/> (0: not measured, ignored).
    /// </summary>
    public void RecordTrackingResult(long ingestTimestamp, long now)
    {
        if (ingestTimestamp == 0)
            return;
        double latency = (double)(now - ingestTimestamp) / Stopwatch.Frequency;
        // The first result has no predecessor: its latency alone, an interval short.
        double required = _previousIngest == 0 ? latency : (double)(now - _previousIngest) / Stopwatch.Frequency;
        _previousIngest = ingestTimestamp;
        lock (_lock)
        {
            _results++;
            _latency.Record(latency);
            _requirement.Record(required);
            if (_results <= ColdResults)
                return;
            _required[_requiredNext] = required;
            _requiredNext = (_requiredNext + 1) % Window;
            _requiredCount = Math.Min(_requiredCount + 1, Window);
            _required.AsSpan(0, _requiredCount).CopyTo(_sorted);
            Array.Sort(_sorted, 0, _requiredCount);
            double p95 = _sorted[Math.Max(0, (int)Math.Ceiling(0.95 * _requiredCount) - 1)];
            _target = (int)Math.Min(MaxDelayFrames, Math.Ceiling((p95 / _frameSeconds) - 1e-9) + 1);
        }
    }

    /// <summary>
    /// Channel thread, once per tick before the picture enters the delay line: the delay for this tick, at most one
    /// frame from the last (a longer delay shows the last picture again, a shorter one skips one).
    /// </summary>
    public int Step(long tick)
    {
        lock (_lock)
        {
            int wanted = _auto ? _target : _fixed;
            bool measured = _results >= WarmUpResults;
            if (!_warmedUp && measured && (!_auto || _delay == wanted))
                _warmedUp = true;
            if (wanted == _delay)
            {
                _commanded = false;
                return _delay;
            }
            if (_warmedUp && _auto && !_commanded)
            {
                if (tick - _lastChangeTick < _ticksPerSecond)
                    return _delay;
                if (wanted < _delay && wanted + 1 >= _delay)
                    return _delay;
            }
            int change = wanted > _delay ? 1 : -1;
            _delay += change;
            _lastChangeTick = tick;
            if (!_warmedUp)
                _warmUpSteps++;
            else if (change > 0)
                _repeats++;
            else
                _skips++;
            return _delay;
        }
    }

    /// <summary>
    /// Channel thread: the graphics drawn on a programme frame are <paramref name="ageSeconds"/> from its picture's
    /// capture time (NaN: nothing drawn). Counted after warm-up only.
    /// </summary>
    public void RecordGraphicsAge(double ageSeconds)
    {
        if (!_warmedUp)
            return;
        lock (_lock)
        {
            if (double.IsNaN(ageSeconds))
            {
                _noGraphics++;
                return;
            }
            _age.Record(ageSeconds);
            // A millisecond of slack: a frame period of 59.94 fps is 16.683 ms, binned to the millisecond.
            if (ageSeconds <= _frameSeconds + 0.001)
                _withinFrame++;
        }
    }

    /// <summary>Where the delay and the graphics registration stand (any thread; allocates the record).</summary>
    public DelayState State
    {
        get
        {
            lock (_lock)
            {
                return new DelayState(_auto, _delay, _auto ? _target : _fixed, MaxDelayFrames, _warmedUp, _repeats, _skips, _warmUpSteps, _results,
                    Ms(_latency.Percentile(0.5)), Ms(_latency.Percentile(0.95)), Ms(_requirement.Percentile(0.95)),
                    _age.Count, _noGraphics, _withinFrame, Ms(_age.Percentile(0.5)), Ms(_age.Percentile(0.95)),
                    _age.Count == 0 ? double.NaN : Ms(_age.MaxSeconds));
            }
        }
    }

    private static double Ms(double seconds) => seconds * 1000;
}
