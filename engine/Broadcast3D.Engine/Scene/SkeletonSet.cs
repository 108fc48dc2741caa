using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Scene;

/// <summary>
/// The 3D people of one capture instant: a reusable slot handed from the tracking worker to the channel thread
/// through a <see cref="Core.Threading.TripleBuffer{T}"/>. Joints are world metres (Z up) in
/// <see cref="Definition"/>'s keypoint order, laid out [person][keypoint][x, y, z]; a missing joint is NaN.
/// Capacity is fixed at construction so publishing never allocates. Not thread-safe (one owner at a time).
/// </summary>
public sealed class SkeletonSet
{
    public SkeletonSet(SkeletonDefinition definition, int maxPersons)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPersons, 1);
        Definition = definition;
        MaxPersons = maxPersons;
        PersonIds = new int[maxPersons];
        Joints = new float[maxPersons * definition.KeypointCount * 3];
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
    }
}
