using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Association;

/// <summary>
/// The people of one synchronised frame set, from every camera's 2D detections to identified 3D skeletons: the
/// cross-view association (<see cref="CrossViewAssociator"/>), Pose2Sim's triangulation of each associated
/// person's markers (<see cref="IBatchTriangulator"/>), and stable ids over time (<see cref="PersonTracker"/>).
/// One implementation for the live graph (<c>FrameSets.FrameSetTracker</c>, <c>b3d run</c> and <c>b3d demo</c>) and
/// the offline <c>b3d triangulate --associate</c> (<see cref="MultiPersonTrial"/>), so both associate alike.
/// Call <see cref="Associate"/> then <see cref="Triangulate"/> once per frame set (two calls so callers can time
/// them apart). Results live in buffers sized at construction and are valid until the next <see cref="Associate"/>.
/// Owns its triangulator (device buffers on an accelerator). Not thread-safe: one per worker.
/// </summary>
public sealed class PeopleFrameStep : IDisposable
{
    private readonly CrossViewAssociator _associator;
    private readonly IBatchTriangulator _triangulator;
    private readonly PersonTracker _tracker;
    private readonly int[] _markerKeypoints;
    private readonly double[] _projections;
    private readonly TriangulationBatch _batch;
    private readonly Vector3d[] _centroids;
    private readonly int[] _slotOfPerson;
    private readonly int[] _ids;
    private IReadOnlyList<ReadOnlyMemory<double>> _views = [];
    private IReadOnlyList<AssociatedPerson> _associated = [];

    /// <summary>Creates the step for a rig.</summary>
    /// <param name="calibration">Cameras, in the order of the views given to <see cref="Associate"/>.</param>
    /// <param name="keypointCount">Keypoints per 2D detection (25 for BODY_25B).</param>
    /// <param name="markerKeypoints">2D keypoint index of each triangulated marker, in marker order.</param>
    /// <param name="maxPeople">Most people triangulated per frame set: the best associated (most cameras, then
    /// closest rays) first.</param>
    /// <param name="association">Association thresholds (Pose2Sim's defaults when null).</param>
    /// <param name="triangulation">Triangulation thresholds (Pose2Sim's defaults when null).</param>
    /// <param name="accelerator">Where the triangulation runs, already resolved (<see cref="TrackingAccelerators.Resolve"/>).</param>
    /// <param name="tracker">The identity tracker (a default one when null); owned from now on.</param>
    /// <exception cref="ArgumentException">A marker index outside the keypoints, or a count below 1.</exception>
    public PeopleFrameStep(CameraRig calibration, int keypointCount, IReadOnlyList<int> markerKeypoints, int maxPeople,
        AssociationOptions? association = null, TriangulationSettings? triangulation = null,
        TrackingAccelerator accelerator = TrackingAccelerator.Reference, PersonTracker? tracker = null)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(markerKeypoints);
        ArgumentOutOfRangeException.ThrowIfLessThan(keypointCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeople, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(markerKeypoints.Count, 1, nameof(markerKeypoints));
        foreach (int k in markerKeypoints)
        {
            if (k < 0 || k >= keypointCount)
                throw new ArgumentException($"marker keypoint {k} is outside the {keypointCount} keypoints of a detection", nameof(markerKeypoints));
        }
        KeypointCount = keypointCount;
        MaxPeople = maxPeople;
        _markerKeypoints = [.. markerKeypoints];
        _associator = new CrossViewAssociator(calibration, association);
        _tracker = tracker ?? new PersonTracker();
        _projections = new double[12 * calibration.Count];
        calibration.CopyProjectionMatrices(_projections);
        _batch = new TriangulationBatch(1, maxPeople, _markerKeypoints.Length, calibration.Count);
        _triangulator = TrackingAccelerators.CreateTriangulator(accelerator, triangulation ?? new TriangulationSettings(), _batch.PointCount, calibration.Count);
        _centroids = new Vector3d[maxPeople];
        _slotOfPerson = new int[maxPeople];
        _ids = new int[maxPeople];
    }

    /// <summary>Where the triangulation runs (for logs and summaries).</summary>
    public string TriangulatorDescription => _triangulator.Description;

    /// <summary>Keypoints per 2D detection.</summary>
    public int KeypointCount { get; }

    /// <summary>Markers triangulated per person.</summary>
    public int MarkerCount => _markerKeypoints.Length;

    /// <summary>Most people triangulated per frame set.</summary>
    public int MaxPeople { get; }

    /// <summary>People the last <see cref="Associate"/> found, before the <see cref="MaxPeople"/> cap.</summary>
    public int AssociatedCount => _associated.Count;

    /// <summary>3D people of the last frame set (associated, within the cap, with at least one marker solved).</summary>
    public int PeopleCount { get; private set; }

