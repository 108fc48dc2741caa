using System.Diagnostics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Association;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.FrameSets;

/// <summary>
/// The 3D half of the tracking of a frame set, from the cameras' 2D people on: BODY_25B keypoints per camera, then
/// <see cref="PeopleFrameStep"/> (cross-view association, Pose2Sim triangulation of the <see cref="Pose2SimMarkers"/>,
/// stable 3D ids). <see cref="FrameSetTracker"/> runs it after its own 2D pipeline; a fusion node of the bus runs it on
/// the 2D the camera nodes published, so both give the same 3D from the same 2D. Results live in buffers sized at
/// construction and are valid until the next <see cref="Process"/>. Not thread-safe: one per worker thread.
/// </summary>
public sealed class PoseFusion : IDisposable
{
    private readonly Body25BConverter _converter;
    private readonly PeopleFrameStep _people;
    private readonly PipelineStages _stages;
    private readonly double[][] _keypoints2D;
    private readonly ReadOnlyMemory<double>[] _views;

    /// <summary>Creates the fusion for the cameras of <paramref name="calibration"/>.</summary>
    /// <param name="calibration">Cameras, in frame-set order.</param>
    /// <param name="poseSkeleton">Keypoint layout of the 2D people it is given (the pose model's).</param>
    /// <param name="maxPeople">Most 3D people per frame set (the best associated first).</param>
    /// <param name="stages">Where associate and triangulate latencies are recorded.</param>
    /// <param name="accelerator">Where the triangulation runs, already resolved; its device buffers are allocated here, once.</param>
    /// <param name="association">Association thresholds (Pose2Sim's defaults when null).</param>
    /// <param name="maxPeoplePerCamera">
    /// 2D people read per camera (more are ignored); the 2D pipeline keeps at most its MaxPeoplePerCamera, and 16 covers
    /// its largest sensible setting. A fusion node of a crowded field raises it.
    /// </param>
    public PoseFusion(CameraRig calibration, SkeletonDefinition poseSkeleton, int maxPeople, PipelineStages stages,
        TrackingAccelerator accelerator = TrackingAccelerator.Reference, AssociationOptions? association = null, int maxPeoplePerCamera = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeoplePerCamera, 1);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(poseSkeleton);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeople, 1);
        _stages = stages;
        PoseSkeleton = poseSkeleton;
        _converter = new Body25BConverter(poseSkeleton);
        _people = new PeopleFrameStep(calibration, Body25BConverter.KeypointCount, Pose2SimMarkers.Body25BIndices, maxPeople,
            association, new TriangulationSettings(), accelerator);
        Cameras = calibration.Count;
        MaxPeople = maxPeople;
        int stride = Body25BConverter.KeypointCount * 3;
        _keypoints2D = new double[Cameras][];
        for (int c = 0; c < Cameras; c++)
            _keypoints2D[c] = new double[maxPeoplePerCamera * stride];
        _views = new ReadOnlyMemory<double>[Cameras];
    }

    /// <summary>Keypoint layout of the 2D people <see cref="Process"/> takes.</summary>
    public SkeletonDefinition PoseSkeleton { get; }

    /// <summary>Where the triangulation runs (for logs and the run summary).</summary>
    public string TriangulatorDescription => _people.TriangulatorDescription;

    /// <summary>Cameras per frame set.</summary>
    public int Cameras { get; }

    /// <summary>Most 3D people per frame set.</summary>
    public int MaxPeople { get; }

    /// <summary>3D people found in the last frame set.</summary>
    public int PeopleCount => _people.PeopleCount;

    /// <summary>The next frame set does not follow on from the last one: the ids persist, their motion gating restarts.</summary>
    public void Discontinuity() => _people.Discontinuity();

    /// <summary>Stable 3D id of person <paramref name="person"/> (&lt; <see cref="PeopleCount"/>).</summary>
    public int PersonId(int person) => _people.PersonId(person);

    /// <summary>World points (metres, Z up; NaN where failed) of a 3D person, marker-major x, y, z.</summary>
    public ReadOnlySpan<double> Points(int person) => _people.Points(person);

    /// <summary>Reprojection error per marker of a 3D person, pixels (NaN where failed).</summary>
    public ReadOnlySpan<double> ErrorsPixels(int person) => _people.ErrorsPixels(person);

    /// <summary>Cameras not used per marker of a 3D person.</summary>
    public ReadOnlySpan<int> ExcludedCounts(int person) => _people.ExcludedCounts(person);

    /// <summary>
    /// Associates and triangulates one frame set's 2D people (entry i = calibration camera i, in
    /// <see cref="PoseSkeleton"/>'s layout; an empty entry is a camera that saw nobody or is missing). Throws
    /// <see cref="ArgumentException"/> for a wrong camera count or layout.
    /// </summary>
    public void Process(IReadOnlyList<CameraPoses> poses)
    {
        ArgumentNullException.ThrowIfNull(poses);
        if (poses.Count != Cameras)
            throw new ArgumentException($"expected {Cameras} cameras' 2D people, got {poses.Count}", nameof(poses));
        long start = Stopwatch.GetTimestamp();
        int stride = Body25BConverter.KeypointCount * 3;
        for (int c = 0; c < Cameras; c++)
        {
            CameraPoses camera = poses[c];
            if (camera.Skeleton != PoseSkeleton && camera.Count > 0)
                throw new ArgumentException($"camera {c}'s 2D people are in {camera.Skeleton.Name}, the fusion takes {PoseSkeleton.Name}", nameof(poses));
            int n = Math.Min(camera.Count, _keypoints2D[c].Length / stride);
            for (int p = 0; p < n; p++)
                _converter.Convert(camera.Keypoints(p), _keypoints2D[c].AsSpan(p * stride, stride));
            _views[c] = _keypoints2D[c].AsMemory(0, n * stride);
        }
        _people.Associate(_views);
        _stages.Associate.Record(start);

        start = Stopwatch.GetTimestamp();
        _people.Triangulate();
        _stages.Triangulate.Record(start);
    }

    public void Dispose() => _people.Dispose();
}
