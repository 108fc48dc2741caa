namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// Surface nets over a carved voxel grid: one vertex per cell (the cube between eight voxel centres) whose corners
/// are partly kept, placed at the mean of the crossing points (edge midpoints: the occupancy is binary) of its
/// edges, and one quad (two triangles) per grid edge joining a kept and a carved voxel, between the four cells
/// around that edge, turned so that it faces the carved side. Chosen over marching cubes: no case tables, no
/// ambiguous cases, a watertight mesh with about half the vertices. Cells reach one voxel past the grid, so a hull
/// touching the grid's side is closed there.
/// </summary>
public static class SurfaceNets
{
    /// <summary>The surface of <paramref name="hull"/>'s kept voxels (world metres).</summary>
    public static SurfaceMesh Extract(VisualHull hull)
    {
        ArgumentNullException.ThrowIfNull(hull);
        CarveGrid g = hull.Grid;
        // Cells (x, y, z) for x in −1 .. Nx−1: cell x spans voxel columns x and x + 1.
        int cx = g.Nx + 1, cy = g.Ny + 1, cz = g.Nz + 1;
        var cellVertex = new int[checked(cx * cy * cz)];
        Array.Fill(cellVertex, -1);
        var positions = new List<float>(4096);
        for (int z = -1; z < g.Nz; z++)
        {
            for (int y = -1; y < g.Ny; y++)
            {
                for (int x = -1; x < g.Nx; x++)
                {
                    int corners = 0;
                    for (int n = 0; n < 8; n++)
                        corners |= hull.At(x + (n & 1), y + ((n >> 1) & 1), z + ((n >> 2) & 1)) << n;
                    if (corners == 0 || corners == 255)
                        continue;
                    // The 12 edges: pairs of corners differing in one bit.
                    float sx = 0, sy = 0, sz = 0;
                    int crossings = 0;
                    for (int a = 0; a < 8; a++)
                    {
                        for (int bit = 1; bit < 8; bit <<= 1)
                        {
                            int b = a | bit;
                            if (b == a || ((corners >> a) & 1) == ((corners >> b) & 1))
                                continue;
                            sx += (a & 1) + (b & 1);
                            sy += ((a >> 1) & 1) + ((b >> 1) & 1);
                            sz += ((a >> 2) & 1) + ((b >> 2) & 1);
                            crossings++;
                        }
                    }
                    // Sums of both ends: the mean of midpoints is sum / (2·crossings), in voxel units from corner 0.
                    float scale = 0.5f / crossings;
                    cellVertex[Cell(x, y, z, cx, cy)] = positions.Count / 3;
                    positions.Add(g.X(x) + (sx * scale * g.Step));
                    positions.Add(g.Y(y) + (sy * scale * g.Step));
                    positions.Add(g.Z(z) + (sz * scale * g.Step));
                }
            }
        }

        var indices = new List<int>(positions.Count * 2);
        // Voxel (x, y, z) against its +x, +y, +z neighbours, from one voxel before the grid (the outside counts as
        // carved). Where the two differ one of them is inside the grid, so the four cells around the edge exist.
        for (int z = -1; z < g.Nz; z++)
        {
            for (int y = -1; y < g.Ny; y++)
            {
                for (int x = -1; x < g.Nx; x++)
                {
                    byte here = hull.At(x, y, z);
                    {
                        int there = hull.At(x + 1, y, z);
                        if (here != there)
                            Quad(indices, cellVertex, here == 1, Cell(x, y - 1, z - 1, cx, cy), Cell(x, y, z - 1, cx, cy), Cell(x, y, z, cx, cy), Cell(x, y - 1, z, cx, cy));
                    }
                    {
                        int there = hull.At(x, y + 1, z);
                        if (here != there)
                            Quad(indices, cellVertex, here == 1, Cell(x - 1, y, z - 1, cx, cy), Cell(x - 1, y, z, cx, cy), Cell(x, y, z, cx, cy), Cell(x, y, z - 1, cx, cy));
                    }
                    {
                        int there = hull.At(x, y, z + 1);
                        if (here != there)
                            Quad(indices, cellVertex, here == 1, Cell(x - 1, y - 1, z, cx, cy), Cell(x, y - 1, z, cx, cy), Cell(x, y, z, cx, cy), Cell(x - 1, y, z, cx, cy));
                    }
                }
            }
        }
        return new SurfaceMesh([.. positions], [.. indices]);
    }

    private static int Cell(int x, int y, int z, int cx, int cy) => (x + 1) + (cx * ((y + 1) + (cy * (z + 1))));

    /// <summary>Two triangles over cells a → b → c → d (counter-clockwise about the edge's axis); reversed when the kept voxel is on the far side.</summary>
    private static void Quad(List<int> indices, int[] cellVertex, bool outwardPositive, int a, int b, int c, int d)
    {
        int va = cellVertex[a], vb = cellVertex[b], vc = cellVertex[c], vd = cellVertex[d];
        if (outwardPositive)
        {
            indices.AddRange([va, vb, vc, va, vc, vd]);
        }
        else
        {
            indices.AddRange([va, vc, vb, va, vd, vc]);
        }
    }
}
