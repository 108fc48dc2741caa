using System.Diagnostics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.FrameSets;
using Broadcast3D.Tracking.Masks;
using Broadcast3D.Tracking.Meshes;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// The athletes' meshes of one tracked frame set (issue #18), as the demo's orbit replay and the virtual-camera
/// replay draw them: per 3D person, its mask in each camera (<see cref="MeshMasks"/>), the visual hull
/// (<see cref="HullCarver"/>), the smoothed, decimated surface and its colours from the pictures
/// (<see cref="AthleteMesher"/>). A person that cannot be carved gets no mesh and is counted in <see cref="Tally"/>
/// with the reason; cameras without a mask are left out and counted. Call right after the tracker's
/// <c>Process</c>: the masks and pictures are valid only until the next frame set. Not thread-safe.
/// </summary>
public sealed class FrameSetMesher : IDisposable
{
    private readonly CameraRig _rig;
    private readonly MeshOptions _options;
    private readonly HullCarver _carver;
    private readonly bool[] _partly;
    private readonly List<double> _carveMs = [], _surfaceMs = [];
    private readonly List<double>[]? _silhouette, _leaveOneOut;

    /// <summary>A mesher for <paramref name="rig"/>'s cameras, carving on <paramref name="accelerator"/> (resolved).</summary>
    /// <param name="rig">The calibrated cameras, in the order of the pictures and 2D results given per frame set.</param>
    /// <param name="options">Carving and surface settings.</param>
    /// <param name="accelerator">Where the carving runs.</param>
    /// <param name="measure">Also measure each mesh against the masks (<c>b3d mesh</c>'s figures): its silhouette IoU per
    /// carving camera and, with three or more, the leave-one-camera-out IoU (one more carving per camera).</param>
    /// <exception cref="ArgumentOutOfRangeException">A field of <paramref name="options"/> is outside its range (named).</exception>
    public FrameSetMesher(CameraRig rig, MeshOptions options, TrackingAccelerator accelerator, bool measure = false)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _rig = rig;
        _options = options;
        _carver = new HullCarver(options, accelerator);
        _partly = new bool[rig.Count];
        Tally = new MeshTally(rig);
        if (measure)
        {
            _silhouette = [.. rig.Cameras.Select(_ => new List<double>())];
            _leaveOneOut = [.. rig.Cameras.Select(_ => new List<double>())];
        }
    }

    /// <summary>What was meshed and skipped, and each camera's part.</summary>
    public MeshTally Tally { get; }

    /// <summary>The settings.</summary>
    public MeshOptions Options => _options;

    /// <summary>Where the carving runs.</summary>
    public string Description => _carver.Description;

    /// <summary>Median carving time of the meshes built, milliseconds (null before the first).</summary>
    public double? CarveMilliseconds => Median(_carveMs);

    /// <summary>Median surface and colour time of the meshes built, milliseconds (null before the first).</summary>
    public double? SurfaceMilliseconds => Median(_surfaceMs);

    /// <summary>
    /// Meshes every 3D person of <paramref name="tracker"/>'s last frame set, seen in <paramref name="frames"/>
    /// (the pictures it processed, one per rig camera). Returns the meshes built (empty when none; each skip counted).
    /// </summary>
    public IReadOnlyList<AthleteMesh> MeshAll(FrameSetTracker tracker, ReadOnlySpan<ImagePlanes> frames)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        if (tracker.PeopleCount == 0)
        {
            Tally.Skip("no 3D person (fewer than two cameras saw the athlete, or association failed)");
            return [];
        }
        var meshes = new List<AthleteMesh>(tracker.PeopleCount);
        for (int person = 0; person < tracker.PeopleCount; person++)
        {
            if (Mesh(tracker.PersonId(person), tracker.Points(person), tracker.Poses2D, frames) is { } mesh)
                meshes.Add(mesh);
        }
        return meshes;
    }

    /// <summary>
    /// The mesh of person <paramref name="personId"/> whose 3D is <paramref name="skeleton"/> (world metres, x, y, z
    /// per marker, NaN where missing), its mask looked up among <paramref name="poses"/>; null when it cannot be
    /// carved (counted with the reason).
    /// </summary>
    public AthleteMesh? Mesh(int personId, ReadOnlySpan<double> skeleton, IReadOnlyList<CameraPoses> poses, ReadOnlySpan<ImagePlanes> frames)
    {
        PersonMask?[] masks = MeshMasks.Match(_rig, skeleton, poses, frames, _partly);
        long start = Stopwatch.GetTimestamp();
        VisualHull? hull = _carver.Carve(_rig, masks, skeleton, out string? reason);
        Tally.Count(masks, _partly, hull, reason);
        if (hull is null)
            return null;
        _carveMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        start = Stopwatch.GetTimestamp();
        SurfaceMesh surface = AthleteMesher.Surface(hull, _options);
        AthleteMesh mesh = AthleteMesher.Colour(personId, surface, _rig, frames, hull.Cameras);
        _surfaceMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        if (_silhouette is not null && _leaveOneOut is not null)
        {
            foreach (int c in hull.Cameras)
            {
                _silhouette[c].Add(SilhouetteAgreement.IoU(_rig.Cameras[c], surface, masks[c]!));
                if (hull.Cameras.Count >= 3 && _carver.Carve(_rig, masks, skeleton, out _, exclude: c) is { } without)
                    _leaveOneOut[c].Add(SilhouetteAgreement.IoU(_rig.Cameras[c], AthleteMesher.Surface(without, _options), masks[c]!));
            }
        }
        return mesh;
    }

    /// <summary>Median silhouette IoU of camera <paramref name="camera"/> over the meshes (null: not measured or never carved from it).</summary>
    public double? SilhouetteIoU(int camera) => _silhouette is null ? null : Median(_silhouette[camera]);

    /// <summary>Median leave-one-camera-out IoU of camera <paramref name="camera"/> (null: not measured or never possible).</summary>
    public double? LeaveOneOutIoU(int camera) => _leaveOneOut is null ? null : Median(_leaveOneOut[camera]);

    /// <summary>Releases the carver's accelerator.</summary>
    public void Dispose() => _carver.Dispose();

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
            return null;
        double[] sorted = [.. values.Order()];
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
