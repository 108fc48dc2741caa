namespace Broadcast3D.Core.Skeletons;

/// <summary>
/// Maps keypoints of one layout onto another by name: <see cref="SourceIndex"/>[i] is the index in
/// <see cref="Source"/> of target keypoint i, or −1 when the source layout has no such point. Immutable.
/// </summary>
public sealed class SkeletonMapping
{
    private readonly int[] _sourceIndex;

    /// <summary>Builds the name-based mapping from <paramref name="source"/> to <paramref name="target"/>.</summary>
    public SkeletonMapping(SkeletonDefinition source, SkeletonDefinition target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        Source = source;
        Target = target;
        _sourceIndex = new int[target.KeypointCount];
        for (int i = 0; i < target.KeypointCount; i++)
        {
            _sourceIndex[i] = source.IndexOf(target.KeypointNames[i]);
        }
    }

    /// <summary>The layout keypoints come from.</summary>
    public SkeletonDefinition Source { get; }

    /// <summary>The layout keypoints go to.</summary>
    public SkeletonDefinition Target { get; }

    /// <summary>For each target keypoint, its index in the source layout or −1.</summary>
    public IReadOnlyList<int> SourceIndex => _sourceIndex;

    /// <summary>
    /// Copies per-keypoint records of <paramref name="stride"/> values (e.g. 3 for x, y, confidence) from a source
    /// array into a target array; target keypoints without a source get <paramref name="missing"/> in every slot.
    /// </summary>
    /// <exception cref="ArgumentException">Spans too short for the layouts and stride.</exception>
    public void Apply(ReadOnlySpan<double> source, Span<double> target, int stride, double missing = 0.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (source.Length < Source.KeypointCount * stride || target.Length < Target.KeypointCount * stride)
        {
            throw new ArgumentException(
                $"Mapping {Source.Name}→{Target.Name} needs {Source.KeypointCount * stride} source and " +
                $"{Target.KeypointCount * stride} target values.", nameof(source));
        }

        for (int i = 0; i < _sourceIndex.Length; i++)
        {
            Span<double> to = target.Slice(i * stride, stride);
            if (_sourceIndex[i] < 0)
            {
                to.Fill(missing);
            }
            else
            {
                source.Slice(_sourceIndex[i] * stride, stride).CopyTo(to);
            }
        }
    }
}
