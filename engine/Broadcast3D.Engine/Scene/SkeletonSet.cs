using System.Numerics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Scene;

/// <summary>
/// The 3D people of one capture instant: a reusable slot handed from the tracking worker to the channel thread
/// through a <see cref="Core.Threading.TripleBuffer{T}"/>. Joints are world metres (Z up) in
/// <see cref="Definition"/>'s keypoint order, laid out [person][keypoint][x, y, z]; a missing joint is NaN.
/// Live, it also carries every camera's 2D person boxes of the frame set (<see cref="AddBox"/>), tracked in 3D or
/// not: the privacy blur covers people seen by one camera only, whom no 3D person stands for (issue #21).
/// Capacity is fixed at construction so publishing never allocates. Not thread-safe (one owner at a time).
/// </summary>
public sealed class SkeletonSet
{
    private readonly Vector4[] _boxes;
    private readonly int[] _boxCameras;
    private readonly float[] _shapes;

    /// <param name="definition">The joints' skeleton.</param>
    /// <param name="maxPersons">Most 3D people held.</param>
    /// <param name="maxBoxes">Most 2D person boxes held over all cameras (0: none, the set carries 3D people only).</param>
    public SkeletonSet(SkeletonDefinition definition, int maxPersons, int maxBoxes = 0)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPersons, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBoxes);
        Definition = definition;
        MaxPersons = maxPersons;
        PersonIds = new int[maxPersons];
        Joints = new float[maxPersons * definition.KeypointCount * 3];
        _boxes = new Vector4[maxBoxes];
        _boxCameras = new int[maxBoxes];
        _shapes = new float[maxBoxes * ShapeFloats];
    }

    /// <summary>Floats of a box's shape (<see cref="AddBox"/>): the person's mask as <see cref="Privacy.MaskShape"/> measures it.</summary>
    public const int ShapeFloats = Privacy.MaskShape.Floats;

    /// <summary>Most 2D person boxes held (all cameras together).</summary>
    public int MaxBoxes => _boxes.Length;

    /// <summary>2D person boxes held (all cameras together).</summary>
    public int BoxCount { get; private set; }

    /// <summary>Forgets every 2D box.</summary>
    public void ClearBoxes() => BoxCount = 0;

    /// <summary>
    /// Adds a person's box (x, y, width, height, pixels) seen by camera <paramref name="camera"/> (index in the
    /// pipeline's camera order), with the person's shape where the pose model gave a mask (<see cref="ShapeFloats"/>
    /// values, <see cref="Privacy.MaskShape"/>; empty: none, the box stands for the person); false when the set is
    /// full (the box is dropped).
    /// </summary>
    public bool AddBox(int camera, Vector4 box, ReadOnlySpan<float> shape = default)
    {
        if (BoxCount == _boxes.Length)
            return false;
        Span<float> slot = _shapes.AsSpan(BoxCount * ShapeFloats, ShapeFloats);
        if (shape.IsEmpty)
            slot.Fill(float.NaN);
        else
            shape[..ShapeFloats].CopyTo(slot);
        _boxes[BoxCount] = box;
        _boxCameras[BoxCount++] = camera;
        return true;
    }

    /// <summary>Copies camera <paramref name="camera"/>'s boxes into <paramref name="destination"/> (as many as fit); returns how many.</summary>
    public int BoxesOf(int camera, Span<Vector4> destination) => BoxesOf(camera, destination, default);

    /// <summary>
    /// Copies camera <paramref name="camera"/>'s boxes into <paramref name="destination"/> and, when
    /// <paramref name="shapes"/> is not empty, their shapes (<see cref="ShapeFloats"/> each, all NaN for a box
    /// without one) into it; returns how many.
    /// </summary>
    public int BoxesOf(int camera, Span<Vector4> destination, Span<float> shapes)
    {
        int n = 0;
        for (int i = 0; i < BoxCount && n < destination.Length && (shapes.IsEmpty || (n + 1) * ShapeFloats <= shapes.Length); i++)
        {
            if (_boxCameras[i] != camera)
                continue;
            if (!shapes.IsEmpty)
                _shapes.AsSpan(i * ShapeFloats, ShapeFloats).CopyTo(shapes[(n * ShapeFloats)..]);
            destination[n++] = _boxes[i];
        }
        return n;
    }

    public SkeletonDefinition Definition { get; }

    public int MaxPersons { get; }

    /// <summary>Capture time of the frame set the skeletons come from, seconds on the pipeline's time line.</summary>
    public Rational Time { get; set; }

    /// <summary>
    /// Timeline segment of the frame set (<see cref="Sync.FrameSet.Segment"/>): sets of different segments are never
    /// interpolated into each other. 0 offline.
    /// </summary>
    public long Segment { get; set; }

    /// <summary>
    /// <see cref="System.Diagnostics.Stopwatch"/> ticks when the frame set was handed to tracking (live), from which
    /// the tracking latency is measured when the result reaches the channel; 0 when not measured (offline).
    /// </summary>
    public long IngestTimestamp { get; set; }

    /// <summary>Number of valid persons (the first <see cref="Count"/> entries).</summary>
    public int Count { get; set; }

    /// <summary>Stable track id per person (see the person tracker), same order as the joints.</summary>
    public int[] PersonIds { get; }

    /// <summary>[person][keypoint][x, y, z] metres; NaN where a joint is missing.</summary>
    public float[] Joints { get; }

    /// <summary>Floats per person.</summary>
    public int Stride => Definition.KeypointCount * 3;

    /// <summary>The joints of person slot <paramref name="index"/>.</summary>
    public Span<float> PersonJoints(int index) => Joints.AsSpan(index * Stride, Stride);

    /// <summary>Copies everything from <paramref name="other"/> (same definition and capacity).</summary>
    public void CopyFrom(SkeletonSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Definition != Definition || other.MaxPersons != MaxPersons)
            throw new ArgumentException("skeleton sets differ in definition or capacity", nameof(other));
        Time = other.Time;
        Segment = other.Segment;
        IngestTimestamp = other.IngestTimestamp;
        Count = other.Count;
        other.PersonIds.AsSpan(0, other.Count).CopyTo(PersonIds);
        other.Joints.AsSpan(0, other.Count * Stride).CopyTo(Joints);
        // Boxes up to this set's capacity: a set made without room for them carries the 3D people only.
        BoxCount = Math.Min(other.BoxCount, _boxes.Length);
        other._boxes.AsSpan(0, BoxCount).CopyTo(_boxes);
        other._boxCameras.AsSpan(0, BoxCount).CopyTo(_boxCameras);
        other._shapes.AsSpan(0, BoxCount * ShapeFloats).CopyTo(_shapes);
    }

    /// <summary>Adds <paramref name="other"/>'s boxes to this set's (as many as fit).</summary>
    public void AddBoxesOf(SkeletonSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < other.BoxCount; i++)
        {
            if (!AddBox(other._boxCameras[i], other._boxes[i], other._shapes.AsSpan(i * ShapeFloats, ShapeFloats)))
                return;
        }
    }
}
