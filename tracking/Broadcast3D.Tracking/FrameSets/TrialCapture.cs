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

    /// <summary>People slots per frame set.</summary>
    public int Slots => _slots;

    /// <summary>Copies the tracker's people of frame set <paramref name="frame"/>.</summary>
    public void Store(int frame, FrameSetTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        Store(frame, tracker.Fusion);
    }

    /// <summary>Copies the fusion's people of frame set <paramref name="frame"/> (a fusion node's, or a tracker's).</summary>
    public void Store(int frame, PoseFusion tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        for (int s = 0; s < _slots; s++)
        {
            if (s < tracker.PeopleCount)
                StorePerson(frame, s, tracker.PersonId(s), tracker.Points(s), tracker.ErrorsPixels(s), tracker.ExcludedCounts(s));
            else
                _ids[(frame * _slots) + s] = 0;
        }
    }

    /// <summary>
    /// Stores one 3D person of frame set <paramref name="frame"/> in slot <paramref name="slot"/> (as a fusion node
    /// published it): id, points (markers × x, y, z, metres), errors (pixels) and cameras left out per marker. Throws
    /// <see cref="ArgumentException"/> when a length does not match the capture's markers.
    /// </summary>
    public void StorePerson(int frame, int slot, int id, ReadOnlySpan<double> points, ReadOnlySpan<double> errors, ReadOnlySpan<int> excluded)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, _slots);
        if (points.Length != _markers * 3 || errors.Length != _markers || excluded.Length != _markers)
            throw new ArgumentException($"a person of {points.Length / 3} points, {errors.Length} errors, {excluded.Length} exclusions for {_markers} markers");
        int index = (frame * _slots) + slot;
        _ids[index] = id;
        points.CopyTo(_points.AsSpan(index * _markers * 3, _markers * 3));
        errors.CopyTo(_errors.AsSpan(index * _markers, _markers));
        excluded.CopyTo(_excluded.AsSpan(index * _markers, _markers));
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
