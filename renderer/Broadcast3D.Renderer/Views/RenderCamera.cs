using System.Numerics;
using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Renderer.Views;

/// <summary>
/// The camera the 3D passes draw through: world→camera pose (X_c = R·X_w + t, metres), pinhole intrinsics in pixels
/// of a <see cref="ImageWidth"/>×<see cref="ImageHeight"/> image, and OpenCV lens distortion (k1, k2, p1, p2, k3),
/// applied per vertex in the vertex shader so graphics land exactly where the real lens put the athlete. Pixel
/// convention as OpenCV: origin top-left, pixel centres at integers. The render target may have another size than
/// the image: the picture is scaled to fill it. Immutable.
/// </summary>
public sealed record RenderCamera(
    Matrix4x4 WorldToCamera,
    float Fx, float Fy, float Cx, float Cy, float Skew,
    float K1, float K2, float P1, float P2, float K3,
    int ImageWidth, int ImageHeight,
    float NearMetres = 0.05f, float FarMetres = 200f)
{
    /// <summary>The real calibrated camera (intrinsics, distortion, pose) at its calibration image size.</summary>
    /// <exception cref="NotSupportedException">A fisheye camera (only the OpenCV pinhole model is drawn).</exception>
    public static RenderCamera FromCalibration(Camera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        if (camera.Distortion.IsFisheye)
            throw new NotSupportedException($"camera '{camera.Name}' is fisheye; the renderer draws the OpenCV pinhole model only");
        Matrix3d r = camera.Rotation;
        Vector3d t = camera.TranslationMetres;
        // System.Numerics uses row vectors (v·M): the transpose of the column-vector matrix [R t; 0 1].
        var m = new Matrix4x4(
            (float)r.M00, (float)r.M10, (float)r.M20, 0,
            (float)r.M01, (float)r.M11, (float)r.M21, 0,
            (float)r.M02, (float)r.M12, (float)r.M22, 0,
            (float)t.X, (float)t.Y, (float)t.Z, 1);
        Matrix3d k = camera.Intrinsics;
        LensDistortion d = camera.Distortion;
        return new RenderCamera(m, (float)k.M00, (float)k.M11, (float)k.M02, (float)k.M12, (float)k.M01,
            (float)d.K1, (float)d.K2, (float)d.P1, (float)d.P2, (float)d.K3, camera.ImageWidth, camera.ImageHeight);
    }

    /// <summary>
    /// A virtual camera orbiting <paramref name="target"/> (world, Z up) at <paramref name="distanceMetres"/>,
    /// <paramref name="azimuthRadians"/> around Z from +X and <paramref name="elevationRadians"/> above the horizon,
    /// with a vertical field of view <paramref name="verticalFovRadians"/>; no distortion. Replays fly it by
    /// animating these parameters.
    /// </summary>
    public static RenderCamera Orbit(Vector3 target, float azimuthRadians, float elevationRadians, float distanceMetres,
        float verticalFovRadians, int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} must be positive");
        if (!(distanceMetres > 0) || !(verticalFovRadians > 0 && verticalFovRadians < MathF.PI))
            throw new ArgumentOutOfRangeException(nameof(distanceMetres), "distance must be positive and the field of view in (0, π)");
        var eye = target + (distanceMetres * new Vector3(
            MathF.Cos(elevationRadians) * MathF.Cos(azimuthRadians),
            MathF.Cos(elevationRadians) * MathF.Sin(azimuthRadians),
            MathF.Sin(elevationRadians)));
        Vector3 forward = Vector3.Normalize(target - eye);
        // Straight up or down: any horizontal right vector will do.
        Vector3 right = MathF.Abs(forward.Z) > 0.999f ? Vector3.UnitX : Vector3.Normalize(Vector3.Cross(forward, Vector3.UnitZ));
        Vector3 down = Vector3.Cross(forward, right);
        var m = new Matrix4x4(
            right.X, down.X, forward.X, 0,
            right.Y, down.Y, forward.Y, 0,
            right.Z, down.Z, forward.Z, 0,
            -Vector3.Dot(right, eye), -Vector3.Dot(down, eye), -Vector3.Dot(forward, eye), 1);
        float f = height / 2f / MathF.Tan(verticalFovRadians / 2);
        return new RenderCamera(m, f, f, (width / 2f) - 0.5f, (height / 2f) - 0.5f, 0, 0, 0, 0, 0, 0, width, height);
    }

    /// <summary>
    /// CPU twin of the vertex shader's projection: world metres → image pixels (distorted), and the depth in metres
    /// (negative or small when behind the camera). Used to anchor 2D labels to 3D joints.
    /// </summary>
    public (Vector2 Pixel, float Depth) Project(Vector3 world)
    {
        Vector3 c = Vector3.Transform(world, WorldToCamera);
        float x = c.X / c.Z, y = c.Y / c.Z;
        float r2 = (x * x) + (y * y);
        float radial = 1 + (r2 * (K1 + (r2 * (K2 + (r2 * K3)))));
        float xd = (x * radial) + (2 * P1 * x * y) + (P2 * (r2 + (2 * x * x)));
        float yd = (y * radial) + (P1 * (r2 + (2 * y * y))) + (2 * P2 * x * y);
        return (new Vector2((Fx * xd) + (Skew * yd) + Cx, (Fy * yd) + Cy), c.Z);
    }
}
