using System.Numerics;
using System.Runtime.InteropServices;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Renderer.Passes;

/// <summary>
/// Draws skeletons (bones, capsules, markers) and trails through a <see cref="RenderCamera"/>, with depth test.
/// Instances go to one storage buffer sized at creation (<c>maxInstances</c>); nothing is allocated per frame.
/// Cylinders and spheres are drawn indexed, each with as few slices as keep its outline within a quarter pixel of the
/// true one (16 for anything over 2.5 px in radius), which on a software rasteriser is most of the pass's cost.
/// </summary>
internal sealed class Scene3DPass : IDisposable
{
    // Tessellation of a cylinder or sphere whose outline is large on screen: 16 slices keep a 1080p bone round; rings
    // (of a sphere) are half the slices. Smaller ones take fewer (s_maxRadiusPixels).
    private const int Levels = 3;
    private static readonly int[] s_slices = [16, 8, 4];

    // Outline radius on screen (target pixels, pinhole) up to which a level of s_slices is used: an inscribed polygon
    // of n sides strays r·(1 − cos(π/n)) from the circle, 0.076 r for 8 and 0.29 r for 4, so at these radii the
    // outline moves at most 0.19 px (and 0.25 px where the lens magnifies by up to a third). Larger outlines keep 16.
    private static readonly float[] s_maxRadiusPixels = [float.PositiveInfinity, 2.5f, 0.6f];

    private readonly GpuDevice _device;
    private readonly GpuProgram _program;
    private readonly GpuBuffer _buffer;
    // Triangle lists over the (slices + 1) × (rows + 1) vertex grid of a cylinder (one row of quads) and a sphere
    // (slices / 2 rows) per level, quads in the order an unindexed draw of the same grid had.
    private readonly GpuBuffer[] _cylinderIndices, _sphereIndices;
    private readonly Instance[] _staging, _sorted;
    private readonly byte[] _level;
    private readonly int[] _counts = new int[4];
    // Per kind (cylinder, sphere) and level: instances, then their first index in the kind's region of _sorted.
    private readonly int[,] _levelCounts = new int[2, Levels], _levelStarts = new int[2, Levels];
    private readonly int _perKind;

    public Scene3DPass(GpuDevice device, int maxInstances)
    {
        _device = device;
        _program = device.CreateGraphicsProgram("scene3d.vert", "scene3d.frag");
        // Four equal regions, one per kind (cylinder, sphere, marker, ribbon), so each kind is one draw call per level.
        _perKind = Math.Max(1, maxInstances / 4);
        _staging = new Instance[_perKind * 4];
        _sorted = new Instance[_perKind * 2];
        _level = new byte[_perKind * 2];
        _buffer = device.CreateBuffer(new BufferDescription(_staging.Length * Marshal.SizeOf<Instance>(), BufferUsage.Dynamic));
        _cylinderIndices = s_slices.Select(n => CreateGridIndices(device, n, 1)).ToArray();
        _sphereIndices = s_slices.Select(n => CreateGridIndices(device, n, n / 2)).ToArray();
    }

