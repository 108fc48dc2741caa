using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Masks;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.TestSupport;

/// <summary>
/// The exact silhouette of a known shape through a calibrated camera, as a <see cref="PersonMask"/> in the place of
/// the pose model's: each mask pixel's ray (lens distortion removed) is tested against the shape. Carving tests and
/// benchmarks compare a hull carved from these masks with the shape itself.
/// </summary>
public static class ExactSilhouette
{
    /// <summary>
    /// A ray from the camera's centre: <c>hits(fromCentre, direction)</c> says whether the ray
    /// <c>camera + t·direction</c> meets the shape, with <c>fromCentre</c> the camera's position minus the shape's
    /// centre (metres, world axes) and <c>direction</c> not normalised.
    /// </summary>
    public delegate bool RayTest(Vector3d fromCentre, Vector3d direction);

    /// <summary>
    /// The mask of the shape at <paramref name="centre"/>: a square crop of <paramref name="cropPixels"/> around the
    /// centre's projection, turned by <paramref name="rotation"/> radians (the crop a pose model would be given).
    /// </summary>
    public static PersonMask Mask(Camera camera, Vector3d centre, double cropPixels, double rotation, RayTest hits)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(hits);
        const int S = PersonMask.Size;
        (double cx, double cy) = camera.Project(centre);
        Affine2D map = Affine2D.RotatedSquareCrop(cx, cy, cropPixels, rotation, S);
        Matrix3d rt = camera.Rotation.Transpose();
        Vector3d fromCentre = camera.PositionMetres - centre;
        var probabilities = new float[S * S];
        for (int v = 0; v < S; v++)
        {
            for (int u = 0; u < S; u++)
            {
                (double x, double y) = map.Apply(u, v);
                (double ux, double uy) = camera.Undistort(x, y);
                (double nx, double ny) = camera.PixelsToNormalised(ux, uy);
                probabilities[(v * S) + u] = hits(fromCentre, rt * new Vector3d(nx, ny, 1)) ? 1 : 0;
            }
        }
        var mask = new PersonMask();
        mask.Set(probabilities, map, camera.ImageWidth, camera.ImageHeight);
        return mask;
    }

    /// <summary>A ball of <paramref name="radius"/> metres: the ray passes within the radius of the centre.</summary>
    public static RayTest Ball(double radius) => (o, d) =>
    {
        // The centre is at −o from the camera; its nearest point on the ray is at t = (−o·d)/(d·d).
        double along = -((o.X * d.X) + (o.Y * d.Y) + (o.Z * d.Z)) / ((d.X * d.X) + (d.Y * d.Y) + (d.Z * d.Z));
        double ex = o.X + (along * d.X), ey = o.Y + (along * d.Y), ez = o.Z + (along * d.Z);
        return Math.Sqrt((ex * ex) + (ey * ey) + (ez * ez)) <= radius;
    };

    /// <summary>An axis-aligned ellipsoid with semi-axes <paramref name="radii"/> (metres).</summary>
    public static RayTest Ellipsoid(Vector3d radii) => (o, d) =>
    {
        // In the ellipsoid's scaled frame the ray o + t·d meets the unit sphere when this quadratic in t has a real root.
        double dx = d.X / radii.X, dy = d.Y / radii.Y, dz = d.Z / radii.Z, ox = o.X / radii.X, oy = o.Y / radii.Y, oz = o.Z / radii.Z;
        double qa = (dx * dx) + (dy * dy) + (dz * dz), qb = 2 * ((ox * dx) + (oy * dy) + (oz * dz)), qc = (ox * ox) + (oy * oy) + (oz * oz) - 1;
        return (qb * qb) - (4 * qa * qc) >= 0;
    };
}
