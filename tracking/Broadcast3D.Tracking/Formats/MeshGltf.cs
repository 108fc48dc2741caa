using System.Runtime.InteropServices;
using Broadcast3D.Core.Meshes;
using SharpGLTF.Memory;
using SharpGLTF.Schema2;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// glTF 2.0 of an <see cref="AthleteMesh"/> (SharpGLTF): one node and one triangle primitive with POSITION (float
/// VEC3, metres) and COLOR_0 (normalised unsigned-byte VEC4), unsigned-int indices; the default material,
/// whose white base colour glTF multiplies by COLOR_0. glTF is Y-up: the node turns the calibration's Z-up world (x, y, z) into (x, z, −y), as glTF viewers
/// expect. Binary <c>.glb</c> or JSON <c>.gltf</c> by the extension. Stateless; thread-safe.
/// </summary>
public static class MeshGltf
{
    /// <summary>The glTF model of <paramref name="mesh"/>.</summary>
    public static ModelRoot Build(AthleteMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ModelRoot model = ModelRoot.CreateModel();
        int n = mesh.VertexCount;
        byte[] positions = MemoryMarshal.AsBytes(mesh.Positions.Span).ToArray();
        byte[] colours = mesh.Colours.ToArray();
        byte[] indices = MemoryMarshal.AsBytes(mesh.Indices.Span).ToArray();

        Accessor position = model.CreateAccessor("POSITION");
        position.SetVertexData(model.UseBufferView(positions, 0, null, 0, BufferMode.ARRAY_BUFFER), 0, n, new AttributeFormat(DimensionType.VEC3, EncodingType.FLOAT, false));
        Accessor colour = model.CreateAccessor("COLOR_0");
        colour.SetVertexData(model.UseBufferView(colours, 0, null, 0, BufferMode.ARRAY_BUFFER), 0, n, new AttributeFormat(DimensionType.VEC4, EncodingType.UNSIGNED_BYTE, true));
        Accessor index = model.CreateAccessor("indices");
        index.SetIndexData(model.UseBufferView(indices, 0, null, 0, BufferMode.ELEMENT_ARRAY_BUFFER), 0, mesh.Indices.Length, IndexEncodingType.UNSIGNED_INT);

        Mesh gltfMesh = model.CreateMesh($"athlete {mesh.PersonId}");
        MeshPrimitive primitive = gltfMesh.CreatePrimitive();
        primitive.SetVertexAccessor("POSITION", position);
        primitive.SetVertexAccessor("COLOR_0", colour);
        primitive.SetIndexAccessor(index);
        Node node = model.UseScene("athlete").CreateNode($"person {mesh.PersonId}");
        node.Mesh = gltfMesh;
        // Z-up (x, y, z) → Y-up (x, z, −y): a quarter turn about x.
        node.LocalMatrix = System.Numerics.Matrix4x4.CreateRotationX(-MathF.PI / 2);
        return model;
    }

    /// <summary>Writes <paramref name="mesh"/> as <c>.glb</c> or (by extension) <c>.gltf</c>.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(AthleteMesh mesh, string path)
    {
        ModelRoot model = Build(mesh);
        if (path.EndsWith(".gltf", StringComparison.OrdinalIgnoreCase))
            model.SaveGLTF(path);
        else
            model.SaveGLB(path);
    }
}
