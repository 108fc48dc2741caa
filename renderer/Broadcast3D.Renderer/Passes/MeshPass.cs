using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Renderer.Passes;

/// <summary>
/// Draws <see cref="AthleteMesh"/>es (issue #18): their vertices (with normals computed here from the triangles) and
/// indices go into two storage buffers that only grow, so once the largest frame has been seen nothing is allocated,
/// on the CPU or the GPU; the shaders pull them by <c>gl_VertexID</c>, lit by the floor's sun, depth-tested. The same
/// buffers draw the meshes' shadow mask over a <see cref="GroundPlane"/> for <see cref="GroundPass"/>. An upload of the
/// very meshes already in the buffers (a freeze, or the ground and the bodies of one frame) is skipped: a mesh is
/// immutable. Device thread.
/// </summary>
internal sealed class MeshPass : IDisposable
{
    // 512 texels over the default 8 m floor: 1.6 cm each, about a carving voxel, and 256 KB of R8.
    private const int ShadowMaskSize = 512;
    // The share of light a surface turned away from the sun still gets: enough to read the vertex colours there.
    private const float Ambient = 0.35f;

    private readonly GpuDevice _device;
    private readonly GpuProgram _program, _shadowProgram;
    private readonly GpuTexture _mask;
    private readonly GpuFramebuffer _maskTarget;
    private GpuBuffer? _vertexBuffer, _indexBuffer;
    private Vertex[] _vertices = [];
    private uint[] _indices = [];
    private AthleteMesh?[] _uploaded = [];
    private int _uploadedCount, _indexCount;

    public MeshPass(GpuDevice device)
    {
        _device = device;
        _program = device.CreateGraphicsProgram("mesh.vert", "mesh.frag");
        _shadowProgram = device.CreateGraphicsProgram("mesh_shadow.vert", "mesh_shadow.frag");
        _mask = device.CreateTexture(new TextureDescription(ShadowMaskSize, ShadowMaskSize, TextureFormat.R8));
        _maskTarget = device.CreateFramebuffer(_mask);
    }

    /// <summary>Triangles of the last upload left out because a corner was not a finite point.</summary>
    public int SkippedTriangles { get; private set; }

    /// <summary>Triangles in the buffers (after skipping).</summary>
    public int Triangles => _indexCount / 3;

    /// <summary>Puts <paramref name="meshes"/> (none null) into the buffers, unless they are the very meshes already there.</summary>
    public void Upload(ReadOnlySpan<AthleteMesh> meshes)
    {
        if (IsUploaded(meshes))
            return;
        int vertexCount = 0, indexCount = 0;
        foreach (AthleteMesh mesh in meshes)
        {
            vertexCount = checked(vertexCount + mesh.VertexCount);
            indexCount = checked(indexCount + (mesh.TriangleCount * 3));
        }
        Grow(ref _vertices, vertexCount);
        Grow(ref _indices, indexCount);
        int baseVertex = 0, written = 0, skipped = 0;
        foreach (AthleteMesh mesh in meshes)
        {
            ReadOnlySpan<float> positions = mesh.Positions.Span;
            ReadOnlySpan<byte> colours = mesh.Colours.Span;
            ReadOnlySpan<int> indices = mesh.Indices.Span;
            Span<Vertex> vertices = _vertices.AsSpan(baseVertex, mesh.VertexCount);
            for (int v = 0; v < vertices.Length; v++)
            {
                vertices[v] = new Vertex(new Vector3(positions[v * 3], positions[(v * 3) + 1], positions[(v * 3) + 2]),
                    BinaryPrimitives.ReadUInt32LittleEndian(colours.Slice(v * 4, 4)));
            }
            for (int t = 0; t < indices.Length; t += 3)
            {
                int a = indices[t], b = indices[t + 1], c = indices[t + 2];
                Vector3 pa = vertices[a].Position, pb = vertices[b].Position, pc = vertices[c].Position;
                if (!IsFinite(pa) || !IsFinite(pb) || !IsFinite(pc))
                {
                    skipped++;
                    continue;
                }
                // Counter-clockwise seen from outside: the cross product points out, its length twice the area, so
                // each vertex's normal is the area-weighted mean of its faces' (large faces count more than slivers).
                Vector3 face = Vector3.Cross(pb - pa, pc - pa);
                vertices[a].Normal += face;
                vertices[b].Normal += face;
                vertices[c].Normal += face;
                _indices[written++] = (uint)(baseVertex + a);
                _indices[written++] = (uint)(baseVertex + b);
                _indices[written++] = (uint)(baseVertex + c);
            }
            for (int v = 0; v < vertices.Length; v++)
            {
                // A zero normal (a vertex of skipped or degenerate triangles only) stays zero rather than NaN: the
                // fragment shader lights it as ambient.
                float length = vertices[v].Normal.Length();
                if (length > 0)
                    vertices[v].Normal /= length;
            }
            baseVertex += mesh.VertexCount;
        }
        _indexCount = written;
        SkippedTriangles = skipped;
        if (written > 0)
        {
            EnsureBuffer(ref _vertexBuffer, _vertices.Length * Marshal.SizeOf<Vertex>());
            EnsureBuffer(ref _indexBuffer, _indices.Length * sizeof(uint));
            _vertexBuffer!.Update<Vertex>(_vertices.AsSpan(0, vertexCount));
            _indexBuffer!.Update<uint>(_indices.AsSpan(0, written));
        }
        Remember(meshes);
    }

