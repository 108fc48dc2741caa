using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Scene;

/// <summary>
/// Channel-thread side of the skeleton hand-off: keeps the two latest tracking results and produces the
/// skeletons at an output frame's time. Tracking runs at the capture rate and may lag or jitter; interpolating
/// between its two newest results (matched by person id) keeps graphics smooth at any output rate. Beyond the
/// newest result it holds the newest pose (no extrapolation: a guessed pose on air is worse than a held one).
/// A person present in only one of the two results is shown as is. No allocation after construction.
/// </summary>
public sealed class SkeletonInterpolator
{
    private readonly SkeletonSet _previous;
    private readonly SkeletonSet _latest;
    private bool _hasPrevious;
    private bool _hasLatest;

    public SkeletonInterpolator(SkeletonSet template)
    {
        ArgumentNullException.ThrowIfNull(template);
        _previous = new SkeletonSet(template.Definition, template.MaxPersons);
        _latest = new SkeletonSet(template.Definition, template.MaxPersons);
    }

    /// <summary>Time of the newest tracking result (capture time of its frame set), or null before the first.</summary>
    public Rational? LatestTime => _hasLatest ? _latest.Time : null;

    /// <summary>Records a newly published tracking result (copied; the caller keeps its slot).</summary>
    public void Push(SkeletonSet result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_hasLatest)
        {
            if (result.Time <= _latest.Time)
                return; // stale or repeated result: keep the time line monotonic
            _previous.CopyFrom(_latest);
            _hasPrevious = true;
        }
        _latest.CopyFrom(result);
        _hasLatest = true;
    }

    /// <summary>
    /// Writes the skeletons at <paramref name="time"/> into <paramref name="destination"/>. Returns false (and
    /// an empty destination) before the first result.
    /// </summary>
    public bool Sample(Rational time, SkeletonSet destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!_hasLatest)
        {
            destination.Count = 0;
            destination.Time = time;
            return false;
        }
        if (!_hasPrevious || time >= _latest.Time || _latest.Time == _previous.Time)
        {
            destination.CopyFrom(_latest);
            destination.Time = time;
            return true;
        }
        double span = (_latest.Time - _previous.Time).ToDouble();
        float w = (float)Math.Clamp((time - _previous.Time).ToDouble() / span, 0, 1);
        destination.CopyFrom(_latest);
        destination.Time = time;
        for (int i = 0; i < _latest.Count; i++)
        {
            int prev = Array.IndexOf(_previous.PersonIds, _latest.PersonIds[i], 0, _previous.Count);
            if (prev < 0)
                continue;
            Span<float> dst = destination.PersonJoints(i);
            ReadOnlySpan<float> a = _previous.PersonJoints(prev), b = _latest.PersonJoints(i);
            for (int k = 0; k < dst.Length; k++)
            {
                // A joint missing at either end is shown from the end that has it.
                dst[k] = float.IsNaN(a[k]) ? b[k] : float.IsNaN(b[k]) ? a[k] : a[k] + ((b[k] - a[k]) * w);
            }
        }
        return true;
    }
}
