using System.Numerics;
using Broadcast3D.Core.Cameras;
using SharpGLTF.Schema2;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// glTF 2.0 export of a BVH motion through SharpGLTF: one node per joint (named like the joint, nested as the
/// hierarchy, rest translation = the BVH offset), and one animation <c>motion</c> with a linear rotation and
/// translation channel per joint sampled at every frame (time = frame × frame time). Units and axes are the BVH's
/// (metres, Y-up for our exports, which is glTF's convention). No mesh: viewers show the skeleton as empties/bones.
/// Stateless and thread-safe.
/// </summary>
public static class GltfSkeleton
{
    /// <summary>Builds the glTF model of <paramref name="bvh"/>.</summary>
    public static ModelRoot Build(BvhData bvh)
    {
        ArgumentNullException.ThrowIfNull(bvh);
        ModelRoot model = ModelRoot.CreateModel();
        Scene scene = model.UseScene("skeleton");
        var nodes = new Dictionary<BvhJoint, Node>();
        foreach (BvhJoint j in bvh.Joints)
        {
            Node node = j.Parent is null ? scene.CreateNode(j.Name) : nodes[j.Parent].CreateNode(j.Name);
            node.LocalMatrix = Matrix4x4.CreateTranslation(ToVector(j.Offset));
            nodes[j] = node;
        }

        Animation animation = model.CreateAnimation("motion");
        foreach (BvhJoint j in bvh.Joints)
        {
            var rotations = new Dictionary<float, Quaternion>(bvh.FrameCount);
            var translations = new Dictionary<float, Vector3>(bvh.FrameCount);
            for (int f = 0; f < bvh.FrameCount; f++)
            {
                (Vector3d translation, Matrix3d rotation) = Local(bvh, j, f);
                float t = (float)(f * bvh.FrameTimeSeconds);
                rotations[t] = Quaternion.Normalize(ToQuaternion(rotation));
                translations[t] = ToVector(translation);
            }

            animation.CreateRotationChannel(nodes[j], rotations, true);
            animation.CreateTranslationChannel(nodes[j], translations, true);
        }

        return model;
    }

    /// <summary>Writes <paramref name="bvh"/> as binary glTF (<c>.glb</c>) or JSON glTF (<c>.gltf</c> + <c>.bin</c>) by the extension of <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(BvhData bvh, string path)
    {
        ModelRoot model = Build(bvh);
        if (path.EndsWith(".gltf", StringComparison.OrdinalIgnoreCase))
        {
            model.SaveGLTF(path);
        }
        else
        {
            model.SaveGLB(path);
        }
    }

    // The joint's local transform at a frame: offset + position channels, rotation channels multiplied in file order.
    private static (Vector3d Translation, Matrix3d Rotation) Local(BvhData bvh, BvhJoint j, int f)
    {
        Vector3d translation = j.Offset;
        Matrix3d rotation = Matrix3d.Identity;
        for (int c = 0; c < j.Channels.Count; c++)
        {
            double v = bvh.Motion[(f * bvh.ChannelCount) + j.ChannelStart + c];
            double rad = v * Math.PI / 180;
            switch (j.Channels[c])
            {
                case "Xposition": translation += new Vector3d(v, 0, 0); break;
                case "Yposition": translation += new Vector3d(0, v, 0); break;
                case "Zposition": translation += new Vector3d(0, 0, v); break;
                case "Xrotation": rotation *= Rodrigues.ToMatrix(new Vector3d(rad, 0, 0)); break;
                case "Yrotation": rotation *= Rodrigues.ToMatrix(new Vector3d(0, rad, 0)); break;
                case "Zrotation": rotation *= Rodrigues.ToMatrix(new Vector3d(0, 0, rad)); break;
                default: break;
            }
        }

        return (translation, rotation);
    }

    private static Vector3 ToVector(Vector3d v) => new((float)v.X, (float)v.Y, (float)v.Z);

    // System.Numerics multiplies row vectors (v·M), so the column-vector rotation R goes in transposed.
    private static Quaternion ToQuaternion(Matrix3d r) => Quaternion.CreateFromRotationMatrix(new Matrix4x4(
        (float)r.M00, (float)r.M10, (float)r.M20, 0,
        (float)r.M01, (float)r.M11, (float)r.M21, 0,
        (float)r.M02, (float)r.M12, (float)r.M22, 0,
        0, 0, 0, 1));
}
