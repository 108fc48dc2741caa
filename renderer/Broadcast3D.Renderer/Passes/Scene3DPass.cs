using System.Numerics;
using System.Runtime.InteropServices;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Renderer.Passes;

/// <summary>
/// Draws skeletons (bones, capsules, markers) and trails through a <see cref="RenderCamera"/>, with depth test.
/// Instances go to one storage buffer sized at creation (<c>maxInstances</c>); nothing is allocated per frame.
/// </summary>
internal sealed class Scene3DPass : IDisposable
{
    // Tessellation: 16 slices keep a 1080p bone round; 8 rings per sphere.
    private const int Slices = 16;
    private const int Rings = 8;

    private readonly GpuDevice _device;
    private readonly GpuProgram _program;
    private readonly GpuBuffer _buffer;
    private readonly Instance[] _staging;
    private readonly int[] _counts = new int[4];
    private readonly int _perKind;

    public Scene3DPass(GpuDevice device, int maxInstances)
    {
        _device = device;
        _program = device.CreateGraphicsProgram("scene3d.vert", "scene3d.frag");
        // Four equal regions, one per kind (cylinder, sphere, marker, ribbon), so each kind is one draw call.
        _perKind = Math.Max(1, maxInstances / 4);
        _staging = new Instance[_perKind * 4];
        _buffer = device.CreateBuffer(new BufferDescription(_staging.Length * Marshal.SizeOf<Instance>(), BufferUsage.Dynamic));
    }

    /// <summary>Instances that did not fit in the last draw (counted, never thrown: a live frame goes out anyway).</summary>
    public int DroppedInstances { get; private set; }

    public void Draw(RenderCamera camera, ReadOnlySpan<SkeletonDrawing> skeletons, ReadOnlySpan<Trail> trails, int targetWidth, int targetHeight)
    {
        Array.Clear(_counts);
        DroppedInstances = 0;
        foreach (SkeletonDrawing s in skeletons)
            AddSkeleton(s);
        foreach (Trail t in trails)
        {
            for (int i = 1; i < t.Points.Count; i++)
            {
                Vector3 a = t.Points[i - 1], b = t.Points[i];
                if (!IsFinite(a) || !IsFinite(b))
                    continue;
                float fadeStart = (float)(i - 1) / (t.Points.Count - 1), fadeEnd = (float)i / (t.Points.Count - 1);
                Vector4 color = t.Color with { W = t.Color.W * fadeStart };
                Add(3, new Instance(new Vector4(a, t.WidthPixels), new Vector4(b, t.Color.W * fadeEnd), color));
            }
        }
        Submit(camera, targetWidth, targetHeight);
    }

    /// <summary>Draws <paramref name="primitives"/> (see <see cref="ScenePrimitive"/>; those with a non-finite point are skipped).</summary>
    public void Draw(RenderCamera camera, ReadOnlySpan<ScenePrimitive> primitives, int targetWidth, int targetHeight)
    {
        Array.Clear(_counts);
        DroppedInstances = 0;
        foreach (ref readonly ScenePrimitive p in primitives)
        {
            bool twoPoints = p.Kind is ScenePrimitiveKind.Cylinder or ScenePrimitiveKind.Ribbon;
            if (!IsFinite(new Vector3(p.A.X, p.A.Y, p.A.Z)) || (twoPoints && !IsFinite(new Vector3(p.B.X, p.B.Y, p.B.Z))))
                continue;
            Add((int)p.Kind, new Instance(p.A, p.B, p.Color));
        }
        Submit(camera, targetWidth, targetHeight);
    }

    private void Submit(RenderCamera camera, int targetWidth, int targetHeight)
    {
        for (int kind = 0; kind < 4; kind++)
        {
            if (_counts[kind] > 0)
                _buffer.Update<Instance>(_staging.AsSpan(kind * _perKind, _counts[kind]), (long)kind * _perKind * Marshal.SizeOf<Instance>());
        }

        _program.SetCamera(camera);
        _program.SetVector2("targetSize", new Vector2(targetWidth, targetHeight));
        _program.SetInt("slices", Slices);
        _program.SetInt("rings", Rings);
        _device.BindStorageBuffer(0, _buffer);
        _device.SetBlend(BlendMode.PremultipliedOver);
        _device.SetDepth(test: true, write: true);
        DrawKind(0, Slices * 6);
        DrawKind(1, Slices * Rings * 6);
        // Markers and ribbons are flat overlays: drawn on top, without writing depth.
        _device.SetDepth(test: false, write: false);
        DrawKind(2, 6);
        DrawKind(3, 6);
    }

    private void DrawKind(int kind, int vertices)
    {
        if (_counts[kind] == 0)
            return;
        _program.SetInt("kind", kind);
        _program.SetInt("instanceOffset", kind * _perKind);
        _device.Draw(_program, PrimitiveTopology.Triangles, vertices, _counts[kind]);
    }

    private void AddSkeleton(SkeletonDrawing s)
    {
        IReadOnlyList<Vector3> joints = s.Joints;
        if (s.Style == SkeletonStyle.Markers)
        {
            // Indexed, not foreach: an enumerator through IReadOnlyList is a heap object per skeleton per frame.
            for (int i = 0; i < joints.Count; i++)
            {
                Vector3 j = joints[i];
                if (IsFinite(j))
                    Add(2, new Instance(new Vector4(j, s.MarkerPixels), Vector4.Zero, s.Color));
            }
            return;
        }
        float bone = s.Style == SkeletonStyle.Capsules ? s.CapsuleRadiusMetres : s.BoneRadiusMetres;
        float joint = s.Style == SkeletonStyle.Capsules ? s.CapsuleRadiusMetres : s.JointRadiusMetres;
        IReadOnlyList<(int From, int To)> bones = s.Bones;
        for (int b = 0; b < bones.Count; b++)
        {
            (int from, int to) = bones[b];
            if ((uint)from >= (uint)joints.Count || (uint)to >= (uint)joints.Count || !IsFinite(joints[from]) || !IsFinite(joints[to]))
                continue;
            Add(0, new Instance(new Vector4(joints[from], bone), new Vector4(joints[to], 1), s.Color));
        }
        for (int i = 0; i < joints.Count; i++)
        {
            Vector3 j = joints[i];
            if (IsFinite(j))
                Add(1, new Instance(new Vector4(j, joint), Vector4.Zero, s.Color));
        }
    }

    private void Add(int kind, in Instance instance)
    {
        if (_counts[kind] == _perKind)
        {
            DroppedInstances++;
            return;
        }
        _staging[(kind * _perKind) + _counts[kind]++] = instance;
    }

    private static bool IsFinite(Vector3 v) => float.IsFinite(v.X) && float.IsFinite(v.Y) && float.IsFinite(v.Z);

    public void Dispose()
    {
        _program.Dispose();
        _buffer.Dispose();
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Instance(Vector4 A, Vector4 B, Vector4 Color);
}
