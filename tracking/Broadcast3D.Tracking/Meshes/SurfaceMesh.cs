namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// A triangle mesh being built (surface extraction, smoothing, decimation): x, y, z per vertex in metres and three
/// indices per triangle, counter-clockwise seen from outside. Mutable working data, owned by whoever made it; not
/// thread-safe.
/// </summary>
public sealed class SurfaceMesh(float[] positions, int[] indices)
{
    /// <summary>x, y, z per vertex, metres.</summary>
    public float[] Positions { get; set; } = positions;

    /// <summary>Three vertex indices per triangle.</summary>
    public int[] Indices { get; set; } = indices;

    /// <summary>Number of vertices.</summary>
    public int VertexCount => Positions.Length / 3;

    /// <summary>Number of triangles.</summary>
    public int TriangleCount => Indices.Length / 3;

    /// <summary>Area-weighted unit normal per vertex (x, y, z), outward for counter-clockwise triangles.</summary>
    public float[] VertexNormals()
    {
        var normals = new float[Positions.Length];
        float[] p = Positions;
        for (int t = 0; t < Indices.Length; t += 3)
        {
            int a = Indices[t] * 3, b = Indices[t + 1] * 3, c = Indices[t + 2] * 3;
            float ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
            float vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
            // The cross product's length is twice the area: summing it weights each face by its area.
            float nx = (uy * vz) - (uz * vy), ny = (uz * vx) - (ux * vz), nz = (ux * vy) - (uy * vx);
            foreach (int v in (ReadOnlySpan<int>)[a, b, c])
            {
                normals[v] += nx;
                normals[v + 1] += ny;
                normals[v + 2] += nz;
            }
        }
        for (int v = 0; v < normals.Length; v += 3)
        {
            float length = MathF.Sqrt((normals[v] * normals[v]) + (normals[v + 1] * normals[v + 1]) + (normals[v + 2] * normals[v + 2]));
            if (length > 0)
            {
                normals[v] /= length;
                normals[v + 1] /= length;
                normals[v + 2] /= length;
            }
        }
        return normals;
    }
}
