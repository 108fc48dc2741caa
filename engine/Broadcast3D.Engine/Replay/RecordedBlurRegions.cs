using System.Numerics;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// The blur regions recorded beside one camera's pictures over a clip (the <c>blur_regions</c> table, issue #21),
/// looked up by a picture's common time: the regions of the tracked frame set at that very time, else the union of
/// the sets just before and just after it, each only when within <see cref="Reach"/>. Tracking publishes a set for
/// every few pictures (it runs slower than the cameras on a small machine), so a picture between two sets blurs
/// where the person was in either, as the live programme does with the two results it interpolates between. A
/// picture farther than <see cref="Reach"/> from any set (tracking not started, or stalled) has no region, as on
/// air. Loaded once per clip; <see cref="At"/> allocates nothing. Not thread-safe: one thread (the exporter's or
/// the replay channel's).
/// </summary>
public sealed class RecordedBlurRegions
{
    /// <summary>How far in time a tracked set's regions cover pictures (either side).</summary>
    public static readonly Rational Reach = new(1, 1);

    private readonly long[] _ticks;
    private readonly Vector4[][] _regions;
    private readonly Vector4[] _union;
    private readonly long _reachTicks = RecordingSchema.Ticks(Reach);

    /// <summary>Loads <paramref name="camera"/>'s regions of <paramref name="run"/> around [<paramref name="from"/>, <paramref name="to"/>] (common clock).</summary>
    /// <exception cref="ReplayException">A recorded row is damaged (names the run, camera and time).</exception>
    public RecordedBlurRegions(RecordingCatalog catalog, RecordedRun run, string camera, Rational from, Rational to)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        IReadOnlyList<(Rational Time, Vector4[] Regions)> rows = catalog.BlurRegions(run, camera, from - Reach, to + Reach);
        _ticks = [.. rows.Select(r => RecordingSchema.Ticks(r.Time))];
        _regions = [.. rows.Select(r => r.Regions)];
        int most = 0;
        for (int i = 0; i + 1 < _regions.Length; i++)
            most = Math.Max(most, _regions[i].Length + _regions[i + 1].Length);
        _union = new Vector4[Math.Max(most, _regions.Length == 0 ? 0 : _regions[^1].Length)];
    }

    /// <summary>Tracked frame sets loaded.</summary>
    public int Sets => _ticks.Length;

    /// <summary>Common time of the last tracked set loaded (zero: none), to tell whether the index has caught up with a clip's end.</summary>
    public Rational Until => _ticks.Length == 0 ? Rational.Zero : RecordingSchema.Seconds(_ticks[^1]);

    /// <summary>
    /// The regions (x, y, width, height in the camera's pixels) to blur in the picture of common time
    /// <paramref name="time"/>; valid until the next call.
    /// </summary>
    public ReadOnlySpan<Vector4> At(Rational time)
    {
        long t = RecordingSchema.Ticks(time);
        int i = Array.BinarySearch(_ticks, t);
        if (i >= 0)
            return _regions[i];
        int after = ~i, before = after - 1;
        int n = 0;
        if (before >= 0 && t - _ticks[before] <= _reachTicks)
        {
            _regions[before].CopyTo(_union, 0);
            n = _regions[before].Length;
        }
        if (after < _ticks.Length && _ticks[after] - t <= _reachTicks)
        {
            _regions[after].CopyTo(_union, n);
            n += _regions[after].Length;
        }
        return _union.AsSpan(0, n);
    }
}
