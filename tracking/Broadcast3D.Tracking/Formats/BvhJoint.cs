using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// A joint of a BVH hierarchy: its offset from the parent in the parent's rest frame (file units), its channels in
/// file order (<c>Xposition</c>…<c>Zrotation</c>) and the first index of its channels in a motion row. A joint with an
/// <see cref="EndSite"/> ends a chain. Not thread-safe for writes.
/// </summary>
public sealed class BvhJoint
{
    /// <summary>Creates a joint.</summary>
    public BvhJoint(string name, Vector3d offset, IReadOnlyList<string> channels, BvhJoint? parent)
    {
        Name = name;
        Offset = offset;
        Channels = [.. channels];
        Parent = parent;
    }

    /// <summary>Joint name.</summary>
    public string Name { get; }

    /// <summary>Offset from the parent joint in the parent's frame, file units.</summary>
    public Vector3d Offset { get; }

    /// <summary>Channel names in file order.</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>The parent joint; null for the root.</summary>
    public BvhJoint? Parent { get; }

    /// <summary>Children in file order.</summary>
    public List<BvhJoint> Children { get; } = [];

    /// <summary>End Site offset, or null.</summary>
    public Vector3d? EndSite { get; set; }

    /// <summary>Index of this joint's first channel in a motion row.</summary>
    public int ChannelStart { get; set; }
}
