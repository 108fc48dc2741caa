namespace Broadcast3D.Core.Skeletons;

/// <summary>
/// A 2D/3D keypoint layout: the keypoint names in model output order and the bones drawn between them.
/// Keypoint names follow Pose2Sim's <c>skeletons.py</c> convention (<c>LShoulder</c>, <c>RBigToe</c>, …) so that
/// the same name means the same body point in every layout and layouts can be mapped by name
/// (<see cref="SkeletonMapping"/>). Immutable and thread-safe.
/// </summary>
public sealed class SkeletonDefinition
{
    private readonly Dictionary<string, int> _indexByName;

    /// <summary>Creates a layout.</summary>
    /// <param name="name">Layout name (e.g. <c>BODY_25B</c>).</param>
    /// <param name="keypointNames">Names in model output order; unique.</param>
    /// <param name="bones">Pairs of keypoint names joined by a bone (for drawing and bone-length checks).</param>
    /// <exception cref="ArgumentException">Duplicate keypoint name, or a bone naming an unknown keypoint.</exception>
    public SkeletonDefinition(string name, IReadOnlyList<string> keypointNames, IReadOnlyList<(string From, string To)> bones)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(keypointNames);
        ArgumentNullException.ThrowIfNull(bones);
        Name = name;
        KeypointNames = [.. keypointNames];
        _indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < keypointNames.Count; i++)
        {
            if (!_indexByName.TryAdd(keypointNames[i], i))
            {
                throw new ArgumentException($"Skeleton {name}: keypoint '{keypointNames[i]}' appears twice.", nameof(keypointNames));
            }
        }

        var boneIndices = new (int From, int To)[bones.Count];
        for (int i = 0; i < bones.Count; i++)
        {
            boneIndices[i] = (Require(bones[i].From), Require(bones[i].To));
        }

        Bones = boneIndices;
    }

    /// <summary>Layout name.</summary>
    public string Name { get; }

    /// <summary>Keypoint names in model output order.</summary>
    public IReadOnlyList<string> KeypointNames { get; }

    /// <summary>Number of keypoints.</summary>
    public int KeypointCount => KeypointNames.Count;

    /// <summary>Bones as pairs of keypoint indices.</summary>
    public IReadOnlyList<(int From, int To)> Bones { get; }

    /// <summary>Index of the keypoint called <paramref name="keypointName"/> (ordinal), or −1.</summary>
    public int IndexOf(string keypointName) => _indexByName.TryGetValue(keypointName, out int index) ? index : -1;

    /// <summary>Index of the keypoint called <paramref name="keypointName"/>.</summary>
    /// <exception cref="ArgumentException">No keypoint has that name.</exception>
    public int Require(string keypointName) => IndexOf(keypointName) is var index and >= 0
        ? index
        : throw new ArgumentException($"Skeleton {Name} has no keypoint '{keypointName}'.", nameof(keypointName));

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({KeypointCount} keypoints)";
}
