using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>
/// Fits a BVH skeleton to a Pose2Sim-marker TRC. Hierarchy: root <c>Hips</c> (mid-point of RHip and LHip, 6 channels)
/// → RHip → RKnee → RAnkle → RBigToe/RSmallToe/RHeel, the same on the left, and Neck → Head → Nose and
/// RShoulder → RElbow → RWrist (both sides); markers missing in every frame are left out. Segment lengths are the
/// trial medians; the rest pose is the most typical frame (segment lengths closest to the medians) with each bone
/// rescaled to its median length. Per frame, the rigid fit first solves the joint positions by inverse kinematics of
/// the median-length bones on the markers (<see cref="RigidChainSolver"/>); then each bone is aimed from the
/// reconstructed parent at its target (the solved position, or with stretch channels the observed marker); a joint
/// with several children gets its rotation from the best rigid fit of all of them and reaches each child through a
/// zero-length connector joint (<c>Parent_Child</c>) so every child is aimed on its own. Rotation channels in ZXY
/// order. Stateless and thread-safe.
/// </summary>
public static class BvhSkeletonFitter
{
    private static readonly (string Child, string Parent)[] Bones =
    [
        ("RHip", "Hips"), ("RKnee", "RHip"), ("RAnkle", "RKnee"), ("RBigToe", "RAnkle"), ("RSmallToe", "RAnkle"), ("RHeel", "RAnkle"),
        ("LHip", "Hips"), ("LKnee", "LHip"), ("LAnkle", "LKnee"), ("LBigToe", "LAnkle"), ("LSmallToe", "LAnkle"), ("LHeel", "LAnkle"),
        ("Neck", "Hips"), ("Head", "Neck"), ("Nose", "Head"),
        ("RShoulder", "Neck"), ("RElbow", "RShoulder"), ("RWrist", "RElbow"),
        ("LShoulder", "Neck"), ("LElbow", "LShoulder"), ("LWrist", "LElbow"),
    ];

    private static readonly string[] RootChannels = ["Xposition", "Yposition", "Zposition", "Zrotation", "Xrotation", "Yrotation"];
    private static readonly string[] JointChannels = ["Zrotation", "Xrotation", "Yrotation"];

    /// <summary>
    /// Fits the skeleton and solves every frame; positions in the TRC's units and axes (Y-up for Pose2Sim files).
    /// With <paramref name="stretch"/>, marker joints also carry position channels (6 channels, CMU style) that
    /// lengthen or shorten the bone along its rest direction to the frame's marker distance, so the forward kinematics
    /// reproduce the markers; without, bones keep their median lengths (rotations only) and the error is the
    /// trial's segment-length variation.
    /// </summary>
    /// <exception cref="InputFormatException">RHip/LHip missing, or no frame where every kept marker is present.</exception>
    public static BvhData Fit(TrcData trc, string source, bool stretch = false)
    {
        ArgumentNullException.ThrowIfNull(trc);
        int frames = trc.FrameCount;
        var markers = new Dictionary<string, Vector3d[]>();
        foreach ((string child, _) in Bones)
        {
            int m = IndexOf(trc, child);
            if (m >= 0)
            {
                Vector3d[] track = Track(trc, m);
                if (track.Any(Valid))
                {
                    markers[child] = track;
                }
            }
        }

        if (!markers.ContainsKey("RHip") || !markers.ContainsKey("LHip"))
        {
            throw new InputFormatException(source, "BVH export needs the Pose2Sim markers RHip and LHip (the root is their mid-point)");
        }

        markers["Hips"] = [.. Enumerable.Range(0, frames).Select(f => 0.5 * (markers["RHip"][f] + markers["LHip"][f]))];
        // Bones are listed parent before child: keep one when both markers exist and its parent joint is kept.
        var bones = new List<(string Child, string Parent)>();
        foreach ((string child, string parent) in Bones)
        {
            if (markers.ContainsKey(child) && (parent == "Hips" || bones.Exists(b => b.Child == parent)))
            {
                bones.Add((child, parent));
            }
        }

        var lengths = bones.ToDictionary(b => b.Child, b => Median(Enumerable.Range(0, frames)
            .Where(f => Valid(markers[b.Child][f]) && Valid(markers[b.Parent][f]))
            .Select(f => (markers[b.Child][f] - markers[b.Parent][f]).Length)));
        int reference = ReferenceFrame(markers, bones, lengths, frames)
            ?? throw new InputFormatException(source, "BVH export: no frame has every kept marker present; cannot build a rest pose");
        var rest = bones.ToDictionary(b => b.Child, b =>
        {
            Vector3d d = markers[b.Child][reference] - markers[b.Parent][reference];
            return (lengths[b.Child] / d.Length) * d;
        });

        // Build the hierarchy: joints named after markers, connectors where a joint has several children.
        var joints = new List<Node>();
        Node Build(string name, Node? parent, Vector3d offset, bool connector = false, string? aimAt = null)
        {
            var node = new Node(name, parent, offset, connector, aimAt);
            joints.Add(node);
            if (connector)
            {
                node.Children.Add(Build(aimAt!, node, rest[aimAt!]));
                return node;
            }

            var children = bones.Where(b => b.Parent == name).Select(b => b.Child).ToList();
            foreach (string c in children)
            {
                node.Children.Add(children.Count > 1 ? Build($"{name}_{c}", node, default, connector: true, aimAt: c) : Build(c, node, rest[c]));
            }

            return node;
        }

        if (!stretch)
        {
            markers = RigidTargets(markers, bones, lengths, rest, frames);
        }

        Node root = Build("Hips", null, default);
        BvhJoint rootJoint = ToBvh(root, null, stretch);
        int channels = 6 + joints.Skip(1).Sum(j => stretch && !j.Connector ? 6 : 3);
        var motion = new double[frames * channels];
        int lastValid = -1;
        for (int f = 0; f < frames; f++)
        {
            if (!Valid(markers["Hips"][f]))
            {
                // No root this frame: hold the last solved pose (or the rest pose before the first one).
                if (lastValid >= 0)
                {
                    Array.Copy(motion, lastValid * channels, motion, f * channels, channels);
                }

                continue;
            }

            Solve(root, markers, rest, f, motion, f * channels, stretch);
            lastValid = f;
        }

        return new BvhData(rootJoint, 1 / trc.DataRate, motion);
    }

