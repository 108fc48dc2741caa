using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Masks;

namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// The silhouette figure: the mesh drawn into a camera's picture against that camera's person mask,
/// intersection over union of the two pixel sets at the mask's picture size. Stateless; thread-safe.
/// </summary>
public static class SilhouetteAgreement
{
    /// <summary>IoU in [0, 1] of <paramref name="mesh"/> seen by <paramref name="camera"/> and <paramref name="mask"/>; NaN when both are empty.</summary>
    public static double IoU(Camera camera, SurfaceMesh mesh, PersonMask mask)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(mask);
        int w = mask.ImageWidth, h = mask.ImageHeight;
        var drawn = new byte[w * h];
        var masked = new byte[w * h];
        MeshRaster.Coverage(camera, mesh, w, h, w, h, drawn);
        mask.Rasterise(masked, w, h);
        long both = 0, either = 0;
        for (int i = 0; i < drawn.Length; i++)
        {
            bool a = drawn[i] != 0, b = masked[i] != 0;
            both += a && b ? 1 : 0;
            either += a || b ? 1 : 0;
        }
        return either == 0 ? double.NaN : (double)both / either;
    }
}
