using System.Diagnostics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Association;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Tracking.Triangulation;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Skeletons;

namespace Broadcast3D.Tracking.FrameSets;

/// <summary>
/// The per-frame-set half of the tracking worker: 2D pose of every camera (<see cref="Pose2DPipeline"/>), BODY_25B
/// keypoints per camera, cross-view association of people (<see cref="CrossViewAssociator"/>), Pose2Sim
/// triangulation of the <see cref="Pose2SimMarkers"/> of each associated person (<see cref="Triangulator"/>, or the
/// ILGPU kernel on the accelerator given at construction), and
/// stable 3D ids (<see cref="PersonTracker"/>). Results live in buffers sized at construction and are valid until
/// the next <see cref="Process"/>. Owns the 2D pipeline. Not thread-safe: one tracker per worker thread.
/// </summary>
public sealed class FrameSetTracker : IDisposable
{
    private readonly Pose2DPipeline _pose;
    private readonly Body25BConverter _converter;
    private readonly CrossViewAssociator _associator;
    private readonly IBatchTriangulator _triangulator;
    private readonly PersonTracker _tracker = new();
    private readonly PipelineStages _stages;
    private readonly double[] _projections;
    private readonly double[][] _keypoints2D;
    private readonly int[] _count2D;
    private readonly ReadOnlyMemory<double>[] _views;
    private readonly TriangulationBatch _batch;
    private readonly Vector3d[] _centroids;
    private readonly int[] _slotOfPerson;
    private readonly int[] _ids3D;

