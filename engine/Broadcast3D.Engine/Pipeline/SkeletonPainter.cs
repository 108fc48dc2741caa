using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;

namespace Broadcast3D.Engine.Pipeline;

/// <summary>
/// Draws a 3D skeleton projected through a camera (lens distortion included) into a tightly packed RGBA8 picture
/// on the CPU: bones as thick lines, joints as discs. Thin stand-in for the GPU compositor's skeleton pass
/// (issue #6) so the offline demo has its pictures; allocation-free. Stateless and thread-safe (the picture is
/// the caller's).
/// </summary>
public static class SkeletonPainter
{
    /// <summary>
    /// Projects a skeleton through a camera and paints it. Joints behind the camera are skipped. Returns the
    /// number of joints whose projection falls inside the picture.
    /// </summary>
    /// <param name="rgba">The picture, 4 bytes per pixel (R first), no row padding.</param>
    /// <param name="width">Picture width, pixels.</param>
    /// <param name="height">Picture height, pixels.</param>
    /// <param name="camera">Projection (lens distortion included).</param>
    /// <param name="world">Joints, metres, keypoint-major x, y, z in <paramref name="skeleton"/> order; NaN = missing.</param>
    /// <param name="skeleton">Layout and bones.</param>
    /// <param name="colourRgba">Bone colour, R in the lowest byte.</param>
    /// <param name="thicknessPixels">Bone thickness.</param>
    /// <param name="scaleX">Factor from the camera's pixels to the picture's (a picture scaled from the camera's).</param>
    /// <param name="scaleY">Vertical factor.</param>
    /// <param name="projected">Receives each joint's pixel position (NaN when missing or behind); length ≥ keypoints.</param>
    public static int Paint(Span<byte> rgba, int width, int height, Camera camera, ReadOnlySpan<double> world, SkeletonDefinition skeleton,
        uint colourRgba, int thicknessPixels, Span<(double U, double V)> projected, double scaleX = 1, double scaleY = 1)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(skeleton);
        int k = skeleton.KeypointCount;
        if (world.Length < k * 3 || projected.Length < k || rgba.Length < width * height * 4)
            throw new ArgumentException($"need {k * 3} coordinates, {k} projection slots and a {width}×{height} RGBA picture");
        int inside = 0;
        for (int j = 0; j < k; j++)
        {
            var p = new Vector3d(world[j * 3], world[(j * 3) + 1], world[(j * 3) + 2]);
            projected[j] = (double.NaN, double.NaN);
            if (!double.IsFinite(p.X) || camera.WorldToCamera(p).Z <= 0)
                continue;
            (double u, double v) = camera.Project(p);
            projected[j] = (u * scaleX, v * scaleY);
            if (projected[j].U >= 0 && projected[j].U < width && projected[j].V >= 0 && projected[j].V < height)
                inside++;
        }
        int radius = Math.Max(1, thicknessPixels / 2);
        foreach ((int from, int to) in skeleton.Bones)
        {
            (double u0, double v0) = projected[from];
            (double u1, double v1) = projected[to];
            if (double.IsFinite(u0) && double.IsFinite(u1))
                Line(rgba, width, height, u0, v0, u1, v1, radius, colourRgba);
        }
        // Joints a little larger and white so they stand out from the bones.
        for (int j = 0; j < k; j++)
        {
            if (double.IsFinite(projected[j].U))
                Disc(rgba, width, height, projected[j].U, projected[j].V, radius + 2, 0xFFFFFFFFu);
        }
        return inside;
    }

    /// <summary>Fills the picture with one colour (R in the lowest byte of <paramref name="colourRgba"/>).</summary>
    public static void Clear(Span<byte> rgba, uint colourRgba)
    {
        Span<uint> pixels = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(rgba);
        pixels.Fill(colourRgba);
    }

    /// <summary>Paints a thick segment between two pixel positions (clipped to the picture).</summary>
    public static void Line(Span<byte> rgba, int width, int height, double u0, double v0, double u1, double v1, int radius, uint colourRgba)
    {
        double length = Math.Sqrt(((u1 - u0) * (u1 - u0)) + ((v1 - v0) * (v1 - v0)));
        // A bone projected from a point near the camera plane can be absurdly long: such a segment is not drawn.
        if (length > 4 * (width + height))
            return;
        int steps = Math.Max(1, (int)Math.Ceiling(length / Math.Max(1, radius)));
        for (int s = 0; s <= steps; s++)
        {
            double t = (double)s / steps;
            Disc(rgba, width, height, u0 + ((u1 - u0) * t), v0 + ((v1 - v0) * t), radius, colourRgba);
        }
    }

    /// <summary>Paints a filled disc (clipped to the picture).</summary>
    public static void Disc(Span<byte> rgba, int width, int height, double u, double v, int radius, uint colourRgba)
    {
        Span<uint> pixels = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(rgba);
        int cx = (int)Math.Round(u), cy = (int)Math.Round(v);
        int y0 = Math.Max(0, cy - radius), y1 = Math.Min(height - 1, cy + radius);
        int r2 = radius * radius;
        for (int y = y0; y <= y1; y++)
        {
            int dy = y - cy;
            int half = (int)Math.Sqrt(r2 - (dy * dy));
            int x0 = Math.Max(0, cx - half), x1 = Math.Min(width - 1, cx + half);
            if (x0 <= x1)
                pixels.Slice((y * width) + x0, x1 - x0 + 1).Fill(colourRgba);
        }
    }
}
