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
/// The per-frame-set half of the tracking worker: 2D pose of every camera (<see cref="Pose2DPipeline"/>), then
/// <see cref="PoseFusion"/> — the same step as <c>b3d triangulate --associate</c>: BODY_25B keypoints per camera,
/// cross-view association of people (<see cref="CrossViewAssociator"/>), Pose2Sim triangulation of the
/// <see cref="Pose2SimMarkers"/> of each associated person (<see cref="Triangulator"/>, or the ILGPU kernel on the
/// accelerator given at construction), and stable 3D ids (<see cref="PersonTracker"/>). Results live in buffers sized at construction and are valid until
/// the next <see cref="Process"/>. Owns the 2D pipeline. Not thread-safe: one tracker per worker thread.
/// </summary>
public sealed class FrameSetTracker : IDisposable
{
    private readonly Pose2DPipeline _pose;

    /// <summary>Creates the tracker; <paramref name="pose"/> must see one frame per calibration camera.</summary>
    /// <param name="calibration">Cameras, in frame-set order.</param>
    /// <param name="pose">2D pipeline, owned from now on.</param>
    /// <param name="maxPeople">Most 3D people per frame set (the best associated first).</param>
    /// <param name="stages">Where associate and triangulate latencies are recorded.</param>
    /// <param name="accelerator">Where the triangulation runs, already resolved (<see cref="TrackingAccelerators.Resolve"/>);
    /// its device buffers are allocated here, once, and reused for every frame set.</param>
    /// <param name="association">Association thresholds (Pose2Sim's defaults when null), as <c>b3d triangulate --associate</c> takes them.</param>
    public FrameSetTracker(CameraRig calibration, Pose2DPipeline pose, int maxPeople, PipelineStages stages,
        TrackingAccelerator accelerator = TrackingAccelerator.Reference, AssociationOptions? association = null)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(pose);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeople, 1);
        if (pose.CameraCount != calibration.Count)
            throw new ArgumentException($"the 2D pipeline has {pose.CameraCount} cameras, the calibration {calibration.Count}", nameof(pose));
        _pose = pose;
        Fusion = new PoseFusion(calibration, pose.Skeleton, maxPeople, stages, accelerator, association);
    }

    /// <summary>The 3D half (association, triangulation, ids), whose results the accessors below read.</summary>
    public PoseFusion Fusion { get; }

    /// <summary>Where the triangulation runs (for logs and the run summary).</summary>
    public string TriangulatorDescription => Fusion.TriangulatorDescription;

    /// <summary>Cameras per frame set.</summary>
    public int Cameras => Fusion.Cameras;

    /// <summary>Most 3D people per frame set.</summary>
    public int MaxPeople => Fusion.MaxPeople;

    /// <summary>3D people found in the last frame set.</summary>
    public int PeopleCount => Fusion.PeopleCount;

    /// <summary>The 2D pipeline's people of the last frame set, per camera, in the pose model's layout.</summary>
    public IReadOnlyList<CameraPoses> Poses2D { get; private set; } = [];

    /// <summary>
    /// The next frame set does not follow on from the last one processed: a source's timeline was cut (a looping file
    /// started over, a reconnect with a jump). The people's ids persist; their motion gating restarts
    /// (<see cref="PersonTracker.Discontinuity"/>).
    /// </summary>
    public void Discontinuity() => Fusion.Discontinuity();

    /// <summary>Stable 3D id of person <paramref name="person"/> (&lt; <see cref="PeopleCount"/>).</summary>
    public int PersonId(int person) => Fusion.PersonId(person);

    /// <summary>World points (metres, Z up; NaN where failed) of a 3D person, marker-major x, y, z.</summary>
    public ReadOnlySpan<double> Points(int person) => Fusion.Points(person);

    /// <summary>Reprojection error per marker of a 3D person, pixels (NaN where failed).</summary>
    public ReadOnlySpan<double> ErrorsPixels(int person) => Fusion.ErrorsPixels(person);

    /// <summary>Cameras not used per marker of a 3D person.</summary>
    public ReadOnlySpan<int> ExcludedCounts(int person) => Fusion.ExcludedCounts(person);

    /// <summary>
    /// Processes one synchronised frame set (frame i = calibration camera i, decoded planes; read during the call only). Detection and pose latencies
    /// go to the stages through the timed model wrappers the 2D pipeline was built with.
    /// </summary>
    public void Process(ReadOnlySpan<ImagePlanes> frames)
    {
        IReadOnlyList<CameraPoses> poses = _pose.Process(frames);
        Poses2D = poses;
        Fusion.Process(poses);
    }

    public void Dispose()
    {
        _pose.Dispose();
        Fusion.Dispose();
    }
}
