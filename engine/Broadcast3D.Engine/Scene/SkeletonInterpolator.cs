using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Scene;

/// <summary>
/// Channel-thread side of the skeleton hand-off: keeps the recent tracking results (a ring of
/// <c>history</c> sets, oldest dropped first) and produces the skeletons at a picture's capture time. Tracking runs
/// slower than the programme and publishes each result well after its capture; the delay line holds the picture
/// back so that its capture time lies between two kept results, and the skeletons are interpolated between those
/// two (matched by person id): the graphics age (<see cref="Sample(Rational, long, SkeletonSet, out double)"/>) is
/// then 0. Beyond the newest result it holds the newest pose (no extrapolation: a guessed pose on air is worse than
/// a held one) and says how old it is. Results of another timeline segment (a source that started over) are never
/// blended with the picture's: no skeleton slides across a cut. A person present in only one of the two results is
/// shown as is. The results' 2D person boxes travel with them (both results' boxes when interpolating). No
/// allocation after construction.
/// </summary>
public sealed class SkeletonInterpolator
{
    private readonly SkeletonSet[] _history;
    private int _count;
    private int _newest = -1;

    /// <param name="template">Definition and capacity of the sets kept.</param>
    /// <param name="history">
    /// Results kept, at least 2: enough to bracket the oldest picture the delay line shows (its delay in programme
    /// frames plus a few, as tracking publishes at most one result per programme frame).
    /// </param>
    public SkeletonInterpolator(SkeletonSet template, int history = 2)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentOutOfRangeException.ThrowIfLessThan(history, 2);
        _history = new SkeletonSet[history];
        for (int i = 0; i < history; i++)
            _history[i] = new SkeletonSet(template.Definition, template.MaxPersons, template.MaxBoxes);
    }

    /// <summary>Time of the newest tracking result (capture time of its frame set), or null before the first.</summary>
    public Rational? LatestTime => _count > 0 ? _history[_newest].Time : null;

    /// <summary>
    /// True when the last <see cref="Sample(Rational, long, SkeletonSet, out double)"/> found a result of the picture's
    /// own time (its frame set was tracked): the pose drawn is that set's, neither interpolated nor held.
    /// </summary>
    public bool LastSampleTracked { get; private set; }

    /// <summary>Timeline segment of the newest tracking result; 0 before the first.</summary>
    public long LatestSegment => _count > 0 ? _history[_newest].Segment : 0;

    /// <summary>Records a newly published tracking result (copied; the caller keeps its slot). An older or repeated time is ignored.</summary>
    public void Push(SkeletonSet result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_count > 0 && result.Time <= _history[_newest].Time)
            return; // stale or repeated result: keep the time line monotonic
        _newest = (_newest + 1) % _history.Length;
        _history[_newest].CopyFrom(result);
        _count = Math.Min(_count + 1, _history.Length);
    }

    /// <summary>
    /// Writes the skeletons at <paramref name="time"/> into <paramref name="destination"/>, from the results of the
    /// newest one's segment. Returns false (and an empty destination) before the first result.
    /// </summary>
    public bool Sample(Rational time, SkeletonSet destination) => Sample(time, LatestSegment, destination, out _);

    /// <summary>
    /// Writes the skeletons at <paramref name="time"/>, a picture of timeline segment <paramref name="segment"/>,
    /// into <paramref name="destination"/>: interpolated between the two results of that segment around the time
    /// (<paramref name="ageSeconds"/> 0), else the nearest result of that segment as is (<paramref name="ageSeconds"/>
    /// how far its time is from <paramref name="time"/>). Returns false, an empty destination and a NaN age when no
    /// result of that segment is kept (before the first, or just after a cut, until tracking sees the new pictures).
    /// </summary>
    public bool Sample(Rational time, long segment, SkeletonSet destination, out double ageSeconds)
    {
        ArgumentNullException.ThrowIfNull(destination);
        LastSampleTracked = false;
        // Oldest to newest: the last result at or before the time, and the first at or after it, both of the segment.
        SkeletonSet? before = null, after = null;
        for (int i = _count - 1; i >= 0; i--)
        {
            SkeletonSet s = _history[(_newest - i + _history.Length) % _history.Length];
            if (s.Segment != segment)
                continue;
            if (s.Time <= time)
                before = s;
            if (s.Time >= time)
            {
                after = s;
                break;
            }
        }
        if (before is null && after is null)
        {
            destination.Count = 0;
            destination.Time = time;
            ageSeconds = double.NaN;
            return false;
        }
        if (before is null || after is null || before == after)
        {
            SkeletonSet held = before ?? after!;
            LastSampleTracked = held.Time == time;
            destination.CopyFrom(held);
            destination.Time = time;
            ageSeconds = Math.Abs((time - held.Time).ToDouble());
            return true;
        }
        Interpolate(before, after, time, destination);
        ageSeconds = 0;
        return true;
    }

    private static void Interpolate(SkeletonSet a, SkeletonSet b, Rational time, SkeletonSet destination)
    {
        double span = (b.Time - a.Time).ToDouble();
        float w = (float)Math.Clamp((time - a.Time).ToDouble() / span, 0, 1);
        destination.CopyFrom(b);
        destination.Time = time;
        // The 2D boxes of both results: a person between two detections is covered wherever they were (over-blurring
        // is the privacy blur's safe error).
        destination.AddBoxesOf(a);
        for (int i = 0; i < b.Count; i++)
        {
            int prev = Array.IndexOf(a.PersonIds, b.PersonIds[i], 0, a.Count);
            if (prev < 0)
                continue;
            Span<float> dst = destination.PersonJoints(i);
            ReadOnlySpan<float> from = a.PersonJoints(prev), to = b.PersonJoints(i);
            for (int k = 0; k < dst.Length; k++)
            {
                // A joint missing at either end is shown from the end that has it.
                dst[k] = float.IsNaN(from[k]) ? to[k] : float.IsNaN(to[k]) ? from[k] : from[k] + ((to[k] - from[k]) * w);
            }
        }
    }
}
