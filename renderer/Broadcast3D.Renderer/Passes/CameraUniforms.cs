using System.Numerics;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Renderer.Passes;

/// <summary>
/// The calibrated camera as the 3D passes' vertex shaders take it (camera.glsl, which scene3d.vert, ground.vert and
/// mesh.vert include): pose, pinhole
/// intrinsics with skew, Brown–Conrady distortion, image size and depth range. One place, so the skeleton, floor and
/// mesh passes project with the same lens. Device thread.
/// </summary>
internal static class CameraUniforms
{
    /// <summary>Sets <paramref name="camera"/>'s uniforms on <paramref name="program"/>.</summary>
    public static void SetCamera(this GpuProgram program, RenderCamera camera)
    {
        program.SetMatrix4("worldToCamera", camera.WorldToCamera);
        program.SetVector4("intrinsics", new Vector4(camera.Fx, camera.Fy, camera.Cx, camera.Cy));
        program.SetFloat("skew", camera.Skew);
        program.SetVector4("distortion", new Vector4(camera.K1, camera.K2, camera.P1, camera.P2));
        program.SetFloat("k3", camera.K3);
        program.SetVector2("imageSize", new Vector2(camera.ImageWidth, camera.ImageHeight));
        program.SetVector2("nearFar", new Vector2(camera.NearMetres, camera.FarMetres));
    }
}
