using Broadcast3D.Tracking.Filtering;

namespace Broadcast3D.Tracking.Filtering;

/// <summary>
/// Live filtering and gap filling of the tracked people (offline uses Pose2Sim's zero-phase Butterworth, which
/// needs future frames): one 1€ filter (<see cref="OneEuroFilter"/>) per person id over keypoints × 3 coordinates,
/// and a keypoint missing from a frame set keeps its last filtered position for up to <see cref="MaxGapSeconds"/>,
/// then is NaN (not drawn). A person id not seen for <see cref="ForgetSeconds"/> gives its slot up; with every slot
/// taken, the one seen longest ago is reused. All state is allocated once; <see cref="Apply"/> allocates nothing.
/// Not thread-safe (the tracking worker's thread).
/// </summary>
public sealed class LiveSkeletonSmoother
{
    /// <summary>Longest gap filled by holding the last position: Pose2Sim fills up to 10 frames at 60 fps offline.</summary>
    public const double MaxGapSeconds = 10 / 60.0;

    /// <summary>How long an unseen id keeps its filter state (the 3D tracker keeps ids through 30 frames of occlusion).</summary>
    public const double ForgetSeconds = 1.0;

    // 1 Hz at rest removes the triangulation jitter of a standing athlete (a few mm frame to frame); the cut-off
    // rises 2 Hz per m/s of filtered speed, so a sprint at 8 m/s is followed at 17 Hz (about 6 cm behind at 30 Hz).
    private const double MinCutoffHz = 1.0;
    private const double Beta = 2.0;

    private readonly Slot[] _slots;

    /// <summary>State for up to <paramref name="maxPeople"/> ids of <paramref name="keypoints"/> keypoints each.</summary>
    public LiveSkeletonSmoother(int keypoints, int maxPeople)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keypoints, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeople, 1);
        _slots = new Slot[maxPeople];
        for (int i = 0; i < maxPeople; i++)
            _slots[i] = new Slot(keypoints);
    }

    /// <summary>Filters person <paramref name="personId"/>'s points (x, y, z per keypoint, NaN = missing) in place.</summary>
    public void Apply(int personId, Span<double> points, double timeSeconds)
    {
        Slot slot = SlotFor(personId, timeSeconds);
        if (points.Length != slot.Held.Length)
            throw new ArgumentException($"expected {slot.Held.Length / 3} keypoints × 3 values, got {points.Length}", nameof(points));
        slot.LastSeen = timeSeconds;
        slot.Filter.Filter(points, timeSeconds);
        for (int k = 0; k < slot.HeldAt.Length; k++)
        {
            Span<double> p = points.Slice(k * 3, 3);
            Span<double> held = slot.Held.AsSpan(k * 3, 3);
            if (double.IsFinite(p[0]) && double.IsFinite(p[1]) && double.IsFinite(p[2]))
            {
                p.CopyTo(held);
                slot.HeldAt[k] = timeSeconds;
            }
            else if (timeSeconds - slot.HeldAt[k] <= MaxGapSeconds)
            {
                held.CopyTo(p);
            }
            else
            {
                p.Fill(double.NaN);
            }
        }
    }

    /// <summary>
    /// Forgets every person's filter state and held joints: the next <see cref="Apply"/> of each id starts afresh, as
    /// after a cut in the pictures (a looping source starting over), where motion must not be carried across.
    /// </summary>
    public void Reset()
    {
        foreach (Slot slot in _slots)
        {
            slot.PersonId = -1;
            slot.LastSeen = double.NegativeInfinity;
        }
    }

    private Slot SlotFor(int personId, double now)
    {
        Slot? free = null, oldest = null;
        foreach (Slot slot in _slots)
        {
            if (slot.PersonId == personId && now - slot.LastSeen <= ForgetSeconds)
                return slot;
            if (slot.PersonId == personId || slot.PersonId < 0 || now - slot.LastSeen > ForgetSeconds)
                free ??= slot;
            if (oldest is null || slot.LastSeen < oldest.LastSeen)
                oldest = slot;
        }
        Slot chosen = free ?? oldest!;
        chosen.PersonId = personId;
        chosen.Filter.Reset();
        Array.Fill(chosen.HeldAt, double.NegativeInfinity);
        return chosen;
    }

    private sealed class Slot(int keypoints)
    {
        public readonly OneEuroFilter Filter = new(keypoints * 3, MinCutoffHz, Beta);
        public readonly double[] Held = new double[keypoints * 3];
        public readonly double[] HeldAt = new double[keypoints];
        public int PersonId = -1;
        public double LastSeen = double.NegativeInfinity;
    }
}
