namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// Taubin smoothing (λ = 0.5, μ = −0.53): each pass moves every vertex towards its neighbours' mean by λ, then
/// away by μ, which removes the voxel staircase without the shrinking of plain Laplacian smoothing.
/// </summary>
public static class MeshSmoothing
{
    private const float Lambda = 0.5f;
    private const float Mu = -0.53f;

    /// <summary>Smooths <paramref name="mesh"/> in place over <paramref name="iterations"/> passes.</summary>
    public static void Taubin(SurfaceMesh mesh, int iterations)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        if (iterations <= 0 || mesh.VertexCount == 0)
            return;
        (int[] start, int[] neighbours) = Adjacency(mesh);
        var scratch = new float[mesh.Positions.Length];
        for (int i = 0; i < iterations; i++)
        {
            Step(mesh.Positions, scratch, start, neighbours, Lambda);
            Step(mesh.Positions, scratch, start, neighbours, Mu);
        }
    }

    private static void Step(float[] positions, float[] scratch, int[] start, int[] neighbours, float factor)
    {
        int vertices = positions.Length / 3;
        for (int v = 0; v < vertices; v++)
        {
            int from = start[v], to = start[v + 1];
            if (to == from)
            {
                scratch[v * 3] = positions[v * 3];
                scratch[(v * 3) + 1] = positions[(v * 3) + 1];
                scratch[(v * 3) + 2] = positions[(v * 3) + 2];
                continue;
            }
            float mx = 0, my = 0, mz = 0;
            for (int n = from; n < to; n++)
            {
                int o = neighbours[n] * 3;
                mx += positions[o];
                my += positions[o + 1];
                mz += positions[o + 2];
            }
            float inv = 1f / (to - from);
            for (int axis = 0; axis < 3; axis++)
            {
                float p = positions[(v * 3) + axis];
                float mean = axis == 0 ? mx * inv : axis == 1 ? my * inv : mz * inv;
                scratch[(v * 3) + axis] = p + (factor * (mean - p));
            }
        }
        scratch.AsSpan().CopyTo(positions);
    }

    /// <summary>Neighbours of each vertex (the other ends of its edges), compressed rows; duplicates removed.</summary>
    internal static (int[] Start, int[] Neighbours) Adjacency(SurfaceMesh mesh)
    {
        int vertices = mesh.VertexCount;
        var sets = new HashSet<int>[vertices];
        for (int v = 0; v < vertices; v++)
            sets[v] = new HashSet<int>(8);
        int[] ix = mesh.Indices;
        for (int t = 0; t < ix.Length; t += 3)
        {
            for (int e = 0; e < 3; e++)
            {
                int a = ix[t + e], b = ix[t + ((e + 1) % 3)];
                sets[a].Add(b);
                sets[b].Add(a);
            }
        }
        var start = new int[vertices + 1];
        for (int v = 0; v < vertices; v++)
            start[v + 1] = start[v] + sets[v].Count;
        var neighbours = new int[start[vertices]];
        for (int v = 0; v < vertices; v++)
            sets[v].CopyTo(neighbours, start[v]);
        return (start, neighbours);
    }
}
