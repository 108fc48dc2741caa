using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Masks;

namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// One camera as the carving kernel sees it, a plain value (ILGPU takes only blittable arguments): world→camera
/// rotation R and translation t (metres), K (fx, skew, cx, fy, cy, pixels), OpenCV distortion k1, k2, p1, p2, k3
/// (the same forward model as <see cref="LensDistortion.Distort"/>), the picture size, and the person mask's image →
/// mask map with the mask's offset in the concatenated mask buffer. Single precision: at 1 cm voxels and 2–10 m
/// range the projection agrees with <see cref="Camera.Project"/> to well under a pixel, and GPUs are fast at it.
/// </summary>
public readonly record struct CarveCamera(
    float R00, float R01, float R02, float R10, float R11, float R12, float R20, float R21, float R22,
    float T0, float T1, float T2,
    float Fx, float Skew, float Cx, float Fy, float Cy,
    float K1, float K2, float P1, float P2, float K3,
    int Width, int Height,
    float A11, float A12, float A13, float A21, float A22, float A23,
    int MaskOffset)
{
    /// <summary>
    /// The kernel's view of <paramref name="camera"/> with <paramref name="mask"/> (of the same camera's picture),
    /// whose <see cref="PersonMask.Size"/>² bytes sit at <paramref name="maskOffset"/> in the mask buffer.
    /// </summary>
    /// <exception cref="NotSupportedException">A fisheye camera (only the pinhole distortion model is carved).</exception>
    public static CarveCamera From(Camera camera, PersonMask mask, int maskOffset)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(mask);
        if (camera.Distortion.IsFisheye)
            throw new NotSupportedException($"camera '{camera.Name}' is marked fisheye; carving implements the OpenCV pinhole distortion model only");
        Matrix3d r = camera.Rotation, k = camera.Intrinsics;
        Vector3d t = camera.TranslationMetres;
        LensDistortion d = camera.Distortion;
        var a = mask.ImageToMask;
        return new CarveCamera(
            (float)r.M00, (float)r.M01, (float)r.M02, (float)r.M10, (float)r.M11, (float)r.M12, (float)r.M20, (float)r.M21, (float)r.M22,
            (float)t.X, (float)t.Y, (float)t.Z,
            (float)k.M00, (float)k.M01, (float)k.M02, (float)k.M11, (float)k.M12,
            (float)d.K1, (float)d.K2, (float)d.P1, (float)d.P2, (float)d.K3,
            mask.ImageWidth, mask.ImageHeight,
            (float)a.M11, (float)a.M12, (float)a.M13, (float)a.M21, (float)a.M22, (float)a.M23,
            maskOffset);
    }
}
