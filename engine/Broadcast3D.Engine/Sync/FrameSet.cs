using System.Text;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Sync;

/// <summary>
/// The frames of all cameras for one instant. Owned by <see cref="CameraSync"/> and valid until its next
/// <see cref="CameraSync.TryNext"/> call or dispose: copy pixels to keep them longer. Not thread-safe.
/// </summary>
public sealed class FrameSet
{
    private readonly FrameSlot[] _slots;
    private readonly string[] _cameraIds;

    internal FrameSet(string[] cameraIds)
    {
        _cameraIds = cameraIds;
        _slots = new FrameSlot[cameraIds.Length];
    }

    /// <summary>0-based index of this set at the sync rate.</summary>
    public long Index { get; internal set; }

    /// <summary>The instant in seconds (Index / sync rate), exact.</summary>
    public Rational Time { get; internal set; }

    /// <summary>
    /// Timeline segment of the set: the sum over its cameras of the segment of each one's newest frame
    /// (<see cref="Broadcast3D.Media.Ingest.CameraFrame.Segment"/>). It goes up whenever any camera's source starts over (a loop,
    /// a reconnect), never down: two sets of different segments show pictures that do not continue each other.
    /// </summary>
    public long Segment { get; internal set; }

    /// <summary>Number of cameras in the rig.</summary>
    public int CameraCount => _slots.Length;

    /// <summary>Camera <paramref name="camera"/>'s entry.</summary>
    public FrameSlot this[int camera] => _slots[camera];

    /// <summary>Name of camera <paramref name="camera"/>.</summary>
    public string CameraId(int camera) => _cameraIds[camera];

    /// <summary>True when every camera has a frame.</summary>
    public bool IsComplete
    {
        get
        {
            foreach (FrameSlot s in _slots)
            {
                if (s.Frame is null)
                    return false;
            }
            return true;
        }
    }

    /// <summary>Cameras without a frame and why, e.g. "cam02 stalled, cam04 ended"; "" when complete.</summary>
    public string DescribeMissing()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Frame is not null)
                continue;
            if (sb.Length > 0)
                sb.Append(", ");
            sb.Append(_cameraIds[i]).Append(' ').Append(_slots[i].Status.ToString().ToLowerInvariant());
        }
        return sb.ToString();
    }

    internal void Set(int camera, FrameSlot slot) => _slots[camera] = slot;
}
