using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// Turns a carved hull into the <see cref="AthleteMesh"/> the renderer and exporters take: surface nets, Taubin
/// smoothing, decimation to the triangle budget, then one colour per vertex from the camera that sees it most
/// frontally (largest cosine between its normal and the direction to the camera) among those where it is not
/// hidden by the mesh itself (depth test against the mesh drawn into a quarter-resolution depth buffer per camera,
/// 3 cm tolerance). Vertices no carving camera sees unhidden get a neutral grey. Stateless; thread-safe.
/// </summary>
public static class AthleteMesher
{
    // The depth buffer at a quarter of the picture: a body triangle after decimation covers several of its pixels.
    private const int DepthDivisor = 4;

    // A vertex is visible when no more than this in front of it is drawn (a smoothed mesh and a coarse buffer).
    private const float DepthToleranceMetres = 0.03f;

    // Grazing views stretch one pixel over centimetres of surface: below this cosine a camera does not colour.
    private const float MinFacing = 0.1f;

    private static readonly TensorSpec s_pixel = new(1, 1, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 0);

    /// <summary>The surface of <paramref name="hull"/> (smoothed, within budget), without colours.</summary>
    public static SurfaceMesh Surface(VisualHull hull, MeshOptions options)
    {
        ArgumentNullException.ThrowIfNull(hull);
        ArgumentNullException.ThrowIfNull(options);
        SurfaceMesh mesh = SurfaceNets.Extract(hull);
        MeshSmoothing.Taubin(mesh, options.SmoothingIterations);
        return MeshDecimation.ToBudget(mesh, options.TriangleBudget, hull.Grid.Step * 1.5f);
    }

    /// <summary>
    /// Colours <paramref name="mesh"/> from <paramref name="frames"/> (one picture per rig camera, as decoded; only the
    /// cameras in <paramref name="cameras"/> are used) and returns it as person <paramref name="personId"/>'s mesh.
    /// </summary>
    public static AthleteMesh Colour(int personId, SurfaceMesh mesh, CameraRig rig, ReadOnlySpan<ImagePlanes> frames, IReadOnlyList<int> cameras)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(cameras);
        int n = mesh.VertexCount;
        float[] normals = mesh.VertexNormals();
        var best = new float[n];
        var chosen = new int[n];
        Array.Fill(best, MinFacing);
        Array.Fill(chosen, -1);
        var pixels = new (double U, double V)[cameras.Count * n];
        for (int i = 0; i < cameras.Count; i++)
        {
            int c = cameras[i];
            Camera camera = rig.Cameras[c];
            ImagePlanes frame = frames[c];
            int w = Math.Max(1, frame.Width / DepthDivisor), h = Math.Max(1, frame.Height / DepthDivisor);
            var depth = new float[w * h];
            MeshRaster.Depth(camera, mesh, frame.Width, frame.Height, w, h, depth);
            Vector3d eye = camera.PositionMetres;
            for (int v = 0; v < n; v++)
            {
                (double u, double pv, double z) = MeshRaster.Project(camera, mesh, v);
                pixels[(i * n) + v] = (u, pv);
                if (!(z > 0) || u < 0 || pv < 0 || u > frame.Width - 1 || pv > frame.Height - 1)
                    continue;
                float dx = (float)(eye.X - mesh.Positions[v * 3]), dy = (float)(eye.Y - mesh.Positions[(v * 3) + 1]), dz = (float)(eye.Z - mesh.Positions[(v * 3) + 2]);
                float facing = ((normals[v * 3] * dx) + (normals[(v * 3) + 1] * dy) + (normals[(v * 3) + 2] * dz)) / MathF.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
                if (facing <= best[v])
                    continue;
                int dxPixel = Math.Clamp((int)Math.Round(((u + 0.5) / DepthDivisor) - 0.5), 0, w - 1);
                int dyPixel = Math.Clamp((int)Math.Round(((pv + 0.5) / DepthDivisor) - 0.5), 0, h - 1);
                if (z > depth[(dyPixel * w) + dxPixel] + DepthToleranceMetres)
                    continue;
                best[v] = facing;
                chosen[v] = i;
            }
        }

        var colours = new byte[n * 4];
        Span<float> rgb = stackalloc float[3];
        for (int v = 0; v < n; v++)
        {
            byte r = 128, g = 128, b = 128;
            if (chosen[v] >= 0)
            {
                (double u, double pv) = pixels[(chosen[v] * n) + v];
                ImagePreprocessor.CropToTensor(frames[cameras[chosen[v]]], new Affine2D(1, 0, u, 0, 1, pv), s_pixel, rgb);
                r = ToByte(rgb[0]);
                g = ToByte(rgb[1]);
                b = ToByte(rgb[2]);
            }
            colours[v * 4] = r;
            colours[(v * 4) + 1] = g;
            colours[(v * 4) + 2] = b;
            colours[(v * 4) + 3] = 255;
        }
        return new AthleteMesh(personId, mesh.Positions, colours, mesh.Indices);
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((int)MathF.Round(value), 0, 255);
}
