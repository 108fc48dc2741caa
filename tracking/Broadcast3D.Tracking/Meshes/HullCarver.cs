using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Masks;

namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// Carves one athlete's visual hull from the calibrated cameras: a grid of <see cref="MeshOptions.VoxelMetres"/>
/// voxels over the 3D skeleton's box grown by <see cref="MeshOptions.MarginMetres"/>; a voxel stays when it
/// projects (with lens distortion) inside the person's mask in every camera that sees it, one miss allowed when
/// four or more cameras have a mask (<see cref="MeshOptions.AllowedMisses"/>), and at least two cameras see it. Cameras without a mask (person not found
/// there) are left out and reported; too few cameras, a skeleton without points or a box larger than
/// <see cref="MeshOptions.MaxBoxMetres"/> give no hull and a reason. Runs on the <see cref="VoxelCarver"/> it owns.
/// Not thread-safe.
/// </summary>
public sealed class HullCarver : IDisposable
{
    private readonly MeshOptions _options;
    private readonly VoxelCarver _carver;
    private byte[] _masks = [];

    /// <summary>Creates the carver on a resolved accelerator (<see cref="TrackingAccelerators.Resolve"/>).</summary>
    public HullCarver(MeshOptions options, TrackingAccelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _carver = new VoxelCarver(accelerator);
    }

    /// <summary>Where the carving runs, for reports.</summary>
    public string Description => _carver.Description;

    /// <summary>
    /// Carves the person seen through <paramref name="masks"/> (one per rig camera, null or empty where the person
    /// was not found) around <paramref name="skeleton"/> (world points, metres, x, y, z per marker; NaN where a
    /// marker failed). <paramref name="exclude"/> leaves one camera out on purpose (−1: none), as the
    /// leave-one-camera-out figure does. Returns null with <paramref name="reason"/> set when no hull can be built.
    /// </summary>
    public VisualHull? Carve(CameraRig rig, IReadOnlyList<PersonMask?> masks, ReadOnlySpan<double> skeleton, out string? reason, int exclude = -1)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(masks);
        if (masks.Count != rig.Count)
            throw new ArgumentException($"{masks.Count} masks for {rig.Count} cameras: give one per camera (null where the person was not found)", nameof(masks));
        reason = null;
        var used = new List<int>(rig.Count);
        var skipped = new List<CameraSkip>();
        for (int c = 0; c < rig.Count; c++)
        {
            Camera camera = rig.Cameras[c];
            PersonMask? mask = masks[c];
            if (c == exclude)
                skipped.Add(new CameraSkip(c, camera.Name, "left out (leave-one-camera-out)"));
            else if (mask is null || mask.IsEmpty)
                skipped.Add(new CameraSkip(c, camera.Name, "no mask of the person in this camera"));
            else if (camera.Distortion.IsFisheye)
                skipped.Add(new CameraSkip(c, camera.Name, "fisheye calibration (not carved)"));
            else
                used.Add(c);
        }
        if (used.Count < _options.MinCameras)
        {
            reason = $"{used.Count} camera(s) with a mask of the person, {_options.MinCameras} needed";
            return null;
        }

        double x0 = double.MaxValue, y0 = double.MaxValue, z0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue, z1 = double.MinValue;
        for (int m = 0; m + 2 < skeleton.Length; m += 3)
        {
            double x = skeleton[m], y = skeleton[m + 1], z = skeleton[m + 2];
            if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(z))
                continue;
            x0 = Math.Min(x0, x);
            y0 = Math.Min(y0, y);
            z0 = Math.Min(z0, z);
            x1 = Math.Max(x1, x);
            y1 = Math.Max(y1, y);
            z1 = Math.Max(z1, z);
        }
        if (x0 > x1)
        {
            reason = "no triangulated marker to place the grid";
            return null;
        }
        double margin = _options.MarginMetres, step = _options.VoxelMetres;
        x0 -= margin;
        y0 -= margin;
        z0 -= margin;
        x1 += margin;
        y1 += margin;
        z1 += margin;
        double longest = Math.Max(x1 - x0, Math.Max(y1 - y0, z1 - z0));
        if (longest > _options.MaxBoxMetres)
        {
            reason = $"the skeleton's box is {longest:F2} m long, more than the {_options.MaxBoxMetres:F2} m an athlete fits in (mis-associated markers?)";
            return null;
        }
        int nx = (int)Math.Ceiling((x1 - x0) / step) + 1, ny = (int)Math.Ceiling((y1 - y0) / step) + 1, nz = (int)Math.Ceiling((z1 - z0) / step) + 1;
        // With four or more views one camera may disagree (a mask that missed an arm, a wrong calibration).
        int misses = used.Count >= 4 ? _options.AllowedMisses : 0;
        var grid = new CarveGrid((float)x0, (float)y0, (float)z0, (float)step, nx, ny, nz, used.Count, misses, 2);

        const int MaskBytes = PersonMask.Size * PersonMask.Size;
        if (_masks.Length < used.Count * MaskBytes)
            _masks = new byte[used.Count * MaskBytes];
        var cameras = new CarveCamera[used.Count];
        for (int i = 0; i < used.Count; i++)
        {
            PersonMask mask = masks[used[i]]!;
            mask.Coverage.CopyTo(_masks.AsSpan(i * MaskBytes, MaskBytes));
            cameras[i] = CarveCamera.From(rig.Cameras[used[i]], mask, i * MaskBytes);
        }
        var occupancy = new byte[grid.Count];
        _carver.Carve(cameras, _masks.AsSpan(0, used.Count * MaskBytes), grid, occupancy);
        var hull = new VisualHull(grid, occupancy, used, skipped);
        if (hull.KeptVoxels == 0)
        {
            reason = $"the masks of {used.Count} cameras do not overlap in space (no voxel kept)";
            return null;
        }
        return hull;
    }

    public void Dispose() => _carver.Dispose();
}