    /// <summary>Creates the tracker; <paramref name="pose"/> must see one frame per calibration camera.</summary>
    /// <param name="calibration">Cameras, in frame-set order.</param>
    /// <param name="pose">2D pipeline, owned from now on.</param>
    /// <param name="maxPeople">Most 3D people per frame set (the best associated first).</param>
    /// <param name="stages">Where associate and triangulate latencies are recorded.</param>
    /// <param name="accelerator">Where the triangulation runs, already resolved (<see cref="TrackingAccelerators.Resolve"/>);
    /// its device buffers are allocated here, once, and reused for every frame set.</param>
    public FrameSetTracker(CameraRig calibration, Pose2DPipeline pose, int maxPeople, PipelineStages stages,
        TrackingAccelerator accelerator = TrackingAccelerator.Reference)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(pose);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeople, 1);
        if (pose.CameraCount != calibration.Count)
            throw new ArgumentException($"the 2D pipeline has {pose.CameraCount} cameras, the calibration {calibration.Count}", nameof(pose));
        _pose = pose;
        _stages = stages;
        _converter = new Body25BConverter(pose.Skeleton);
        _associator = new CrossViewAssociator(calibration);
        _projections = new double[12 * calibration.Count];
        calibration.CopyProjectionMatrices(_projections);
        Cameras = calibration.Count;
        MaxPeople = maxPeople;
        // The 2D pipeline keeps at most its MaxPeoplePerCamera; 16 covers its largest sensible setting.
        const int MaxPeoplePerCamera = 16;
        int stride = Body25BConverter.KeypointCount * 3;
        _keypoints2D = new double[Cameras][];
        for (int c = 0; c < Cameras; c++)
            _keypoints2D[c] = new double[MaxPeoplePerCamera * stride];
        _count2D = new int[Cameras];
        _views = new ReadOnlyMemory<double>[Cameras];
        _batch = new TriangulationBatch(1, maxPeople, Pose2SimMarkers.Definition.KeypointCount, Cameras);
        _triangulator = TrackingAccelerators.CreateTriangulator(accelerator, new TriangulationSettings(), _batch.PointCount, Cameras);
        _centroids = new Vector3d[maxPeople];
        _slotOfPerson = new int[maxPeople];
        _ids3D = new int[maxPeople];
    }

    /// <summary>Where the triangulation runs (for logs and the run summary).</summary>
    public string TriangulatorDescription => _triangulator.Description;

    /// <summary>Cameras per frame set.</summary>
    public int Cameras { get; }

    /// <summary>Most 3D people per frame set.</summary>
    public int MaxPeople { get; }

    /// <summary>3D people found in the last frame set.</summary>
    public int PeopleCount { get; private set; }

    /// <summary>The 2D pipeline's people of the last frame set, per camera, in the pose model's layout.</summary>
    public IReadOnlyList<CameraPoses> Poses2D { get; private set; } = [];

    /// <summary>Stable 3D id of person <paramref name="person"/> (&lt; <see cref="PeopleCount"/>).</summary>
    public int PersonId(int person) => _ids3D[person];

    /// <summary>World points (metres, Z up; NaN where failed) of a 3D person, marker-major x, y, z.</summary>
    public ReadOnlySpan<double> Points(int person) =>
        _batch.Points.AsSpan(_slotOfPerson[person] * Pose2SimMarkers.Definition.KeypointCount * 3, Pose2SimMarkers.Definition.KeypointCount * 3);

    /// <summary>Reprojection error per marker of a 3D person, pixels (NaN where failed).</summary>
    public ReadOnlySpan<double> ErrorsPixels(int person) =>
        _batch.ReprojectionErrors.AsSpan(_slotOfPerson[person] * Pose2SimMarkers.Definition.KeypointCount, Pose2SimMarkers.Definition.KeypointCount);

    /// <summary>Cameras not used per marker of a 3D person.</summary>
    public ReadOnlySpan<int> ExcludedCounts(int person) =>
        _batch.ExcludedCounts.AsSpan(_slotOfPerson[person] * Pose2SimMarkers.Definition.KeypointCount, Pose2SimMarkers.Definition.KeypointCount);

    /// <summary>
    /// Processes one synchronised frame set (frame i = calibration camera i, decoded planes; read during the call only). Detection and pose latencies
    /// go to the stages through the timed model wrappers the 2D pipeline was built with.
    /// </summary>
    public void Process(ReadOnlySpan<ImagePlanes> frames)
    {
        IReadOnlyList<CameraPoses> poses = _pose.Process(frames);
        Poses2D = poses;

        long start = Stopwatch.GetTimestamp();
        int stride = Body25BConverter.KeypointCount * 3;
        for (int c = 0; c < Cameras; c++)
        {
            CameraPoses camera = poses[c];
            int n = Math.Min(camera.Count, _keypoints2D[c].Length / stride);
            for (int p = 0; p < n; p++)
                _converter.Convert(camera.Keypoints(p), _keypoints2D[c].AsSpan(p * stride, stride));
            _count2D[c] = n;
            _views[c] = _keypoints2D[c].AsMemory(0, n * stride);
        }
        IReadOnlyList<AssociatedPerson> people = _associator.Associate(_views, Body25BConverter.KeypointCount);
        _stages.Associate.Record(start);

        start = Stopwatch.GetTimestamp();
        int count = Math.Min(people.Count, MaxPeople);
        FillObservations(people, count);
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
        _tracker.Update(_centroids.AsSpan(0, PeopleCount), _ids3D);
        _stages.Triangulate.Record(start);
    }

    public void Dispose()
    {
        _pose.Dispose();
        _triangulator.Dispose();
    }

    private void FillObservations(IReadOnlyList<AssociatedPerson> people, int count)
    {
        IReadOnlyList<int> markers = Pose2SimMarkers.Body25BIndices;
        int stride = Body25BConverter.KeypointCount * 3;
        Span<double> obs = _batch.Observations;
        for (int slot = 0; slot < MaxPeople; slot++)
        {
            for (int m = 0; m < markers.Count; m++)
            {
                for (int c = 0; c < Cameras; c++)
                {
                    int o = (((slot * markers.Count) + m) * Cameras + c) * 3;
                    int detection = slot < count ? people[slot].DetectionPerCamera[c] : -1;
                    if (detection < 0)
                    {
                        obs[o] = double.NaN;
                        obs[o + 1] = double.NaN;
                        obs[o + 2] = 0;
                        continue;
                    }
                    int k = (detection * stride) + (markers[m] * 3);
                    obs[o] = _keypoints2D[c][k];
                    obs[o + 1] = _keypoints2D[c][k + 1];
                    obs[o + 2] = _keypoints2D[c][k + 2];
                }
            }
        }
    }

    private Vector3d? Centroid(int slot)
    {
        int markers = Pose2SimMarkers.Definition.KeypointCount;
        ReadOnlySpan<double> p = _batch.Points.AsSpan(slot * markers * 3, markers * 3);
        double x = 0, y = 0, z = 0;
        int n = 0;
        for (int m = 0; m < markers; m++)
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