    /// <summary>
    /// Groups the detections of one frame set into people. <paramref name="views"/>[c] holds camera c's detections
    /// as [person][keypoint][x, y, confidence] in distorted pixels; it must stay unchanged until
    /// <see cref="Triangulate"/> returns.
    /// </summary>
    /// <returns>The associated people, best first (all of them; <see cref="Triangulate"/> keeps <see cref="MaxPeople"/>).</returns>
    /// <exception cref="ArgumentException">Camera count differs from the calibration, or a length is not a whole
    /// number of detections.</exception>
    public IReadOnlyList<AssociatedPerson> Associate(IReadOnlyList<ReadOnlyMemory<double>> views)
    {
        _associated = _associator.Associate(views, KeypointCount);
        _views = views;
        PeopleCount = 0;
        return _associated;
    }

    /// <summary>
    /// Triangulates the best <see cref="MaxPeople"/> associated people and gives them ids; a person none of whose
    /// markers could be solved is dropped. <paramref name="frameGap"/>: frames since the previous frame set.
    /// </summary>
    public void Triangulate(int frameGap = 1)
    {
        int count = Math.Min(_associated.Count, MaxPeople);
        FillObservations(count);
        _triangulator.Solve(_batch, _projections);
        PeopleCount = 0;
        for (int slot = 0; slot < count; slot++)
        {
            if (Centroid(slot) is { } centroid)
            {
                _centroids[PeopleCount] = centroid;
                _slotOfPerson[PeopleCount++] = slot;
            }
        }
        _tracker.Update(_centroids.AsSpan(0, PeopleCount), _ids, frameGap);
    }

    /// <summary>
    /// The next frame set's people do not move on from this one's (a cut in a source's timeline): the identity
    /// tracker's motion gating restarts, ids persist (<see cref="PersonTracker.Discontinuity"/>).
    /// </summary>
    public void Discontinuity() => _tracker.Discontinuity();

    /// <summary>Stable id of person <paramref name="person"/> (&lt; <see cref="PeopleCount"/>), from 1.</summary>
    public int PersonId(int person) => _ids[person];

    /// <summary>The detections (index per camera, -1 where unseen) person <paramref name="person"/> was triangulated from.</summary>
    public AssociatedPerson Detections(int person) => _associated[_slotOfPerson[person]];

    /// <summary>Whether person <paramref name="person"/>'s id was kept against a close rival (<see cref="PersonTracker.WasAmbiguous"/>).</summary>
    public bool WasAmbiguous(int person) => _tracker.WasAmbiguous(person);

    /// <summary>Frames person <paramref name="person"/> had been unseen before re-taking its id (<see cref="PersonTracker.MissedBefore"/>).</summary>
    public int MissedBefore(int person) => _tracker.MissedBefore(person);

    /// <summary>World points (metres, the calibration's frame; NaN where failed) of a person, marker-major x, y, z.</summary>
    public ReadOnlySpan<double> Points(int person) =>
        _batch.Points.AsSpan(_slotOfPerson[person] * MarkerCount * 3, MarkerCount * 3);

    /// <summary>Reprojection error per marker of a person, pixels (NaN where failed).</summary>
    public ReadOnlySpan<double> ErrorsPixels(int person) =>
        _batch.ReprojectionErrors.AsSpan(_slotOfPerson[person] * MarkerCount, MarkerCount);

    /// <summary>Cameras not used per marker of a person.</summary>
    public ReadOnlySpan<int> ExcludedCounts(int person) =>
        _batch.ExcludedCounts.AsSpan(_slotOfPerson[person] * MarkerCount, MarkerCount);

    /// <summary>Bit mask of the cameras not used per marker of a person.</summary>
    public ReadOnlySpan<ulong> ExcludedMasks(int person) =>
        _batch.ExcludedMasks.AsSpan(_slotOfPerson[person] * MarkerCount, MarkerCount);

    public void Dispose() => _triangulator.Dispose();

    private void FillObservations(int count)
    {
        int stride = KeypointCount * 3, cameras = _batch.Cameras;
        Span<double> obs = _batch.Observations;
        for (int slot = 0; slot < MaxPeople; slot++)
        {
            for (int m = 0; m < _markerKeypoints.Length; m++)
            {
                for (int c = 0; c < cameras; c++)
                {
                    int o = _batch.ObservationIndex(0, slot, m, c);
                    int detection = slot < count ? _associated[slot].DetectionPerCamera[c] : -1;
                    if (detection < 0)
                    {
                        obs[o] = double.NaN;
                        obs[o + 1] = double.NaN;
                        obs[o + 2] = 0;
                        continue;
                    }
                    ReadOnlySpan<double> view = _views[c].Span;
                    int k = (detection * stride) + (_markerKeypoints[m] * 3);
                    obs[o] = view[k];
                    obs[o + 1] = view[k + 1];
                    obs[o + 2] = view[k + 2];
                }
            }
        }
    }

    private Vector3d? Centroid(int slot)
    {
        ReadOnlySpan<double> p = _batch.Points.AsSpan(slot * MarkerCount * 3, MarkerCount * 3);
        double x = 0, y = 0, z = 0;
        int n = 0;
        for (int m = 0; m < MarkerCount; m++)
        {
            if (double.IsFinite(p[m * 3]))
            {
                x += p[m * 3];
                y += p[(m * 3) + 1];
                z += p[(m * 3) + 2];
                n++;
            }
        }
        return n == 0 ? null : new Vector3d(x / n, y / n, z / n);
    }
}
