using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.Masks;
namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// The people found in one camera's frame: per person a track id (stable while tracked), a box, the pose score and
/// the keypoints in image pixels in the estimator's <see cref="Skeleton"/>, and the person mask where the estimator
/// gives one (BlazePose). Owned and reused by the pipeline: valid until its next <see cref="Pose2DPipeline.Process"/>
/// call. A bus fusion node builds its own from the messages of the camera nodes (<see cref="Clear"/>,
/// <see cref="Add"/>; no masks: the bus carries keypoints, not pictures). Not thread-safe.
/// </summary>
public sealed class CameraPoses
{
    private readonly Keypoint[] _keypoints;
    private readonly PersonBox[] _boxes;
    private readonly int[] _trackIds;
    private readonly PersonMask?[] _masks;

    /// <summary>Room for <paramref name="maxPeople"/> people of <paramref name="keypointCount"/> keypoints in <paramref name="skeleton"/>'s layout.</summary>
    public CameraPoses(int maxPeople, SkeletonDefinition skeleton, int keypointCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeople, 1);
        ArgumentNullException.ThrowIfNull(skeleton);
        Skeleton = skeleton;
        KeypointCount = keypointCount;
        _keypoints = new Keypoint[maxPeople * keypointCount];
        _boxes = new PersonBox[maxPeople];
        _trackIds = new int[maxPeople];
        _masks = new PersonMask?[maxPeople];
    }

    /// <summary>Keypoint layout.</summary>
    public SkeletonDefinition Skeleton { get; }

    /// <summary>Keypoints per person.</summary>
    public int KeypointCount { get; }

    /// <summary>People in this frame.</summary>
    public int Count { get; private set; }

    /// <summary>Track id of person <paramref name="person"/>, unique within the camera.</summary>
    public int TrackId(int person) => _trackIds[Check(person)];

    /// <summary>Box enclosing the person's keypoints; <see cref="PersonBox.Score"/> is the pose model's person score.</summary>
    public PersonBox Box(int person) => _boxes[Check(person)];

    /// <summary>Keypoints of person <paramref name="person"/>.</summary>
    public ReadOnlySpan<Keypoint> Keypoints(int person) => _keypoints.AsSpan(Check(person) * KeypointCount, KeypointCount);

    /// <summary>
    /// The silhouette of person <paramref name="person"/> in this camera's picture, or null when the pose model
    /// gives no masks. Pooled by the pipeline: valid until its next <see cref="Pose2DPipeline.Process"/>.
    /// </summary>
    public PersonMask? Mask(int person) => _masks[Check(person)];

    /// <summary>Most people it holds.</summary>
    public int Capacity => _boxes.Length;

    /// <summary>Empties it for the next frame.</summary>
    public void Clear() => Count = 0;

    /// <summary>
    /// Appends a person (with its mask, or null when there is none). Throws <see cref="InvalidOperationException"/>
    /// when full and <see cref="ArgumentException"/> when <paramref name="keypoints"/> is not <see cref="KeypointCount"/> long.
    /// </summary>
    public void Add(int trackId, in PersonBox box, ReadOnlySpan<Keypoint> keypoints, PersonMask? mask = null)
    {
        if (Count == _boxes.Length)
            throw new InvalidOperationException($"{_boxes.Length} people already: no room for another");
        if (keypoints.Length != KeypointCount)
            throw new ArgumentException($"{keypoints.Length} keypoints for a layout of {KeypointCount}", nameof(keypoints));
        _trackIds[Count] = trackId;
        _masks[Count] = mask;
        _boxes[Count] = box;
        keypoints.CopyTo(_keypoints.AsSpan(Count * KeypointCount, KeypointCount));
        Count++;
    }

    private int Check(int person) =>
        (uint)person < (uint)Count ? person : throw new ArgumentOutOfRangeException(nameof(person), $"person {person} of {Count}");
}
