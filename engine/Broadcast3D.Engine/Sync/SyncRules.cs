using System.Diagnostics;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Sync;

/// <summary>
/// The live frame-set rules of a rig, one implementation for <see cref="CameraSync"/> (pictures from the camera
/// readers) and the fusion node's <see cref="Nodes.FrameSetAssembler"/> (2D messages from the bus):
/// <list type="bullet">
/// <item>a camera's item (frame or 2D message) for set time t is expected at t plus that camera's smallest recent
/// capture → arrival delay (<see cref="Arrived"/>: it falls at once to any smaller delay and rises at most the
/// configured amount per item, so it follows the fastest recent items);</item>
/// <item>a set waits for a camera until then plus the stall timeout; a camera already stalled only until then plus one
/// frame, so a dead camera costs one timeout when it goes, not one per set (<see cref="Deadline"/>);</item>
/// <item>before any item arrived there is no expected time: a set waits the timeout from now;</item>
/// <item>the set is due when its fastest camera's item is expected (<see cref="SetDue"/>): a consumer may skip sets
/// already further past due than the timeout (<see cref="CameraSync"/> does: a picture that late is worthless live);</item>
/// <item>a camera leaving or rejoining the sets is logged once and counted (<see cref="Report"/>), never per set.</item>
/// </list>
/// Times are <see cref="Stopwatch"/>-scale ticks on the consumer's clock; capture times are seconds on the rig's time
/// line. Not thread-safe: the consumer's thread.
/// </summary>
public sealed class SyncRules
{
    private readonly string[] _cameras;
    private readonly long?[] _lag;
    private readonly FrameSlotStatus?[] _last;
    private readonly long _riseTicks;
    private readonly string _sets;
    private readonly Serilog.ILogger? _log;

    /// <summary>Rules for <paramref name="cameras"/> (index = camera number).</summary>
    /// <param name="cameras">Camera names, for the log.</param>
    /// <param name="rate">Rate of the sets (one frame of slack for a stalled camera).</param>
    /// <param name="stallTimeout">How long a set waits for a camera past its expected arrival.</param>
    /// <param name="lagRise">How much a camera's expected delay may rise per item it delivers.</param>
    /// <param name="sets">What the sets are called in the log ("frame sets", "fused frame sets").</param>
    /// <param name="log">Receives the leave/rejoin lines (null: the process logger).</param>
    public SyncRules(IReadOnlyList<string> cameras, FrameRate rate, TimeSpan stallTimeout, TimeSpan lagRise, string sets, Serilog.ILogger? log)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentException.ThrowIfNullOrEmpty(sets);
        ArgumentOutOfRangeException.ThrowIfLessThan(stallTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(lagRise, TimeSpan.Zero);
        _cameras = [.. cameras];
        _lag = new long?[_cameras.Length];
        _last = new FrameSlotStatus?[_cameras.Length];
        StallTicks = (long)(stallTimeout.TotalSeconds * Stopwatch.Frequency);
        FrameTicks = (long)(rate.FrameDuration.ToDouble() * Stopwatch.Frequency);
        _riseTicks = (long)(lagRise.TotalSeconds * Stopwatch.Frequency);
        _sets = sets;
        _log = log;
    }

    /// <summary>The stall timeout, ticks.</summary>
    public long StallTicks { get; }

    /// <summary>One frame at the set rate, ticks.</summary>
    public long FrameTicks { get; }

    /// <summary>Cameras that left or rejoined the sets so far, each logged once (a state change: the log line allocates).</summary>
    public long Transitions { get; private set; }

    /// <summary>Seconds on the time line as ticks.</summary>
    public static long ToTicks(Rational seconds) => (long)(seconds.ToDouble() * Stopwatch.Frequency);

    /// <summary>
    /// Camera <paramref name="camera"/>'s item of capture time <paramref name="captureTime"/> arrived at
    /// <paramref name="arrivalTicks"/>: its expected delay falls to this one if smaller, else rises by at most the
    /// configured amount. <paramref name="sameTimeLine"/> false (the camera was placed anew) takes this delay as is.
    /// </summary>
    public void Arrived(int camera, Rational captureTime, long arrivalTicks, bool sameTimeLine = true)
    {
        long lag = arrivalTicks - ToTicks(captureTime);
        _lag[camera] = _lag[camera] is { } previous && sameTimeLine ? Math.Min(lag, previous + _riseTicks) : lag;
    }

    /// <summary>Forgets camera <paramref name="camera"/>'s delay (it reconnected: measured anew).</summary>
    public void Forget(int camera) => _lag[camera] = null;

    /// <summary>True once camera <paramref name="camera"/> delivered an item (and was not forgotten since).</summary>
    public bool HasArrived(int camera) => _lag[camera] is not null;

    /// <summary>When the set of <paramref name="setTime"/> is due: its fastest camera's expected arrival; null before any item.</summary>
    public long? SetDue(Rational setTime)
    {
        long? lag = null;
        foreach (long? l in _lag)
        {
            if (l is { } v && (lag is null || v < lag))
                lag = v;
        }
        return lag + ToTicks(setTime);
    }

    /// <summary>
    /// Until when the set of <paramref name="setTime"/> (due at <paramref name="setDue"/>, <see cref="SetDue"/>) waits for
    /// camera <paramref name="camera"/>: its expected arrival plus the stall timeout, or plus one frame when it is
    /// stalled already; the timeout from <paramref name="now"/> before any item arrived.
    /// </summary>
    public long Deadline(int camera, Rational setTime, long? setDue, long now)
    {
        // Until the first item of any camera there is no due time: every set waits the timeout (paced, not spinning).
        if (setDue is not { } due)
            return now + StallTicks;
        long expected = _lag[camera] is { } lag ? lag + ToTicks(setTime) : due;
        // A stalled camera is given one frame of slack, enough to come back, and never the timeout again: the
        // remaining cameras must not pay it on every set.
        return expected + (_last[camera] == FrameSlotStatus.Stalled ? FrameTicks : StallTicks);
    }

    /// <summary>True when camera <paramref name="camera"/> was stalled in the last set.</summary>
    public bool IsStalled(int camera) => _last[camera] == FrameSlotStatus.Stalled;

    /// <summary>
    /// What camera <paramref name="camera"/> contributed to the set of <paramref name="setTime"/>: a change between
    /// present (fresh, repeated) and absent (gap, stalled, ended) is logged and counted; true when it was one.
    /// </summary>
    public bool Report(int camera, FrameSlotStatus status, Rational setTime)
    {
        bool present = status is FrameSlotStatus.Fresh or FrameSlotStatus.Repeated;
        FrameSlotStatus? last = _last[camera];
        bool wasPresent = last is FrameSlotStatus.Fresh or FrameSlotStatus.Repeated;
        _last[camera] = status;
        if (last is null ? present : present == wasPresent)
            return false;
        Serilog.ILogger log = _log ?? Serilog.Log.Logger;
        Transitions++;
        if (present)
            log.Information("{Camera:l} is back in the {Sets:l} at {Seconds:0.###} s", _cameras[camera], _sets, setTime.ToDouble());
        else
            log.Warning("{Camera:l} {Status:l} at {Seconds:0.###} s: {Sets:l} go on without it", _cameras[camera], status.ToString().ToLowerInvariant(), setTime.ToDouble(), _sets);
        return true;
    }
}