    private static GpuBuffer CreateGridIndices(GpuDevice device, int slices, int rows)
    {
        uint[] indices = new uint[slices * rows * 6];
        int n = 0;
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < slices; column++)
            {
                // Corners (0,0) (1,0) (1,1) / (0,0) (1,1) (0,1) as (column, row) offsets.
                uint at(int dc, int dr) => (uint)(((row + dr) * (slices + 1)) + column + dc);
                indices[n++] = at(0, 0);
                indices[n++] = at(1, 0);
                indices[n++] = at(1, 1);
                indices[n++] = at(0, 0);
                indices[n++] = at(1, 1);
                indices[n++] = at(0, 1);
            }
        }
        return device.CreateBuffer(new BufferDescription(indices.Length * sizeof(uint), BufferUsage.None), MemoryMarshal.AsBytes(indices.AsSpan()));
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
        // Cylinders and spheres go up sorted by level (each level's instances in their drawing order).
        Array.Clear(_levelCounts);
        for (int kind = 0; kind < 2; kind++)
        {
            if (_counts[kind] > 0)
                _buffer.Update<Instance>(SortByDetail(kind, camera, targetWidth, targetHeight), (long)kind * _perKind * Marshal.SizeOf<Instance>());
        }
        for (int kind = 2; kind < 4; kind++)
        {
            if (_counts[kind] > 0)
                _buffer.Update<Instance>(_staging.AsSpan(kind * _perKind, _counts[kind]), (long)kind * _perKind * Marshal.SizeOf<Instance>());
        }

        _program.SetCamera(camera);
        _program.SetVector2("targetSize", new Vector2(targetWidth, targetHeight));
        _device.BindStorageBuffer(0, _buffer);
        _device.SetBlend(BlendMode.PremultipliedOver);
        _device.SetDepth(test: true, write: true);
        for (int kind = 0; kind < 2; kind++)
        {
            for (int level = 0; level < Levels; level++)
            {
                int count = _levelCounts[kind, level];
                if (count == 0)
                    continue;
                int slices = s_slices[level], rows = kind == 0 ? 1 : slices / 2;
                _program.SetInt("kind", kind);
                _program.SetInt("slices", slices);
                _program.SetInt("rings", rows);
                _program.SetInt("instanceOffset", (kind * _perKind) + _levelStarts[kind, level]);
                // A sphere is closed, so its far half is always hidden: skipped. Its quads run clockwise seen from
                // outside (theta east, phi south), which the camera's y-down rows turn counter-clockwise on the
                // target. Cylinders are open tubes (a capsule without round ends shows its inside end-on): all drawn.
                _device.SetCulling(kind == 1 ? CullMode.Clockwise : CullMode.None);
                _device.DrawIndexed(_program, PrimitiveTopology.Triangles, kind == 0 ? _cylinderIndices[level] : _sphereIndices[level], slices * rows * 6, count);
            }
        }
        _device.SetCulling(CullMode.None);
        // Markers and ribbons are flat overlays: drawn on top, without writing depth.
        _device.SetDepth(test: false, write: false);
        DrawQuads(2);
        DrawQuads(3);
    }

    // Picks each cylinder's or sphere's level from its outline radius on screen (at its nearest end, through the
    // pinhole) and returns the kind's instances grouped by level.
    private ReadOnlySpan<Instance> SortByDetail(int kind, RenderCamera camera, int targetWidth, int targetHeight)
    {
        float focal = MathF.Max(camera.Fx * targetWidth / camera.ImageWidth, camera.Fy * targetHeight / camera.ImageHeight);
        Span<Instance> staged = _staging.AsSpan(kind * _perKind, _counts[kind]);
        Span<byte> levels = _level.AsSpan(kind * _perKind, staged.Length);
        for (int i = 0; i < staged.Length; i++)
        {
            ref readonly Instance inst = ref staged[i];
            float depth = Vector3.Transform(new Vector3(inst.A.X, inst.A.Y, inst.A.Z), camera.WorldToCamera).Z;
            if (kind == 0)
                depth = MathF.Min(depth, Vector3.Transform(new Vector3(inst.B.X, inst.B.Y, inst.B.Z), camera.WorldToCamera).Z);
            // Near or behind the camera: full detail (clipping decides what shows).
            float radiusPixels = depth > camera.NearMetres ? inst.A.W * focal / depth : float.PositiveInfinity;
            int chosen = 0;
            while (chosen + 1 < Levels && radiusPixels <= s_maxRadiusPixels[chosen + 1])
                chosen++;
            levels[i] = (byte)chosen;
            _levelCounts[kind, chosen]++;
        }
        int start = 0;
        for (int level = 0; level < Levels; level++)
        {
            _levelStarts[kind, level] = start;
            start += _levelCounts[kind, level];
        }
        Span<Instance> sorted = _sorted.AsSpan(kind * _perKind, staged.Length);
        Span<int> next = stackalloc int[Levels];
        for (int level = 0; level < Levels; level++)
            next[level] = _levelStarts[kind, level];
        for (int i = 0; i < staged.Length; i++)
            sorted[next[levels[i]]++] = staged[i];
        return sorted;
    }

    private void DrawQuads(int kind)
    {
        if (_counts[kind] == 0)
            return;
        _program.SetInt("kind", kind);
        _program.SetInt("instanceOffset", kind * _perKind);
        _device.Draw(_program, PrimitiveTopology.Triangles, 6, _counts[kind]);
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
        foreach (GpuBuffer b in _cylinderIndices)
            b.Dispose();
        foreach (GpuBuffer b in _sphereIndices)
            b.Dispose();
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Instance(Vector4 A, Vector4 B, Vector4 Color);
}
