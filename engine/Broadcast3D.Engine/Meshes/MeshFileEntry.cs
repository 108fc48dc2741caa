namespace Broadcast3D.Engine.Meshes;

/// <summary>One mesh written: frame, person id, size, files (relative to the output folder).</summary>
public sealed record MeshFileEntry(int Frame, int Person, int Vertices, int Triangles, string Obj, string Gltf);
