using System.Collections.ObjectModel;
using System.Numerics;

namespace Broadcast3D.Plugins;

/// <summary>
/// A previous attempt's recorded 3D, read-only (SDK 1.1): the joints of one person at each recorded time, world metres,
/// Z up, NaN components for a joint not seen, with their names (matched to <see cref="SceneSkeleton.JointNames"/> by
/// name). A plugin gets one from its settings (<see cref="PluginSettings.Attempt"/>: a TRC file, Pose2Sim's or
/// a Broadcast3D export) or builds one itself. Immutable and thread-safe once built; the data are copied.
/// </summary>
public sealed class RecordedAttempt
{
    private readonly double[] _seconds;
    private readonly Vector3[] _joints;

    /// <summary>
    /// An attempt of <paramref name="jointNames"/> recorded at <paramref name="seconds"/> (strictly increasing), the
    /// joints of frame f at <c>joints[f * jointNames.Count ..]</c>.
    /// </summary>
    /// <param name="source">Where it comes from (a file path), for messages.</param>
    /// <param name="jointNames">Joint names, in the order of each frame's joints.</param>
    /// <param name="seconds">Each frame's time, seconds (any origin), strictly increasing.</param>
    /// <param name="joints">Frames × joints positions, world metres, Z up.</param>
    /// <exception cref="ArgumentException">No frame or joint, times not strictly increasing or not finite, or the joints do not fill frames × joints.</exception>
    public RecordedAttempt(string source, IReadOnlyList<string> jointNames, ReadOnlySpan<double> seconds, ReadOnlySpan<Vector3> joints)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(jointNames);
        if (jointNames.Count == 0 || seconds.Length == 0)
            throw new ArgumentException($"{source}: a recorded attempt needs at least one joint and one frame", nameof(seconds));
        if (joints.Length != seconds.Length * jointNames.Count)
            throw new ArgumentException($"{source}: {seconds.Length} frames of {jointNames.Count} joints are {seconds.Length * jointNames.Count} positions, not {joints.Length}", nameof(joints));
        for (int f = 0; f < seconds.Length; f++)
        {
            if (!double.IsFinite(seconds[f]) || (f > 0 && seconds[f] <= seconds[f - 1]))
                throw new ArgumentException($"{source}: frame {f}'s time {seconds[f]} s is not finite or not after the previous frame's", nameof(seconds));
        }
        Source = source;
        JointNames = new ReadOnlyCollection<string>([.. jointNames]);
        _seconds = seconds.ToArray();
        _joints = joints.ToArray();
    }

    /// <summary>Where the attempt was read from.</summary>
    public string Source { get; }

    /// <summary>Joint names, in the order of <see cref="Frame"/>'s joints.</summary>
    public IReadOnlyList<string> JointNames { get; }

    /// <summary>Frames recorded.</summary>
    public int FrameCount => _seconds.Length;

    /// <summary>Time of the first frame, seconds.</summary>
    public double StartSeconds => _seconds[0];

    /// <summary>Time of the last frame, seconds.</summary>
    public double EndSeconds => _seconds[^1];

    /// <summary>Frame <paramref name="index"/>'s time, seconds.</summary>
    public double SecondsOf(int index) => _seconds[index];

    /// <summary>The joints of frame <paramref name="index"/>, world metres.</summary>
    public ReadOnlySpan<Vector3> Frame(int index) => _joints.AsSpan(index * JointNames.Count, JointNames.Count);

    /// <summary>The index of joint <paramref name="name"/> (ordinal), or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < JointNames.Count; i++)
        {
            if (string.Equals(JointNames[i], name, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }

    /// <summary>
    /// The joints at <paramref name="seconds"/> into <paramref name="joints"/> (one per <see cref="JointNames"/>),
    /// linear between the frames around it; false (and nothing written) outside the recording. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="joints"/> is shorter than the joint count.</exception>
    public bool Sample(double seconds, Span<Vector3> joints)
    {
        int n = JointNames.Count;
        if (joints.Length < n)
            throw new ArgumentException($"room for {joints.Length} joints, the attempt has {n}", nameof(joints));
        if (!(seconds >= _seconds[0] && seconds <= _seconds[^1]))
            return false;
        int after = Array.BinarySearch(_seconds, seconds);
        if (after >= 0)
        {
            Frame(after).CopyTo(joints);
            return true;
        }
        after = ~after;
        int before = after - 1;
        float t = (float)((seconds - _seconds[before]) / (_seconds[after] - _seconds[before]));
        ReadOnlySpan<Vector3> a = Frame(before), b = Frame(after);
        for (int j = 0; j < n; j++)
            joints[j] = Vector3.Lerp(a[j], b[j], t);
        return true;
    }
}
