using System.Numerics;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// Every person the detector found, per frame set and camera: their boxes (x, y, width, height in the camera's
/// pixels), kept by the offline run's tracking pass for the picture pass, which blurs the ones no consenting
/// identity is linked to (<see cref="BlurRegions"/>). Sized at construction; not thread-safe.
/// </summary>
public sealed class PersonBoxes
{
    private readonly Vector4[] _boxes;
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
        _counts = new int[frames * cameras];
    }

    /// <summary>Frame sets held.</summary>
    public int Frames { get; }

    /// <summary>Cameras per frame set.</summary>
    public int Cameras { get; }

    /// <summary>Most people kept per camera and frame set (the detector's best first).</summary>
    public int MaxPerCamera { get; }

    /// <summary>Keeps the boxes of <paramref name="poses"/> (one camera's people) for frame set <paramref name="frame"/>.</summary>
    public void Store(int frame, int camera, CameraPoses poses)
    {
        ArgumentNullException.ThrowIfNull(poses);
        int slot = Slot(frame, camera);
        int n = Math.Min(poses.Count, MaxPerCamera);
        for (int p = 0; p < n; p++)
        {
            PersonBox b = poses.Box(p);
            _boxes[slot * MaxPerCamera + p] = new Vector4(b.X1, b.Y1, b.Width, b.Height);
        }
        _counts[slot] = n;
    }

    /// <summary>The boxes of frame set <paramref name="frame"/> in <paramref name="camera"/> (x, y, width, height, pixels).</summary>
    public ReadOnlySpan<Vector4> Boxes(int frame, int camera)
    {
        int slot = Slot(frame, camera);
        return _boxes.AsSpan(slot * MaxPerCamera, _counts[slot]);
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
