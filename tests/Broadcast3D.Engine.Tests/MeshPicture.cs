using System.Numerics;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Engine.Tests;

/// <summary>Reads a view's RGBA picture for the mesh tests: mesh pixels by colour, lumas, and where vertices project.</summary>
internal sealed class MeshPicture(byte[] rgba, int width, int height)
{
    public int Width => width;

    public int Height => height;

    /// <summary>A red test mesh, shaded (at least the ambient share of its red): red well above green and blue, unlike the floor, sky and skeleton.</summary>
    public bool IsRed(int x, int y)
    {
        int i = Index(x, y);
        return rgba[i] > rgba[i + 1] + 40 && rgba[i] > rgba[i + 2] + 40 && rgba[i + 1] < 90;
    }

    /// <summary>A blue test mesh, shaded.</summary>
    public bool IsBlue(int x, int y)
    {
        int i = Index(x, y);
        return rgba[i + 2] > rgba[i] + 40 && rgba[i + 2] > rgba[i + 1] + 40;
    }

    /// <summary>The bodies plugin's cyan (0, 0.82, 1), shaded: green and blue well above red.</summary>
    public bool IsCyan(int x, int y)
    {
        int i = Index(x, y);
        return rgba[i + 2] > rgba[i] + 50 && rgba[i + 1] > rgba[i] + 40;
    }

    /// <summary>The skeleton plugin's orange (1, 0.65, 0), shaded: red and green well above blue.</summary>
    public bool IsOrange(int x, int y)
    {
        int i = Index(x, y);
        return rgba[i] > 100 && rgba[i + 1] > 50 && rgba[i + 2] < 40 && rgba[i + 1] > rgba[i + 2] + 40;
    }

    public double Luma(int x, int y)
    {
        int i = Index(x, y);
        return (0.2126 * rgba[i]) + (0.7152 * rgba[i + 1]) + (0.0722 * rgba[i + 2]);
    }

    /// <summary>The smallest rectangle holding every pixel <paramref name="covered"/> says is the mesh's (inclusive), and how many.</summary>
    public (int MinX, int MinY, int MaxX, int MaxY, int Count) Bounds(Func<int, int, bool> covered)
    {
        (int minX, int minY, int maxX, int maxY, int n) = (int.MaxValue, int.MaxValue, int.MinValue, int.MinValue, 0);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (!covered(x, y))
                    continue;
                (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
                n++;
            }
        }
        return (minX, minY, maxX, maxY, n);
    }

    /// <summary>
    /// The rectangle of <paramref name="mesh"/>'s vertices projected by the CPU (<see cref="RenderCamera.Project"/>),
    /// in output pixels (centres at integers); a closed convex mesh's silhouette is the hull of these points.
    /// </summary>
    public (float MinX, float MinY, float MaxX, float MaxY) Projected(RenderCamera camera, AthleteMesh mesh)
    {
        ReadOnlySpan<float> p = mesh.Positions.Span;
        (float minX, float minY, float maxX, float maxY) = (float.MaxValue, float.MaxValue, float.MinValue, float.MinValue);
        for (int v = 0; v < p.Length; v += 3)
        {
            Vector2 pixel = Pixel(camera, new Vector3(p[v], p[v + 1], p[v + 2]));
            (minX, minY, maxX, maxY) = (Math.Min(minX, pixel.X), Math.Min(minY, pixel.Y), Math.Max(maxX, pixel.X), Math.Max(maxY, pixel.Y));
        }
        return (minX, minY, maxX, maxY);
    }

    /// <summary>Where <paramref name="world"/> lands in this picture's pixels (the camera's image scaled to the picture).</summary>
    public Vector2 Pixel(RenderCamera camera, Vector3 world)
    {
        (Vector2 p, _) = camera.Project(world);
        return new Vector2(((p.X + 0.5f) * width / camera.ImageWidth) - 0.5f, ((p.Y + 0.5f) * height / camera.ImageHeight) - 0.5f);
    }

    public (int X, int Y) Nearest(RenderCamera camera, Vector3 world)
    {
        Vector2 p = Pixel(camera, world);
        return ((int)MathF.Round(p.X), (int)MathF.Round(p.Y));
    }

    public bool Inside(int x, int y) => x >= 0 && y >= 0 && x < width && y < height;

    private int Index(int x, int y) => ((y * width) + x) * 4;
}
