using System.Numerics;
using Broadcast3D.Renderer.Passes;

namespace Broadcast3D.Engine.Scene;

/// <summary>
/// What the overlays remember of one athlete between programme frames: the recent path of the pelvis (the
/// <see cref="TrailAt"/>, oldest first) and the times of those samples, for the speed readout. Buffers are allocated
/// once; <see cref="Restart"/> reuses them for another person. Channel thread only.
/// </summary>
internal sealed class OverlayTrack
{
    private readonly Vector3[] _points;
    private readonly double[] _timesSeconds;
    private int _count;

    private readonly Trail[] _faded;

    /// <param name="samples">Pelvis positions kept (one per programme frame).</param>
    /// <param name="colour">Trail colour, straight RGBA.</param>
    /// <param name="opacities">Opacity of each fade level (level 0 = <paramref name="colour"/> as given).</param>
    public OverlayTrack(int samples, Vector4 colour, IReadOnlyList<float> opacities)
    {
        _points = new Vector3[samples];
        _timesSeconds = new double[samples];
        // One trail per fade level, sharing the path, so a fade allocates nothing per frame.
        _faded = new Trail[opacities.Count];
        for (int i = 0; i < _faded.Length; i++)
            _faded[i] = new Trail(_points, colour with { W = colour.W * opacities[i] }, WidthPixels: 4f);
    }

    /// <summary>
    /// The pelvis path, oldest first, drawn at fade level <paramref name="level"/> (see the constructor's opacities);
    /// slots not yet filled repeat the newest sample (zero-length segments).
    /// </summary>
    public Trail TrailAt(int level) => _faded[level];

    /// <summary>The person this track follows; -1 when the slot is free.</summary>
    public int PersonId { get; private set; } = -1;

    /// <summary>True when the person was drawn in the current frame (slots not seen are freed).</summary>
    public bool Seen { get; set; }

    /// <summary>Pelvis samples kept so far (a trail needs two).</summary>
    public int Samples => _count;

    /// <summary>Reassigns the slot to <paramref name="personId"/> and forgets the previous path.</summary>
    public void Restart(int personId)
    {
        PersonId = personId;
        _count = 0;
    }

    /// <summary>Appends the pelvis at <paramref name="timeSeconds"/> (metres, world).</summary>
    public void Add(Vector3 pelvis, double timeSeconds)
    {
        int n = _points.Length;
        if (_count == n)
        {
            Array.Copy(_points, 1, _points, 0, n - 1);
            Array.Copy(_timesSeconds, 1, _timesSeconds, 0, n - 1);
            _count--;
        }
        _points[_count] = pelvis;
        _timesSeconds[_count] = timeSeconds;
        _count++;
        for (int i = _count; i < n; i++)
        {
            // The renderer draws the whole array: unfilled slots sit on the newest point, drawing nothing.
            _points[i] = pelvis;
        }
    }

    /// <summary>
    /// Pelvis speed, m/s, over the latest <paramref name="windowSeconds"/> (from the newest sample back to the first
    /// one at least that old, or the oldest kept); NaN with fewer than two samples or under a tenth of the window.
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
