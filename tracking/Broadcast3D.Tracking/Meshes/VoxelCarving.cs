using System.Runtime.CompilerServices;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Masks;

namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// The per-voxel maths of the visual hull, shared by the C# reference (<see cref="VoxelCarver"/> on
/// <see cref="TrackingAccelerator.Reference"/>) and the ILGPU kernel (<c>CarvingKernels</c>), so both decide every
/// voxel identically: project the voxel centre into each camera (rotation, translation, OpenCV distortion, K), skip
/// cameras it is behind or outside the picture of, map the pixel into the person's mask (the crop's inverse map)
/// and read it bilinearly against <see cref="PersonMask"/>'s threshold. Kernel-safe: no allocation, no managed
/// objects, no exceptions.
/// </summary>
public static class VoxelCarving
{
    // Distortion models are fitted over the picture; far outside it (|x/z| beyond ~1.5, i.e. 56° off axis for a
    // lens whose picture ends well before that) the polynomial folds back and would put a voxel inside the picture
    // that is not. Such voxels count as not seen.
    private const float MaxNormalised = 1.5f;

    /// <summary>1 when voxel <paramref name="voxel"/> of <paramref name="grid"/> stays, else 0.</summary>
    public static byte Classify<TCameras, TMasks>(int voxel, in CarveGrid grid, in TCameras cameras, in TMasks masks)
        where TCameras : struct, IReadOnlyElements<CarveCamera>, allows ref struct
        where TMasks : struct, IReadOnlyElements<byte>, allows ref struct
    {
        int i = voxel % grid.Nx;
        int rest = voxel / grid.Nx;
        int j = rest % grid.Ny;
        int k = rest / grid.Ny;
        float wx = grid.OriginX + (i * grid.Step), wy = grid.OriginY + (j * grid.Step), wz = grid.OriginZ + (k * grid.Step);
        int views = 0, misses = 0;
        for (int c = 0; c < grid.CameraCount; c++)
        {
            CarveCamera cam = cameras[c];
            float xc = (cam.R00 * wx) + (cam.R01 * wy) + (cam.R02 * wz) + cam.T0;
            float yc = (cam.R10 * wx) + (cam.R11 * wy) + (cam.R12 * wz) + cam.T1;
            float zc = (cam.R20 * wx) + (cam.R21 * wy) + (cam.R22 * wz) + cam.T2;
            if (zc <= 0)
                continue;
            float x = xc / zc, y = yc / zc;
            if (x > MaxNormalised || x < -MaxNormalised || y > MaxNormalised || y < -MaxNormalised)
                continue;
            float r2 = (x * x) + (y * y);
            float radial = 1 + (r2 * (cam.K1 + (r2 * (cam.K2 + (r2 * cam.K3)))));
            float xd = (x * radial) + (2 * cam.P1 * x * y) + (cam.P2 * (r2 + (2 * x * x)));
            float yd = (y * radial) + (cam.P1 * (r2 + (2 * y * y))) + (2 * cam.P2 * x * y);
            float u = (cam.Fx * xd) + (cam.Skew * yd) + cam.Cx;
            float v = (cam.Fy * yd) + cam.Cy;
            if (u < -0.5f || v < -0.5f || u >= cam.Width - 0.5f || v >= cam.Height - 0.5f)
                continue;
            views++;
            float mu = (cam.A11 * u) + (cam.A12 * v) + cam.A13;
            float mv = (cam.A21 * u) + (cam.A22 * v) + cam.A23;
            if (Sample(masks, cam.MaskOffset, mu, mv) < MaskThresholdCode)
                misses++;
        }
        return views >= grid.MinViews && misses <= grid.AllowedMisses ? (byte)1 : (byte)0;
    }

    /// <summary>The quantised mask threshold <see cref="PersonMask"/> uses (0.5 × 255, rounded up).</summary>
    public const float MaskThresholdCode = 128;

    /// <summary>Bilinear read of the mask at <paramref name="offset"/> at tensor point (u, v); 0 beyond it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sample<TMasks>(in TMasks masks, int offset, float u, float v)
        where TMasks : struct, IReadOnlyElements<byte>, allows ref struct
    {
        const int S = PersonMask.Size;
        if (u <= -1 || v <= -1 || u >= S || v >= S)
            return 0;
        int u0 = (int)MathF.Floor(u), v0 = (int)MathF.Floor(v);
        float fu = u - u0, fv = v - v0;
        float a = Read(masks, offset, u0, v0), b = Read(masks, offset, u0 + 1, v0);
        float c = Read(masks, offset, u0, v0 + 1), d = Read(masks, offset, u0 + 1, v0 + 1);
        return ((a + ((b - a) * fu)) * (1 - fv)) + ((c + ((d - c) * fu)) * fv);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Read<TMasks>(in TMasks masks, int offset, int u, int v)
        where TMasks : struct, IReadOnlyElements<byte>, allows ref struct =>
        u >= 0 && v >= 0 && u < PersonMask.Size && v < PersonMask.Size ? masks[offset + (v * PersonMask.Size) + u] : 0;
}
