using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// The recent path of one point of one athlete (the pelvis), oldest first, with the time of each sample: a trail to
/// draw and a speed to read. Buffers are allocated once; <see cref="Restart"/> reuses them for another person.
/// One thread.
/// </summary>
internal sealed class PathTrack
{
    private readonly Vector3[] _points;
    private readonly double[] _timesSeconds;
    private int _count;

    /// <param name="samples">Positions kept (one per picture).</param>
    public PathTrack(int samples)
    {
        _points = new Vector3[samples];
        _timesSeconds = new double[samples];
    }

    /// <summary>The person this track follows; -1 when the slot is free.</summary>
    public int PersonId { get; private set; } = -1;

    /// <summary>True when the person was in the current picture (slots not seen are freed).</summary>
    public bool Seen { get; set; }

    /// <summary>Samples kept so far (a trail needs two).</summary>
    public int Samples => _count;

    /// <summary>
    /// The whole buffer, oldest first; slots not yet filled repeat the newest sample (zero-length segments, which draw
    /// nothing), so a trail always has the same number of points and fades the same way.
    /// </summary>
    public ReadOnlySpan<Vector3> Points => _points;

    /// <summary>Reassigns the slot to <paramref name="personId"/> and forgets the previous path.</summary>
    public void Restart(int personId)
    {
        PersonId = personId;
        _count = 0;
    }

    /// <summary>Appends <paramref name="point"/> (metres, world) at <paramref name="timeSeconds"/>.</summary>
    public void Add(Vector3 point, double timeSeconds)
    {
        int n = _points.Length;
        if (_count == n)
        {
            Array.Copy(_points, 1, _points, 0, n - 1);
            Array.Copy(_timesSeconds, 1, _timesSeconds, 0, n - 1);
            _count--;
        }
        _points[_count] = point;
        _timesSeconds[_count] = timeSeconds;
        _count++;
        for (int i = _count; i < n; i++)
            _points[i] = point;
    }

    /// <summary>
    /// Speed, m/s, over the latest <paramref name="windowSeconds"/> (from the newest sample back to the first one at
    /// least that old, or the oldest kept); NaN with fewer than two samples or under a tenth of the window.
    /// </summary>
    public double SpeedMetresPerSecond(double windowSeconds)
    {
        if (_count < 2)
            return double.NaN;
        int newest = _count - 1, from = 0;
        for (int i = newest - 1; i >= 0; i--)
        {
            from = i;
            if (_timesSeconds[newest] - _timesSeconds[i] >= windowSeconds)
                break;
        }
        double dt = _timesSeconds[newest] - _timesSeconds[from];
        // A window much shorter than asked for turns tracking noise into speed.
        if (dt < windowSeconds / 10)
            return double.NaN;
        return Vector3.Distance(_points[newest], _points[from]) / dt;
    }
}