    // The rigid fit's per-frame joint positions: least-squares inverse kinematics of the bones on the markers
    // (RigidChainSolver), started from the frame's own marker directions (the analytic aim) and, for a bone whose
    // markers are missing, from the previous frame's direction. The returned positions keep every bone at its
    // length, so aiming the bones at them (Solve) reproduces them exactly.
    private static Dictionary<string, Vector3d[]> RigidTargets(
        Dictionary<string, Vector3d[]> markers, List<(string Child, string Parent)> bones, Dictionary<string, double> lengths, Dictionary<string, Vector3d> rest, int frames)
    {
        int count = bones.Count;
        int[] parent = [.. bones.Select(b => bones.FindIndex(p => p.Child == b.Parent))];
        var solver = new RigidChainSolver(parent, [.. bones.Select(b => lengths[b.Child])]);
        Vector3d[][] tracks = [.. bones.Select(b => markers[b.Child])];
        var roots = new Vector3d[frames];
        var positions = new Vector3d[frames * count];
        var observed = new Vector3d[count];
        var directions = new Vector3d[count];
        for (int b = 0; b < count; b++)
        {
            Vector3d r = rest[bones[b].Child];
            directions[b] = (1 / r.Length) * r;
        }

        for (int f = 0; f < frames; f++)
        {
            Vector3d root = markers["Hips"][f];
            roots[f] = root;
            if (!Valid(root))
            {
                continue;
            }

            for (int b = 0; b < count; b++)
            {
                observed[b] = tracks[b][f];
                Vector3d start = parent[b] < 0 ? root : tracks[parent[b]][f];
                Vector3d d = observed[b] - start;
                if (Valid(observed[b]) && Valid(start) && d.Length > 0)
                {
                    directions[b] = (1 / d.Length) * d;
                }
            }

            roots[f] = solver.Solve(root, observed, directions, positions.AsSpan(f * count, count));
        }

        var fitted = new Dictionary<string, Vector3d[]> { ["Hips"] = roots };
        for (int b = 0; b < count; b++)
        {
            var track = new Vector3d[frames];
            for (int f = 0; f < frames; f++)
            {
                track[f] = positions[(f * count) + b];
            }

            fitted[bones[b].Child] = track;
        }

        return fitted;
    }

