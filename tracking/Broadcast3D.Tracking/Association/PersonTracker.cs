using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Tracking.Association;

/// <summary>
/// Gives triangulated people stable ids over time, so graphics (labels, trails, speed) follow the same athlete.
/// Each frame, people are matched to live tracks greedily by the distance between their 3D centroids, closest
/// first, within <see cref="MaxStepMetres"/>; unmatched people start new tracks, and a track unseen for more
/// than <see cref="MaxMissedFrames"/> frames ends. Greedy is enough here: athletes are separated by far more
/// than one frame of motion (a sprinter moves ~0.2 m per frame at 60 fps). Not thread-safe.
/// </summary>
public sealed class PersonTracker
{
    private readonly List<Track> _tracks = [];
    private int _nextId = 1;
    private (double Distance, int Person, int Track)[] _candidates = [];

    /// <summary>Largest centroid move between consecutive frames that keeps an id (metres).</summary>
    public double MaxStepMetres { get; init; } = 0.5;

    /// <summary>Frames a track survives without a match (occlusion) before its id is retired.</summary>
    public int MaxMissedFrames { get; init; } = 30;

    /// <summary>Live tracks.</summary>
    public int TrackCount => _tracks.Count;

    /// <summary>
    /// Assigns ids to this frame's people given their centroids (metres); writes one id per person into
    /// <paramref name="ids"/>. Scales linearly in <paramref name="frameGap"/> frames since the last call.
    /// </summary>
    public void Update(ReadOnlySpan<Vector3d> centroids, Span<int> ids, int frameGap = 1)
    {
        if (ids.Length < centroids.Length)
            throw new ArgumentException($"{ids.Length} id slots for {centroids.Length} people", nameof(ids));
        int n = centroids.Length, m = _tracks.Count, count = 0;
        if (_candidates.Length < n * m)
            _candidates = new (double, int, int)[n * m];
        double reach = MaxStepMetres * Math.Max(1, frameGap);
        for (int p = 0; p < n; p++)
        {
            for (int t = 0; t < m; t++)
            {
                double d = (centroids[p] - _tracks[t].Centroid).Length;
                if (d <= reach * (1 + _tracks[t].Missed))
                    _candidates[count++] = (d, p, t);
            }
        }
        Array.Sort(_candidates, 0, count);
        ids[..n].Fill(0);
        Span<bool> trackTaken = m <= 256 ? stackalloc bool[m] : new bool[m];
        for (int i = 0; i < count; i++)
        {
            (_, int p, int t) = _candidates[i];
            if (ids[p] != 0 || trackTaken[t])
                continue;
            ids[p] = _tracks[t].Id;
            trackTaken[t] = true;
            _tracks[t] = _tracks[t] with { Centroid = centroids[p], Missed = 0 };
        }
        for (int t = m - 1; t >= 0; t--)
        {
            if (trackTaken[t])
                continue;
            Track track = _tracks[t] with { Missed = _tracks[t].Missed + Math.Max(1, frameGap) };
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
            _tracks.Add(new Track(ids[p], centroids[p], 0));
        }
    }

    private readonly record struct Track(int Id, Vector3d Centroid, int Missed);
}
