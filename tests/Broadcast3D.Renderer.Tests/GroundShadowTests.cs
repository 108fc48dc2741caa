using System.Numerics;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Views;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// The floor's capsule shadows (issue #12, docs/drawspeed.md): drawn through a mask rasterised per caster instead of a
/// loop over every caster per floor fragment, they stay within a stated tolerance of the analytic shadow the loop
/// computed (for each floor point the darkest caster's 1 − smoothstep(0.6 r, 1.4 r, distance to its segment)),
/// evaluated here on the CPU at the floor point each pixel sees. The casters are the Balancing trial's real athlete
/// (frame 50): every marker a 4.5 cm sphere as the virtual camera's bodies are, the markers in file order joined by
/// capsules, seen from straight above so a pixel's floor point is exact; the mask's coarsest case (casters spread over
/// the whole floor) is measured too.
/// </summary>
public sealed class GroundShadowTests : GpuTestBase
{
    private const int Size = 480;
    private const float Radius = 0.045f, Distance = 3f, FieldOfView = 0.8f;
    private static readonly Vector4 FloorColour = new(0.4f, 0.6f, 0.5f, 1f);

    // Largest difference from the analytic shadow, 0–1 (× the floor's 0.65 shadow strength in brightness): the mask's
    // texel is 2.5 mm over one athlete and 4 mm over the whole 8 m floor, and bilinear sampling fills in the V where
    // two penumbras meet by about a texel's share of their slopes (measured 0.040 and 0.066).
    [TestCase(false, 0.06)]
    [TestCase(true, 0.08)]
    public void DrawGround_CapsuleShadows_WithinToleranceOfTheAnalyticShadow(bool spreadOverTheFloor, double tolerance)
    {
        Vector3[] joints = [.. BalancingReference.Joints(50).Joints.Where(j => float.IsFinite(j.X + j.Y + j.Z))];
        float floorHeight = joints.Min(j => j.Z) - Radius;
        Vector3 middle = joints.Aggregate(Vector3.Zero, (sum, j) => sum + j) / joints.Length;
        var ground = new GroundPlane(middle with { Z = floorHeight }, 4f, FloorColour, Vector4.Zero, new Vector3(0.25f, 0.15f, -1f), 0.65f);
        var casters = new List<ShadowCaster>();
        // Copies of the athlete in the floor's corners make the mask cover the whole square (its coarsest texel).
        Vector3[] offsets = spreadOverTheFloor
            ? [Vector3.Zero, new(-3.4f, -3.4f, 0), new(3.4f, -3.4f, 0), new(-3.4f, 3.4f, 0), new(3.4f, 3.4f, 0)]
            : [Vector3.Zero];
        foreach (Vector3 offset in offsets)
        {
            for (int j = 0; j < joints.Length; j++)
            {
                casters.Add(new ShadowCaster(joints[j] + offset, joints[j] + offset, Radius));
                if (j > 0)
                    casters.Add(new ShadowCaster(joints[j - 1] + offset, joints[j] + offset, Radius));
            }
        }
        // Straight down at the middle of the athlete's shadow; a pixel is 4.5 mm of floor.
        Vector2 shadowMiddle = ground.ShadowOf(middle with { Z = (middle.Z + floorHeight) / 2 });
        var target = new Vector3(shadowMiddle, floorHeight);
        RenderCamera camera = RenderCamera.Orbit(target, 0f, MathF.PI / 2, Distance, FieldOfView, Size, Size);
        using var compositor = new Compositor(Device, new CompositorDescription(Size, Size));
        compositor.BeginFrame(Vector4.Zero);
        compositor.DrawGround(camera, ground, casters.ToArray());
        byte[] rgba = new byte[Size * Size * 4];
        compositor.ReadRgba(rgba);

        (Vector2 A, Vector2 B, float R)[] segments = [.. casters.Select(c => (ground.ShadowOf(c.From), ground.ShadowOf(c.To), c.RadiusMetres))];
        double worst = 0;
        int shadowed = 0, drawnShadowed = 0, both = 0;
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                // Orbit straight down: camera x is world +X, camera y (down the picture) world −Y.
                var floor = new Vector2(target.X + ((x - camera.Cx) / camera.Fx * Distance), target.Y - ((y - camera.Cy) / camera.Fy * Distance));
                double expected = AnalyticShadow(floor, segments);
                double drawn = (1 - (rgba[(((y * Size) + x) * 4) + 1] / (255.0 * FloorColour.Y))) / ground.ShadowStrength;
                worst = Math.Max(worst, Math.Abs(drawn - expected));
                shadowed += expected > 0.5 ? 1 : 0;
                drawnShadowed += drawn > 0.5 ? 1 : 0;
                both += expected > 0.5 && drawn > 0.5 ? 1 : 0;
            }
        }
        Assert.That(shadowed, Is.GreaterThan(5000), "the athlete's shadow is in view");
        Assert.That(worst, Is.LessThanOrEqualTo(tolerance), "largest difference from the analytic shadow, 0–1");
        Assert.That((double)both / (shadowed + drawnShadowed - both), Is.GreaterThan(0.98),
            $"coverage over half dark: analytic {shadowed} px, drawn {drawnShadowed} px, both {both} px");
    }

    private static double AnalyticShadow(Vector2 p, (Vector2 A, Vector2 B, float R)[] segments)
    {
        double shadow = 0;
        foreach ((Vector2 a, Vector2 b, float r) in segments)
        {
            Vector2 ab = b - a;
            float length2 = ab.LengthSquared();
            float t = length2 > 1e-10f ? Math.Clamp(Vector2.Dot(p - a, ab) / length2, 0, 1) : 0;
            double d = Vector2.Distance(p, a + (t * ab));
            double s = Math.Clamp((d - (0.6 * r)) / (0.8 * r), 0, 1);
            shadow = Math.Max(shadow, 1 - (s * s * (3 - (2 * s))));
        }
        return shadow;
    }
}