    /// <summary>Draws what was uploaded through <paramref name="camera"/>, lit by a sun shining along <paramref name="lightDirection"/> (unit or not).</summary>
    public void Draw(RenderCamera camera, Vector3 lightDirection)
    {
        if (_indexCount == 0)
            return;
        _program.SetCamera(camera);
        _program.SetVector3("towardsLight", Vector3.Normalize(-lightDirection));
        _program.SetFloat("ambient", Ambient);
        _device.BindStorageBuffer(0, _vertexBuffer!);
        _device.BindStorageBuffer(1, _indexBuffer!);
        _device.SetBlend(BlendMode.PremultipliedOver);
        _device.SetDepth(test: true, write: true);
        _device.Draw(_program, PrimitiveTopology.Triangles, _indexCount);
    }

    /// <summary>
    /// Renders the uploaded meshes' shadow on <paramref name="ground"/> into the mask (1 where shadowed, over the floor
    /// square) and returns it. Leaves the mask as the render target: the caller sets its own back.
    /// </summary>
    public GpuTexture DrawShadowMask(in GroundPlane ground)
    {
        _device.SetRenderTarget(_maskTarget);
        _device.Clear(Vector4.Zero);
        if (_indexCount > 0)
        {
            _shadowProgram.SetVector3("centre", ground.Centre);
            _shadowProgram.SetFloat("halfSize", ground.HalfSizeMetres);
            _shadowProgram.SetVector3("lightDirection", ground.LightDirection);
            _device.BindStorageBuffer(0, _vertexBuffer!);
            _device.BindStorageBuffer(1, _indexBuffer!);
            _device.SetBlend(BlendMode.Opaque);
            _device.SetDepth(test: false, write: false);
            _device.Draw(_shadowProgram, PrimitiveTopology.Triangles, _indexCount);
        }
        return _mask;
    }

    private bool IsUploaded(ReadOnlySpan<AthleteMesh> meshes)
    {
        if (meshes.Length != _uploadedCount)
            return false;
        for (int i = 0; i < meshes.Length; i++)
        {
            if (!ReferenceEquals(meshes[i], _uploaded[i]))
                return false;
        }
        return true;
    }

    private void Remember(ReadOnlySpan<AthleteMesh> meshes)
    {
        Grow(ref _uploaded, meshes.Length);
        for (int i = 0; i < meshes.Length; i++)
            _uploaded[i] = meshes[i];
        // References past the count are dropped so a mesh no longer drawn can be collected.
        Array.Clear(_uploaded, meshes.Length, _uploaded.Length - meshes.Length);
        _uploadedCount = meshes.Length;
    }

    /// <summary>Grow-only: a power of two at least <paramref name="needed"/>, so a slowly growing mesh reallocates a few times at most.</summary>
    private static void Grow<T>(ref T[] array, int needed)
    {
        if (array.Length < needed)
            array = new T[(int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)needed), Array.MaxLength)];
    }

    private void EnsureBuffer(ref GpuBuffer? buffer, long bytes)
    {
        if (buffer is not null && buffer.SizeInBytes >= bytes)
            return;
        buffer?.Dispose();
        buffer = null;
        buffer = _device.CreateBuffer(new BufferDescription(bytes, BufferUsage.Dynamic));
    }

    private static bool IsFinite(Vector3 v) => float.IsFinite(v.X) && float.IsFinite(v.Y) && float.IsFinite(v.Z);

    public void Dispose()
    {
        _vertexBuffer?.Dispose();
        _indexBuffer?.Dispose();
        _maskTarget.Dispose();
        _mask.Dispose();
        _shadowProgram.Dispose();
        _program.Dispose();
    }

    // std430 layout of mesh.vert's Vertex: vec3 + uint, vec3 + float (32 bytes).
    [StructLayout(LayoutKind.Sequential)]
    private struct Vertex(Vector3 position, uint colour)
    {
        public Vector3 Position = position;
        public uint Colour = colour;
        public Vector3 Normal;
        public float Padding;
    }
}
