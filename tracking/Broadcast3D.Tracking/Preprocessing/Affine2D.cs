namespace Broadcast3D.Tracking.Preprocessing;

/// <summary>
/// A 2×3 affine map from tensor pixel coordinates (u, v) to image pixel coordinates (x, y):
/// <c>x = M11·u + M12·v + M13</c>, <c>y = M21·u + M22·v + M23</c>. Both use the pixel-centre-at-integer
/// convention (pixel (0,0) covers [-0.5, 0.5]²), which is what the CPU reference and the ILGPU kernel share (<see cref="CropSampler"/>).
/// </summary>
public readonly record struct Affine2D(double M11, double M12, double M13, double M21, double M22, double M23)
{
    /// <summary>Maps a tensor point to the image.</summary>
    public (double X, double Y) Apply(double u, double v) => (M11 * u + M12 * v + M13, M21 * u + M22 * v + M23);

    /// <summary>
    /// The map for a square crop of side <paramref name="sideImagePixels"/> centred on (cx, cy), rotated by
    /// <paramref name="rotationRadians"/> (counter-clockwise in the image, y down), resampled to a
    /// <paramref name="tensorSize"/>² tensor. Rotation 0 is an axis-aligned crop.
    /// </summary>
    public static Affine2D RotatedSquareCrop(double cx, double cy, double sideImagePixels, double rotationRadians, int tensorSize)
    {
        double s = sideImagePixels / tensorSize;
        double cos = Math.Cos(rotationRadians) * s, sin = Math.Sin(rotationRadians) * s;
        // Tensor centre ((size-1)/2) maps to the crop centre.
        double c0 = (tensorSize - 1) / 2.0;
        return new Affine2D(cos, -sin, cx - cos * c0 + sin * c0, sin, cos, cy - sin * c0 - cos * c0);
    }

    /// <summary>The map of a keep-ratio resize by <paramref name="scale"/> (tensor = image·scale), anchored top-left.</summary>
    public static Affine2D Letterbox(double scale)
    {
        double inv = 1.0 / scale;
        // Pixel centres: u + 0.5 = (x + 0.5)·scale.
        return new Affine2D(inv, 0, 0.5 * inv - 0.5, 0, inv, 0.5 * inv - 0.5);
    }
}
