using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// A BVH motion: the hierarchy (<see cref="Joints"/> in file order, root first) and one row of channel values per
/// frame (<see cref="Motion"/>, <c>frame·ChannelCount + channel</c>; positions in file units, rotations in degrees).
/// A joint's local rotation is the product of its rotation channels in file order (each about the parent-frame axis
/// it names), so <c>Zrotation Xrotation Yrotation</c> means R = Rz·Rx·Ry. Forward kinematics: world(j) =
/// world(parent)·[R(j) | offset(j) + position channels(j)]. Owns its arrays; not thread-safe for writes.
/// </summary>
public sealed class BvhData
{
    /// <summary>Creates a motion; <paramref name="motion"/> is taken, not copied.</summary>
    /// <exception cref="ArgumentException">Motion length not a whole number of rows.</exception>
    public BvhData(BvhJoint root, double frameTimeSeconds, double[] motion)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(motion);
        var joints = new List<BvhJoint>();
        int channels = 0;
        void Visit(BvhJoint j)
        {
            j.ChannelStart = channels;
            channels += j.Channels.Count;
            joints.Add(j);
            foreach (BvhJoint c in j.Children)
            {
                Visit(c);
            }
        }

        Visit(root);
        if (channels == 0 || motion.Length % channels != 0)
        {
            throw new ArgumentException($"{motion.Length} motion values are not whole rows of {channels} channels.", nameof(motion));
        }

        Root = root;
        Joints = joints;
        ChannelCount = channels;
        FrameTimeSeconds = frameTimeSeconds;
        Motion = motion;
    }

    /// <summary>The root joint.</summary>
    public BvhJoint Root { get; }

    /// <summary>All joints, depth first in file order.</summary>
    public IReadOnlyList<BvhJoint> Joints { get; }

    /// <summary>Channels per motion row.</summary>
    public int ChannelCount { get; }

    /// <summary>Number of frames.</summary>
    public int FrameCount => Motion.Length / ChannelCount;

    /// <summary>Seconds per frame.</summary>
    public double FrameTimeSeconds { get; }

    /// <summary>Channel values, layout in the type's summary.</summary>
    public double[] Motion { get; }

    /// <summary>World positions of every joint (same order as <see cref="Joints"/>) at <paramref name="frame"/>.</summary>
    public Vector3d[] ForwardKinematics(int frame)
    {
        var positions = new Vector3d[Joints.Count];
        var rotations = new Matrix3d[Joints.Count];
        var index = new Dictionary<BvhJoint, int>(Joints.Count);
        for (int i = 0; i < Joints.Count; i++)
        {
            index[Joints[i]] = i;
        }

        ReadOnlySpan<double> row = Motion.AsSpan(frame * ChannelCount, ChannelCount);
        for (int i = 0; i < Joints.Count; i++)
        {
            BvhJoint j = Joints[i];
            Vector3d translation = j.Offset;
            Matrix3d local = Matrix3d.Identity;
            for (int c = 0; c < j.Channels.Count; c++)
            {
                double v = row[j.ChannelStart + c];
                switch (j.Channels[c])
                {
                    case "Xposition": translation += new Vector3d(v, 0, 0); break;
                    case "Yposition": translation += new Vector3d(0, v, 0); break;
                    case "Zposition": translation += new Vector3d(0, 0, v); break;
                    case "Xrotation": local *= Rodrigues.ToMatrix(new Vector3d(v * Math.PI / 180, 0, 0)); break;
                    case "Yrotation": local *= Rodrigues.ToMatrix(new Vector3d(0, v * Math.PI / 180, 0)); break;
                    case "Zrotation": local *= Rodrigues.ToMatrix(new Vector3d(0, 0, v * Math.PI / 180)); break;
                    default: break;
                }
            }

            if (j.Parent is null)
            {
                positions[i] = translation;
                rotations[i] = local;
            }
            else
            {
                int p = index[j.Parent];
                positions[i] = positions[p] + (rotations[p] * translation);
                rotations[i] = rotations[p] * local;
            }
        }

        return positions;
    }
}
