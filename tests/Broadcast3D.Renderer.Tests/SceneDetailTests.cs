using System.Numerics;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Views;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// The scene pass's cheaper drawing (issue #12, docs/drawspeed.md) keeps what it draws: a sphere's far half is skipped,
/// never its near half, and spheres small on screen, drawn with fewer slices, still cover their disc to within the
/// quarter-pixel band the level rule allows.
/// </summary>
public sealed class SceneDetailTests : GpuTestBase
{
    private const int Size = 256;

    [Test]
    public void DrawScene_LargeSphere_NearSideLitAtItsCentre()
    {
        using var compositor = new Compositor(Device, new CompositorDescription(Size, Size));
        RenderCamera camera = RenderCamera.Orbit(new Vector3(0, 0, 1), 0.3f, 0.2f, 5f, 0.8f, Size, Size);
        compositor.BeginFrame(Vector4.Zero);
        compositor.DrawScene(camera, [ScenePrimitive.Sphere(new Vector3(0, 0, 1), 1f, Vector4.One)]);
        byte[] rgba = new byte[Size * Size * 4];
        compositor.ReadRgba(rgba);
        // The point facing the camera has n = (0, 0, −1) in camera space: Lambert 0.928 towards (0, −0.4, −1), shade
        // 0.3 + 0.7 × 0.928 = 0.95 (242). Seen from inside (near half culled), the far half faces away: 0.3 (77).
        int centre = ((Size / 2 * Size) + (Size / 2)) * 4;
        Assert.That(rgba[centre], Is.InRange(232, 250), $"centre pixel {rgba[centre]}, {rgba[centre + 1]}, {rgba[centre + 2]}, {rgba[centre + 3]}");
    }

    [TestCase(2.0f)]
    [TestCase(0.9f)]
    public void DrawScene_SmallSpheres_CoverTheirDiscWithinAQuarterPixel(float radiusPixels)
    {
        using var compositor = new Compositor(Device, new CompositorDescription(Size, Size));
        // Straight down at the floor from 10 m: every sphere's centre is 10 m deep.
        const float distance = 10f;
        RenderCamera camera = RenderCamera.Orbit(Vector3.Zero, 0f, MathF.PI / 2, distance, 0.8f, Size, Size);
        float metresPerPixel = distance / camera.Fx;
        var spheres = new List<ScenePrimitive>();
        var random = new Random(7);
        for (int i = 0; i < 10; i++)
        {
            for (int j = 0; j < 10; j++)
            {
                // 12 px apart, at random sub-pixel positions.
                var centre = new Vector3((i - 4.5f) * 12 + random.NextSingle(), (j - 4.5f) * 12 + random.NextSingle(), 0) * metresPerPixel;
                spheres.Add(ScenePrimitive.Sphere(centre, radiusPixels * metresPerPixel, Vector4.One));
            }
        }
        compositor.BeginFrame(Vector4.Zero);
        compositor.DrawScene(camera, spheres.ToArray());
        byte[] rgba = new byte[Size * Size * 4];
        compositor.ReadRgba(rgba);
        int covered = 0;
        for (int p = 3; p < rgba.Length; p += 4)
        {
            if (rgba[p] > 0)
                covered++;
        }
        // Pixel centres inside the drawn outline are counted: on average its area. An outline within 0.25 px of the
        // circle has an area within 2πr × 0.25 of the disc's.
        double disc = Math.PI * radiusPixels * radiusPixels * spheres.Count;
        double band = 2 * Math.PI * radiusPixels * 0.25 * spheres.Count;
        Assert.That(covered, Is.InRange(disc - band, disc + band), $"{covered} px covered, discs {disc:0}, band ±{band:0}");
    }
}
