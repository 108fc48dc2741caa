using System.Numerics;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// Every person the detector found, per frame set and camera: their boxes (x, y, width, height in the camera's
/// pixels) and, where the pose model gave a person mask (BlazePose), its <see cref="MaskShape"/>, kept by the
/// offline run's tracking pass for the picture pass, which blurs the ones no consenting identity is linked to
/// (<see cref="BlurRegions"/>) by the mask's slices where there is one, as the live programme does, else by the
/// padded box. The mask itself is the pose pipeline's and overwritten at its next frame set, hence the shape.
/// Sized at construction; not thread-safe.
/// </summary>
public sealed class PersonBoxes
{
    private readonly Vector4[] _boxes;
    private readonly float[] _shapes;
    private readonly int[] _counts;

    /// <summary>Room for <paramref name="frames"/> frame sets of <paramref name="cameras"/> cameras, at most <paramref name="maxPerCamera"/> people each.</summary>
    public PersonBoxes(int frames, int cameras, int maxPerCamera = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(cameras, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerCamera, 1);
        Frames = frames;
        Cameras = cameras;
        MaxPerCamera = maxPerCamera;
        _boxes = new Vector4[frames * cameras * maxPerCamera];
        _shapes = new float[_boxes.Length * MaskShape.Floats];
        _counts = new int[frames * cameras];
    }

    /// <summary>Frame sets held.</summary>
    public int Frames { get; }

    /// <summary>Cameras per frame set.</summary>
    public int Cameras { get; }

    /// <summary>Most people kept per camera and frame set (the detector's best first).</summary>
    public int MaxPerCamera { get; }

    /// <summary>Keeps the boxes of <paramref name="poses"/> (one camera's people) and their masks' shapes for frame set <paramref name="frame"/>.</summary>
    public void Store(int frame, int camera, CameraPoses poses)
    {
        ArgumentNullException.ThrowIfNull(poses);
        int slot = Slot(frame, camera);
        int n = Math.Min(poses.Count, MaxPerCamera);
        for (int p = 0; p < n; p++)
        {
            PersonBox b = poses.Box(p);
            var box = new Vector4(b.X1, b.Y1, b.Width, b.Height);
            int at = slot * MaxPerCamera + p;
            _boxes[at] = box;
            Span<float> shape = _shapes.AsSpan(at * MaskShape.Floats, MaskShape.Floats);
            // All NaN where the pose model gave no mask (or an empty one): the box stands for the person.
            if (poses.Mask(p) is not { } mask || !MaskShape.Measure(mask, box, shape))
                shape.Fill(float.NaN);
        }
        _counts[slot] = n;
    }

    /// <summary>The boxes of frame set <paramref name="frame"/> in <paramref name="camera"/> (x, y, width, height, pixels).</summary>
    public ReadOnlySpan<Vector4> Boxes(int frame, int camera)
    {
        int slot = Slot(frame, camera);
        return _boxes.AsSpan(slot * MaxPerCamera, _counts[slot]);
    }

    /// <summary>
    /// The mask shapes of <see cref="Boxes"/> of the same frame set and camera (<see cref="MaskShape.Floats"/> per box,
    /// all NaN for a box without a mask), as <see cref="BlurRegions.Select"/> takes them.
    /// </summary>
    public ReadOnlySpan<float> Shapes(int frame, int camera)
    {
        int slot = Slot(frame, camera);
        return _shapes.AsSpan(slot * MaxPerCamera * MaskShape.Floats, _counts[slot] * MaskShape.Floats);
    }

    private int Slot(int frame, int camera)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, Frames);
        ArgumentOutOfRangeException.ThrowIfNegative(camera);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(camera, Cameras);
        return frame * Cameras + camera;
    }
}
