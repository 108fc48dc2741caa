using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.FrameSets;

/// <summary>
/// The 3D people of every frame set of an offline trial (id, points, errors, cameras left out), kept so that
/// the whole-trial steps (gap filling, zero-phase filtering) can run once tracking is done. Allocated once for
/// the trial's length. Not thread-safe.
/// </summary>
public sealed class TrialCapture
{
    private readonly int _slots, _markers, _cameras;
    private readonly int[] _ids;
    private readonly double[] _points;
    private readonly double[] _errors;
    private readonly int[] _excluded;

    public TrialCapture(int frames, int slots, int markers, int cameras)
    {
        _slots = slots;
        _markers = markers;
        _cameras = cameras;
        _ids = new int[frames * slots];
        _points = new double[frames * slots * markers * 3];
        _errors = new double[frames * slots * markers];
        _excluded = new int[frames * slots * markers];
    }

    /// <summary>Copies the tracker's people of frame set <paramref name="frame"/>.</summary>
    public void Store(int frame, FrameSetTracker tracker)
    {
        for (int s = 0; s < _slots; s++)
        {
            int slot = (frame * _slots) + s;
            _ids[slot] = s < tracker.PeopleCount ? tracker.PersonId(s) : 0;
            if (s >= tracker.PeopleCount)
                continue;
            tracker.Points(s).CopyTo(_points.AsSpan(slot * _markers * 3, _markers * 3));
            tracker.ErrorsPixels(s).CopyTo(_errors.AsSpan(slot * _markers, _markers));
            tracker.ExcludedCounts(s).CopyTo(_excluded.AsSpan(slot * _markers, _markers));
        }
    }

    /// <summary>The 3D id present in the most frame sets (the athlete of a single-athlete trial); 0 when none.</summary>
    public int MostSeenPerson(int frames)
    {
        var counts = new Dictionary<int, int>();
        for (int i = 0; i < frames * _slots; i++)
        {
            if (_ids[i] != 0)
                counts[_ids[i]] = counts.GetValueOrDefault(_ids[i]) + 1;
        }
        // Ties go to the lower (earlier) id so the choice is deterministic.
        return counts.Count == 0 ? 0 : counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
    }

    /// <summary>Distinct 3D ids over the first <paramref name="frames"/> frame sets.</summary>
    public int DistinctPeople(int frames) => _ids.AsSpan(0, frames * _slots).ToArray().Where(id => id != 0).Distinct().Count();

    /// <summary>
    /// A one-person batch of person <paramref name="id"/> over the first <paramref name="frames"/> frame sets: its
    /// points, errors and excluded counts where present, NaN (missing) elsewhere.
    /// </summary>
    public TriangulationBatch Extract(int id, int frames)
    {
        var batch = new TriangulationBatch(Math.Max(frames, 1), 1, _markers, _cameras);
        batch.Points.AsSpan().Fill(double.NaN);
        batch.ReprojectionErrors.AsSpan().Fill(double.NaN);
        for (int f = 0; f < frames; f++)
        {
            for (int s = 0; s < _slots; s++)
            {
                int slot = (f * _slots) + s;
                if (id == 0 || _ids[slot] != id)
                    continue;
                _points.AsSpan(slot * _markers * 3, _markers * 3).CopyTo(batch.Points.AsSpan(f * _markers * 3, _markers * 3));
                _errors.AsSpan(slot * _markers, _markers).CopyTo(batch.ReprojectionErrors.AsSpan(f * _markers, _markers));
                _excluded.AsSpan(slot * _markers, _markers).CopyTo(batch.ExcludedCounts.AsSpan(f * _markers, _markers));
            }
        }
        return batch;
    }
}
