using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Engine.Scene;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// Which parts of a camera's picture are blurred (issue #21). Each detected person's box is given to the 3D
/// person whose reprojected markers mostly fall inside it (none: a person not tracked in 3D, e.g. seen by one camera
/// only); then, by <see cref="BlurMode"/>: <c>untracked</c> blurs every box whose person is not linked to an
/// identity that consented to broadcast, <c>unconsented</c> only those linked to one that did not, <c>none</c>
/// nothing. A 3D person to blur whom no box covers (the detector missed them this frame) is blurred by the
/// rectangle around their reprojected markers. Regions are padded by <see cref="PaddingFraction"/> of their size:
/// detector boxes are tight and hair, hands and shadows reach past them. A box with the pose model's mask
/// (<see cref="MaskShape"/>) is blurred by the mask's slices instead, dilated as that type states. Buffers are sized at construction and
/// nothing is allocated per call; one instance per view, on the channel thread.
/// </summary>
public sealed class BlurRegions
{
    /// <summary>Padding on each side, as a fraction of the box's width and height.</summary>
    public const float PaddingFraction = 0.1f;

    // A box belongs to a 3D person when at least this share of the person's reprojected markers fall inside it.
    private const double OwnerShare = 0.5;

    private readonly BlurMode _mode;
    private readonly ConsentRegistry _registry;
    private readonly Vector4[] _regions;
    private readonly bool[] _covered;
    private readonly Vector4[] _projected;
    private readonly int[] _projectedCounts;

    /// <summary>Regions for <paramref name="mode"/> by <paramref name="registry"/>'s links; at most <paramref name="maxRegions"/> per picture.</summary>
    public BlurRegions(BlurMode mode, ConsentRegistry registry, int maxPeople = 16, int maxRegions = 32)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _mode = mode;
        _registry = registry;
        _regions = new Vector4[maxRegions];
        _covered = new bool[maxPeople];
        _projected = new Vector4[maxPeople];
        _projectedCounts = new int[maxPeople];
    }

    /// <summary>Pictures so far with at least one region blurred.</summary>
    public long PicturesBlurred { get; private set; }

    /// <summary>Regions blurred so far.</summary>
    public long RegionsBlurred { get; private set; }

    /// <summary>
    /// The regions (x, y, width, height in the camera's pixels) to blur in a picture of <paramref name="camera"/>
    /// showing the detections <paramref name="boxes"/> and the 3D <paramref name="people"/> (world metres, Z up; may
    /// be null: nobody tracked). <paramref name="shapes"/>: each box's <see cref="MaskShape"/>
    /// (<see cref="MaskShape.Floats"/> per box, all NaN where the pose model gave no mask; empty: none at all): a
    /// person with a shape is blurred by its slices, one without by the padded box. Valid until the next call.
    /// </summary>
    public ReadOnlySpan<Vector4> Select(Camera camera, ReadOnlySpan<Vector4> boxes, SkeletonSet? people, ReadOnlySpan<float> shapes = default)
    {
        ArgumentNullException.ThrowIfNull(camera);
        if (_mode == BlurMode.None)
            return [];
        int persons = people is null ? 0 : Math.Min(people.Count, _covered.Length);
        for (int p = 0; p < persons; p++)
        {
            _covered[p] = false;
            Project(camera, people!, p);
        }
        int n = 0;
        for (int i = 0; i < boxes.Length; i++)
        {
            Vector4 box = boxes[i];
            int owner = Owner(camera, box, people, persons);
            if (owner >= 0)
                _covered[owner] = true;
            if (!Blurred(owner < 0 ? null : people!.PersonIds[owner]) || n == _regions.Length)
                continue;
            ReadOnlySpan<float> shape = shapes.Length >= (i + 1) * MaskShape.Floats ? shapes.Slice(i * MaskShape.Floats, MaskShape.Floats) : default;
            if (MaskShape.IsMeasured(shape))
                n += MaskShape.Regions(shape, _regions.AsSpan(n));
            else
                _regions[n++] = Pad(box);
        }
        for (int p = 0; p < persons; p++)
        {
            if (!_covered[p] && _projectedCounts[p] > 0 && Blurred(people!.PersonIds[p]) && n < _regions.Length)
                _regions[n++] = Pad(_projected[p]);
        }
        if (n > 0)
        {
            PicturesBlurred++;
            RegionsBlurred += n;
        }
        return _regions.AsSpan(0, n);
    }

    private bool Blurred(int? trackId) => _mode switch
    {
        BlurMode.Untracked => trackId is not { } id || !_registry.Consented(id, Consents.Broadcast),
        BlurMode.Unconsented => trackId is { } id && _registry.Refused(id, Consents.Broadcast),
        _ => false,
    };

    private int Owner(Camera camera, Vector4 box, SkeletonSet? people, int persons)
    {
        int best = -1, bestInside = 0;
        for (int p = 0; p < persons; p++)
        {
            if (_projectedCounts[p] == 0)
                continue;
            int inside = 0;
            ReadOnlySpan<float> joints = people!.PersonJoints(p);
            for (int j = 0; j + 2 < joints.Length; j += 3)
            {
                if (float.IsNaN(joints[j]) || !InFront(camera, joints, j))
                    continue;
                (double u, double v) = camera.Project(new Vector3d(joints[j], joints[j + 1], joints[j + 2]));
                if (u >= box.X && u <= box.X + box.Z && v >= box.Y && v <= box.Y + box.W)
                    inside++;
            }
            if (inside >= OwnerShare * _projectedCounts[p] && inside > bestInside)
                (best, bestInside) = (p, inside);
        }
        return best;
    }

    private void Project(Camera camera, SkeletonSet people, int p)
    {
        float x0 = float.MaxValue, y0 = float.MaxValue, x1 = float.MinValue, y1 = float.MinValue;
        int count = 0;
        ReadOnlySpan<float> joints = people.PersonJoints(p);
        for (int j = 0; j + 2 < joints.Length; j += 3)
        {
            if (float.IsNaN(joints[j]) || !InFront(camera, joints, j))
                continue;
            (double u, double v) = camera.Project(new Vector3d(joints[j], joints[j + 1], joints[j + 2]));
            x0 = MathF.Min(x0, (float)u);
            y0 = MathF.Min(y0, (float)v);
            x1 = MathF.Max(x1, (float)u);
            y1 = MathF.Max(y1, (float)v);
            count++;
        }
        _projectedCounts[p] = count;
        _projected[p] = count == 0 ? default : new Vector4(x0, y0, x1 - x0, y1 - y0);
    }

    private static bool InFront(Camera camera, ReadOnlySpan<float> joints, int j) =>
        camera.WorldToCamera(new Vector3d(joints[j], joints[j + 1], joints[j + 2])).Z > 0;

    private static Vector4 Pad(Vector4 box)
    {
        float dx = box.Z * PaddingFraction, dy = box.W * PaddingFraction;
        return new Vector4(box.X - dx, box.Y - dy, box.Z + 2 * dx, box.W + 2 * dy);
    }
}
