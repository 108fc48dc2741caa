using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// Draws a mesh as a camera sees it (vertices projected with lens distortion, straight edges between them: at the
/// size of a body triangle the distortion's curvature is far below a pixel) into a caller's buffer covering the
/// camera's whole picture at any resolution: the nearest depth per pixel (the occlusion test of the colouring) or
/// plain coverage (the silhouette compared with a mask). Triangles with a corner behind the camera are skipped.
/// Stateless and thread-safe.
/// </summary>
public static class MeshRaster
{
    /// <summary>
    /// Writes into <paramref name="depth"/> (<paramref name="width"/> × <paramref name="height"/>, row-major, for a
    /// picture of <paramref name="imageWidth"/> × <paramref name="imageHeight"/>) the nearest camera-space depth
    /// (metres) of the mesh at each pixel centre; pixels the mesh misses become +∞.
    /// </summary>
    public static void Depth(Camera camera, SurfaceMesh mesh, int imageWidth, int imageHeight, int width, int height, Span<float> depth)
    {
        depth[..(width * height)].Fill(float.PositiveInfinity);
        Draw(camera, mesh, imageWidth, imageHeight, width, height, depth, []);
    }

    /// <summary>As <see cref="Depth"/>, marking covered pixels 1 in <paramref name="coverage"/> (others left as they are).</summary>
    public static void Coverage(Camera camera, SurfaceMesh mesh, int imageWidth, int imageHeight, int width, int height, Span<byte> coverage) =>
        Draw(camera, mesh, imageWidth, imageHeight, width, height, [], coverage);

    /// <summary>Projects vertex <paramref name="v"/> into <paramref name="camera"/>'s picture: pixel and depth (metres; ≤ 0 behind).</summary>
    public static (double U, double V, double Depth) Project(Camera camera, SurfaceMesh mesh, int v)
    {
        var world = new Vector3d(mesh.Positions[v * 3], mesh.Positions[(v * 3) + 1], mesh.Positions[(v * 3) + 2]);
        double z = camera.WorldToCamera(world).Z;
        if (z <= 0)
            return (double.NaN, double.NaN, z);
        (double u, double pv) = camera.Project(world);
        return (u, pv, z);
    }

    private static void Draw(Camera camera, SurfaceMesh mesh, int imageWidth, int imageHeight, int width, int height, Span<float> depth, Span<byte> coverage)
    {
        int n = mesh.VertexCount;
        var sx = new float[n];
        var sy = new float[n];
        var sz = new float[n];
        double scaleX = (double)width / imageWidth, scaleY = (double)height / imageHeight;
        for (int v = 0; v < n; v++)
        {
            (double u, double pv, double z) = Project(camera, mesh, v);
            // Image pixel centre x ↔ target (x + ½)·scale − ½.
            sx[v] = (float)(((u + 0.5) * scaleX) - 0.5);
            sy[v] = (float)(((pv + 0.5) * scaleY) - 0.5);
            sz[v] = (float)z;
        }
        int[] ix = mesh.Indices;
        for (int t = 0; t < ix.Length; t += 3)
        {
            int a = ix[t], b = ix[t + 1], c = ix[t + 2];
            if (!(sz[a] > 0 && sz[b] > 0 && sz[c] > 0) || float.IsNaN(sx[a] + sx[b] + sx[c]))
                continue;
            float area = Edge(sx[a], sy[a], sx[b], sy[b], sx[c], sy[c]);
            if (MathF.Abs(area) < 1e-12f)
                continue;
            int x0 = Math.Max(0, (int)MathF.Ceiling(MathF.Min(sx[a], MathF.Min(sx[b], sx[c]))));
            int x1 = Math.Min(width - 1, (int)MathF.Floor(MathF.Max(sx[a], MathF.Max(sx[b], sx[c]))));
            int y0 = Math.Max(0, (int)MathF.Ceiling(MathF.Min(sy[a], MathF.Min(sy[b], sy[c]))));
            int y1 = Math.Min(height - 1, (int)MathF.Floor(MathF.Max(sy[a], MathF.Max(sy[b], sy[c]))));
            float inv = 1 / area;
            for (int y = y0; y <= y1; y++)
            {
                for (int x = x0; x <= x1; x++)
                {
                    // Barycentric weights by edge functions; either winding counts (silhouettes and depth are two-sided).
                    float wa = Edge(sx[b], sy[b], sx[c], sy[c], x, y) * inv;
                    float wb = Edge(sx[c], sy[c], sx[a], sy[a], x, y) * inv;
                    float wc = 1 - wa - wb;
                    if (wa < 0 || wb < 0 || wc < 0)
                        continue;
                    int o = (y * width) + x;
                    if (coverage.Length != 0)
                        coverage[o] = 1;
                    if (depth.Length != 0)
                    {
                        float z = (wa * sz[a]) + (wb * sz[b]) + (wc * sz[c]);
                        if (z < depth[o])
                            depth[o] = z;
                    }
                }
            }
        }
    }

    private static float Edge(float ax, float ay, float bx, float by, float px, float py) => ((bx - ax) * (py - ay)) - ((by - ay) * (px - ax));
}