    private static void Solve(Node root, Dictionary<string, Vector3d[]> markers, Dictionary<string, Vector3d> rest, int f, double[] row, int column, bool stretch)
    {
        var positions = new Dictionary<Node, Vector3d> { [root] = markers["Hips"][f] };
        var globals = new Dictionary<Node, Matrix3d>();
        var scale = new Dictionary<Node, double>();
        void Visit(Node node)
        {
            Vector3d x = positions[node];
            Matrix3d parent = node.Parent is null ? Matrix3d.Identity : globals[node.Parent];
            Matrix3d g = parent;
            if (node.Connector)
            {
                Vector3d target = markers[node.AimAt!][f];
                if (Valid(target) && (target - x).Length > 0)
                {
                    g = Rotations.Aim(parent * rest[node.AimAt!], target - x) * parent;
                }
            }
            else
            {
                // Marker targets of the children (through connectors when there are several).
                var from = new List<Vector3d>();
                var to = new List<Vector3d>();
                foreach (Node c in node.Children)
                {
                    string target = c.Connector ? c.AimAt! : c.Name;
                    Vector3d p = markers[target][f];
                    if (Valid(p) && (p - x).Length > 0)
                    {
                        from.Add(rest[target]);
                        to.Add(p - x);
                    }
                }

                if (from.Count >= 2)
                {
                    g = Rotations.BestFit([.. from], [.. to]);
                }
                else if (from.Count == 1)
                {
                    g = Rotations.Aim(parent * from[0], to[0]) * parent;
                }
            }

            globals[node] = g;
            Matrix3d local = parent.Transpose() * g;
            (double z, double xr, double y) = Rotations.ToEulerZxy(local);
            if (node.Parent is null)
            {
                row[column++] = x.X;
                row[column++] = x.Y;
                row[column++] = x.Z;
            }
            else if (stretch && !node.Connector)
            {
                Vector3d extra = (scale[node] - 1) * node.Offset;
                row[column++] = extra.X;
                row[column++] = extra.Y;
                row[column++] = extra.Z;
            }

            row[column++] = z;
            row[column++] = xr;
            row[column++] = y;
            foreach (Node c in node.Children)
            {
                Vector3d target = c.Connector ? default : markers[c.Name][f];
                scale[c] = stretch && !c.Connector && Valid(target) ? (target - x).Length / c.Offset.Length : 1;
                positions[c] = x + (g * (scale[c] * c.Offset));
                Visit(c);
            }
        }

        Visit(root);
    }

    private static BvhJoint ToBvh(Node node, BvhJoint? parent, bool stretch)
    {
        var joint = new BvhJoint(node.Name, node.Offset, parent is null || (stretch && !node.Connector) ? RootChannels : JointChannels, parent);
        foreach (Node c in node.Children)
        {
            joint.Children.Add(ToBvh(c, joint, stretch));
        }

        if (node.Children.Count == 0)
        {
            // A short stub along the incoming bone so viewers draw the last segment.
            joint.EndSite = 0.25 * node.Offset;
        }

        return joint;
    }

    private static int? ReferenceFrame(Dictionary<string, Vector3d[]> markers, List<(string Child, string Parent)> bones, Dictionary<string, double> lengths, int frames)
    {
        int? best = null;
        double bestScore = double.MaxValue;
        for (int f = 0; f < frames; f++)
        {
            double score = 0;
            bool complete = true;
            foreach ((string child, string parent) in bones)
            {
                Vector3d a = markers[child][f], b = markers[parent][f];
                if (!Valid(a) || !Valid(b))
                {
                    complete = false;
                    break;
                }

                score += Math.Abs(((a - b).Length / lengths[child]) - 1);
            }

            if (complete && score < bestScore)
            {
                bestScore = score;
                best = f;
            }
        }

        return best;
    }

    internal static int IndexOf(TrcData trc, string name)
    {
        for (int m = 0; m < trc.MarkerCount; m++)
        {
            if (string.Equals(trc.MarkerNames[m], name, StringComparison.Ordinal))
            {
                return m;
            }
        }

        return -1;
    }

    internal static Vector3d[] Track(TrcData trc, int marker) =>
        [.. Enumerable.Range(0, trc.FrameCount).Select(f => new Vector3d(trc[f, marker, 0], trc[f, marker, 1], trc[f, marker, 2]))];

    internal static bool Valid(Vector3d v) => double.IsFinite(v.X) && double.IsFinite(v.Y) && double.IsFinite(v.Z);

    private static double Median(IEnumerable<double> values)
    {
        double[] v = [.. values.Order()];
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[(v.Length / 2) - 1] + v[v.Length / 2]);
    }

    private sealed class Node(string name, Node? parent, Vector3d offset, bool connector, string? aimAt)
    {
        public string Name { get; } = name;

        public Node? Parent { get; } = parent;

        public Vector3d Offset { get; } = offset;

        public bool Connector { get; } = connector;

        public string? AimAt { get; } = aimAt;

        public List<Node> Children { get; } = [];
    }
}
