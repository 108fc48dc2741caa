using System.Collections.ObjectModel;

namespace Broadcast3D.Plugins;

/// <summary>
/// The joints every <see cref="ScenePerson"/> has, in order, and the bones between them (joint index pairs), e.g.
/// the Pose2Sim body markers (Hip, RHip, ..., Head). Immutable; look indices up once (<see cref="IndexOf"/>), not per frame.
/// </summary>
public sealed class SceneSkeleton
{
    /// <summary>A skeleton of <paramref name="jointNames"/> joined by <paramref name="bones"/>.</summary>
    /// <exception cref="ArgumentException">A bone names a joint index out of range.</exception>
    public SceneSkeleton(IReadOnlyList<string> jointNames, IReadOnlyList<(int From, int To)> bones)
    {
        ArgumentNullException.ThrowIfNull(jointNames);
        ArgumentNullException.ThrowIfNull(bones);
        foreach ((int from, int to) in bones)
        {
            if ((uint)from >= (uint)jointNames.Count || (uint)to >= (uint)jointNames.Count)
                throw new ArgumentException($"bone ({from}, {to}) joins a joint outside 0–{jointNames.Count - 1}", nameof(bones));
        }
        JointNames = new ReadOnlyCollection<string>([.. jointNames]);
        Bones = new ReadOnlyCollection<(int From, int To)>([.. bones]);
    }

    /// <summary>Joint names, in the order of <see cref="ScenePerson.Joints"/>.</summary>
    public IReadOnlyList<string> JointNames { get; }

    /// <summary>Bones as pairs of joint indices.</summary>
    public IReadOnlyList<(int From, int To)> Bones { get; }

    /// <summary>The index of joint <paramref name="name"/> (ordinal, case-sensitive), or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < JointNames.Count; i++)
        {
            if (string.Equals(JointNames[i], name, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }

    /// <summary>The index of joint <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such joint (names the joints there are).</exception>
    public int Require(string name) => IndexOf(name) is var i and >= 0
        ? i
        : throw new ArgumentException($"the skeleton has no joint '{name}' (it has {string.Join(", ", JointNames)})", nameof(name));
}
