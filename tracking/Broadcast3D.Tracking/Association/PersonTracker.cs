using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Tracking.Association;

/// <summary>
/// Gives triangulated people stable ids over time, so graphics (labels, trails, speed) and per-person TRC files
/// follow the same athlete. Each frame, people are matched to live tracks greedily by the distance between their
/// 3D centroids, closest first, within <see cref="MaxStepMetres"/> per frame since the track was last seen (capped
/// at <see cref="MaxReachMetres"/>); unmatched people start new tracks, and a track unseen for more than
/// <see cref="MaxMissedFrames"/> frames ends. Greedy is enough here: athletes are separated by far more than one
/// frame of motion (a sprinter moves ~0.2 m per frame at 60 fps); where they are not (crossing), the match is
/// flagged <see cref="WasAmbiguous"/> so callers can count suspected identity switches. A cut in the sources'
/// timeline (<see cref="Discontinuity"/>) restarts that motion model; ids persist. Not thread-safe.
/// </summary>
public sealed class PersonTracker
{
    private readonly List<Track> _tracks = [];
    private int _nextId = 1;
    private (double Distance, int Person, int Track)[] _candidates = [];
    private bool[] _ambiguous = [];
    private int[] _missedBefore = [];

    /// <summary>Largest centroid move between consecutive frames that keeps an id (metres).</summary>
    public double MaxStepMetres { get; init; } = 0.5;

    /// <summary>
    /// Largest distance (metres) from where a track was last seen at which a person re-takes its id, however many
    /// frames it was unseen: the reach grows by <see cref="MaxStepMetres"/> per unseen frame up to this. Unbounded
    /// by default (the live graph's behaviour); the offline multi-person triangulation bounds it, so that somebody
    /// else entering elsewhere while an athlete is away does not take the athlete's id.
    /// </summary>
    public double MaxReachMetres { get; init; } = double.PositiveInfinity;

    /// <summary>Frames a track survives without a match (occlusion, leaving the field) before its id is retired.</summary>
    public int MaxMissedFrames { get; init; } = 30;

    /// <summary>
    /// A match is ambiguous when another person or track was within this distance (metres) of the chosen one's
    /// distance: two centroids that close (people crossing, one behind the other) may have swapped ids.
    /// </summary>
    public double AmbiguityMarginMetres { get; init; } = 0.25;

    /// <summary>Live tracks.</summary>
    public int TrackCount => _tracks.Count;

    /// <summary>
    /// Whether person <paramref name="person"/> of the last <see cref="Update"/> kept its id against a close rival
    /// (see <see cref="AmbiguityMarginMetres"/>); false for a new id.
    /// </summary>
    public bool WasAmbiguous(int person) => _ambiguous[person];

    /// <summary>
    /// Frames person <paramref name="person"/> of the last <see cref="Update"/> had been unseen before it re-took its
    /// id (0: seen in the previous frame, or a new id). Above 0 is a re-identification.
    /// </summary>
    public int MissedBefore(int person) => _missedBefore[person];

    /// <summary>
    /// The people's motion does not go on from the last <see cref="Update"/> to the next: a source's timeline was cut
    /// (a looping file started over, a network camera reconnected after a jump). Where a track was last seen then
    /// says nothing about where its athlete is, so no track is gated by it any more: until it is matched again, a
    /// track takes the nearest person within <see cref="MaxReachMetres"/> only (closest pairs first, flagged
    /// <see cref="WasAmbiguous"/> against a rival within the margin as always), and from that match on the step gate
    /// follows the athlete from where the cut put him. Ids persist: the same athletes are still in view, and the
    /// names, highlight and per-athlete graphics an operator gave are bound to their ids. A track unmatched for
    /// <see cref="MaxMissedFrames"/> still ends.
    /// </summary>
    public void Discontinuity()
    {
        for (int t = 0; t < _tracks.Count; t++)
            _tracks[t] = _tracks[t] with { Placed = false };
    }

    /// <summary>
    /// Assigns ids to this frame's people given their centroids (metres); writes one id per person into
    /// <paramref name="ids"/>. Scales linearly in <paramref name="frameGap"/> frames since the last call.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="ids"/> is shorter than <paramref name="centroids"/>.</exception>
    public void Update(ReadOnlySpan<Vector3d> centroids, Span<int> ids, int frameGap = 1)
    {
        if (ids.Length < centroids.Length)
            throw new ArgumentException($"{ids.Length} id slots for {centroids.Length} people", nameof(ids));
        int n = centroids.Length, m = _tracks.Count, count = 0;
        if (_candidates.Length < n * m)
            _candidates = new (double, int, int)[n * m];
        if (_ambiguous.Length < n)
        {
            _ambiguous = new bool[n];
            _missedBefore = new int[n];
        }
        int step = Math.Max(1, frameGap);
        for (int p = 0; p < n; p++)
        {
            for (int t = 0; t < m; t++)
            {
                Track track = _tracks[t];
                double d = (centroids[p] - track.Centroid).Length;
                double gate = track.Placed ? Math.Min(MaxStepMetres * step * (1 + track.Missed), MaxReachMetres) : MaxReachMetres;
                if (d <= gate)
                    _candidates[count++] = (d, p, t);
            }
        }
        Array.Sort(_candidates, 0, count);
        ids[..n].Fill(0);
        _ambiguous.AsSpan(0, n).Clear();
        _missedBefore.AsSpan(0, n).Clear();
        Span<bool> trackTaken = m <= 256 ? stackalloc bool[m] : new bool[m];
        for (int i = 0; i < count; i++)
        {
            (double d, int p, int t) = _candidates[i];
            if (ids[p] != 0 || trackTaken[t])
                continue;
            ids[p] = _tracks[t].Id;
            trackTaken[t] = true;
            _missedBefore[p] = _tracks[t].Missed;
            _ambiguous[p] = HasRival(count, d, p, t);
            _tracks[t] = _tracks[t] with { Centroid = centroids[p], Missed = 0, Placed = true };
        }
        for (int t = m - 1; t >= 0; t--)
        {
            if (trackTaken[t])
                continue;
            Track track = _tracks[t] with { Missed = _tracks[t].Missed + step };
            if (track.Missed > MaxMissedFrames)
                _tracks.RemoveAt(t);
            else
                _tracks[t] = track;
        }
        for (int p = 0; p < n; p++)
        {
            if (ids[p] != 0)
                continue;
            ids[p] = _nextId++;
            _tracks.Add(new Track(ids[p], centroids[p], 0, true));
        }
    }

    // Another candidate pairing the same person with another track, or the same track with another person, nearly
    // as close as the one taken: the greedy choice between them rests on less than the margin.
    private bool HasRival(int count, double distance, int person, int track)
    {
        for (int i = 0; i < count; i++)
        {
            (double d, int p, int t) = _candidates[i];
            if (d > distance + AmbiguityMarginMetres)
                break;
            if ((p == person) != (t == track))
                return true;
        }
        return false;
    }

    // Placed: false from a Discontinuity until matched again (the centroid is from before the cut and gates nothing).
    private readonly record struct Track(int Id, Vector3d Centroid, int Missed, bool Placed);
}
