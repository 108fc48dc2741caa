namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// Decimation to a triangle budget by vertex clustering: vertices are merged per cell of a grid, at the cluster's
/// mean; triangles whose corners fall into fewer than three clusters vanish. The cell starts at the mesh's own
/// spacing and grows by a quarter until the budget holds. Chosen for being predictable and fast (linear time) over
/// quadric edge collapse; it keeps the silhouette at the cell size, which at 1–2 cm is below what a broadcast
/// picture shows of a whole athlete.
/// </summary>
public static class MeshDecimation
{
    /// <summary>
    /// Returns <paramref name="mesh"/> itself when it has at most <paramref name="triangleBudget"/> triangles, else a
    /// clustered copy within the budget.
    /// </summary>
    public static SurfaceMesh ToBudget(SurfaceMesh mesh, int triangleBudget, float startCellMetres)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentOutOfRangeException.ThrowIfLessThan(triangleBudget, 1);
        if (mesh.TriangleCount <= triangleBudget)
            return mesh;
        float cell = startCellMetres;
        for (int attempt = 0; attempt < 64; attempt++)
        {
            SurfaceMesh clustered = Cluster(mesh, cell);
            if (clustered.TriangleCount <= triangleBudget)
                return clustered;
            cell *= 1.25f;
        }
        throw new InvalidOperationException($"could not bring {mesh.TriangleCount} triangles under {triangleBudget} (cell {cell} m)");
    }

    private static SurfaceMesh Cluster(SurfaceMesh mesh, float cell)
    {
        float[] p = mesh.Positions;
        var clusterOf = new int[mesh.VertexCount];
        var ids = new Dictionary<(int, int, int), int>(mesh.VertexCount / 2);
        var sums = new List<double>();
        var counts = new List<int>();
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            var key = ((int)MathF.Floor(p[v * 3] / cell), (int)MathF.Floor(p[(v * 3) + 1] / cell), (int)MathF.Floor(p[(v * 3) + 2] / cell));
            if (!ids.TryGetValue(key, out int id))
            {
                id = counts.Count;
                ids.Add(key, id);
                sums.AddRange([0, 0, 0]);
                counts.Add(0);
            }
            clusterOf[v] = id;
            sums[id * 3] += p[v * 3];
            sums[(id * 3) + 1] += p[(v * 3) + 1];
            sums[(id * 3) + 2] += p[(v * 3) + 2];
            counts[id]++;
        }
        var positions = new float[counts.Count * 3];
        for (int c = 0; c < counts.Count; c++)
        {
            for (int axis = 0; axis < 3; axis++)
                positions[(c * 3) + axis] = (float)(sums[(c * 3) + axis] / counts[c]);
        }
        var indices = new List<int>(mesh.Indices.Length / 2);
        var seen = new HashSet<(int, int, int)>();
        int[] ix = mesh.Indices;
        for (int t = 0; t < ix.Length; t += 3)
        {
            int a = clusterOf[ix[t]], b = clusterOf[ix[t + 1]], c = clusterOf[ix[t + 2]];
            if (a == b || b == c || a == c)
                continue;
            // The same triangle from two fine ones (either winding) is kept once: rotate so the smallest comes first.
            (int, int, int) key = a < b && a < c ? (a, b, c) : b < c ? (b, c, a) : (c, a, b);
            if (seen.Add(key))
                indices.AddRange([a, b, c]);
        }
        return Compact(positions, indices);
    }

    /// <summary>Drops the vertices no triangle uses.</summary>
    private static SurfaceMesh Compact(float[] positions, List<int> indices)
    {
        var map = new int[positions.Length / 3];
        Array.Fill(map, -1);
        var kept = new List<float>(positions.Length);
        for (int i = 0; i < indices.Count; i++)
        {
            int v = indices[i];
            if (map[v] < 0)
            {
                map[v] = kept.Count / 3;
                kept.AddRange([positions[v * 3], positions[(v * 3) + 1], positions[(v * 3) + 2]]);
            }
            indices[i] = map[v];
        }
        return new SurfaceMesh([.. kept], [.. indices]);
    }
}
