using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Plugins.BuiltIn;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Plugins.Tests;

/// <summary>
/// The built-in overlays, run as plugins through the host and drawn by the canvas on the compositor, against the
/// Balancing trial's reference 3D through its first calibrated camera (lens distortion included): the skeleton and
/// trail are the very pixels of the hard-wired drawing they replaced (which the projection tests hold to ≤ 1 px of
/// the CPU projection), the labels (id, speed, jump callout) sit at the CPU projection of their joint, and the
/// ground line on the CPU projection of the calibrated floor.
/// </summary>
public sealed class BuiltInOverlayTests : DeviceTest
{
    private const int History = 30; // pictures of trail before the one compared: half of the trail's 60 samples

    [TestCase(40)]
    [TestCase(99)]
    public void Draw_SkeletonAndTrailPlugins_SamePixelsAsHardWiredDrawing(int frame)
    {
        Vector3[][] frames = Athlete.Frames();
        Camera camera = Athlete.Camera();
        RenderCamera view = RenderCamera.FromCalibration(camera);
        int w = camera.ImageWidth, h = camera.ImageHeight;
        using var compositor = new Compositor(Device, new CompositorDescription(w, h) { ReadbackSlots = 1 });

        using OverlayHost host = Athlete.Host("skeleton", "trails");
        for (int f = frame - History; f <= frame; f++)
            Assert.That(host.Prepare(Athlete.Set(frames[f], f), new Rational(f, 60), ageSeconds: 0), Is.True);
        compositor.BeginFrame(Vector4.Zero);
        host.Draw(compositor, view);
        byte[] plugins = new byte[w * h * 4];
        compositor.ReadRgba(plugins);

        // What PersonOverlays drew before the plugins: the same joints as one SkeletonDrawing, the pelvis path as a
        // 60-point Trail whose unfilled slots repeat the newest point.
        int rHip = Athlete.Definition.Require("RHip"), lHip = Athlete.Definition.Require("LHip");
        var path = new Vector3[60];
        for (int f = frame - History, n = 0; f <= frame; f++, n++)
        {
            Vector3 pelvis = (frames[f][rHip] + frames[f][lHip]) * 0.5f;
            for (int i = n; i < path.Length; i++)
                path[i] = pelvis;
        }
        var skeleton = new SkeletonDrawing(frames[frame], Athlete.Definition.Bones, SkeletonOverlay.DefaultColour) { BoneRadiusMetres = 0.02f, JointRadiusMetres = 0.035f };
        compositor.BeginFrame(Vector4.Zero);
        compositor.DrawScene(view, [skeleton], [new Trail(path, TrailsOverlay.DefaultColour, WidthPixels: 4f)]);
        byte[] hardWired = new byte[w * h * 4];
        compositor.ReadRgba(hardWired);

        int drawn = 0, different = 0;
        for (int i = 3; i < hardWired.Length; i += 4)
        {
            drawn += hardWired[i] > 0 ? 1 : 0;
            different += hardWired.AsSpan(i - 3, 4).SequenceEqual(plugins.AsSpan(i - 3, 4)) ? 0 : 1;
        }
        TestContext.Out.WriteLine($"frame {frame}: {drawn} pixels drawn by the hard-wired overlays, {different} differ from the plugins'");
        Assert.That(drawn, Is.GreaterThan(2000), "the athlete is in view of the first camera");
        Assert.That(different, Is.Zero);
    }

    [TestCase("labels", "Head", 0.5, -0.5)]
    [TestCase("speed", "Pelvis", 1.0, 0.0)]
    [TestCase("jump-callout", "Head", 0.5, -2.5)]
    public void Draw_LabelPlugin_BoxCornerAtCpuProjectionOfItsJoint(string kind, string joint, double offsetX, double offsetY)
    {
        Vector3[][] frames = Athlete.Frames();
        Camera camera = Athlete.Camera();
        int w = camera.ImageWidth, h = camera.ImageHeight;
        using var compositor = new Compositor(Device, new CompositorDescription(w, h) { ReadbackSlots = 1 });
        using OverlayHost host = Athlete.Host(kind);
        const int Frame = 60;
        // A jump landed half a second before the picture, as the jump analytics publish it (for the callout).
        host.Analytics.Event(new AnalyticsEvent("jump", Athlete.PersonId, (Frame / 60.0) - 0.5, 0.4, "m", "jump 0.40 m, flight 0.57 s"));
        for (int f = Frame - 20; f <= Frame; f++)
            host.Prepare(Athlete.Set(frames[f], f), new Rational(f, 60), ageSeconds: 0);
        compositor.BeginFrame(Vector4.Zero);
        host.Draw(compositor, RenderCamera.FromCalibration(camera));
        byte[] rgba = new byte[w * h * 4];
        compositor.ReadRgba(rgba);

        int left = int.MaxValue, bottom = -1;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                if (rgba[(((y * w) + x) * 4) + 3] > 0)
                    (left, bottom) = (Math.Min(left, x), Math.Max(bottom, y));
            }
        }
        Assert.That(bottom, Is.GreaterThanOrEqualTo(0), $"{kind}: nothing drawn");
        Vector3 anchor = joint == "Pelvis"
            ? (frames[Frame][Athlete.Definition.Require("RHip")] + frames[Frame][Athlete.Definition.Require("LHip")]) * 0.5f
            : frames[Frame][Athlete.Definition.Require(joint)];
        (double u, double v) = camera.Project(new Vector3d(anchor.X, anchor.Y, anchor.Z));
        int labelPixels = Math.Max(12, h / 30);
        // The box's bottom-left corner is the joint's projection plus the offset. The box covers the pixels whose
        // centre is inside it: its left edge is its first column's left side, its bottom edge its last row's bottom.
        double expectedLeft = u + (offsetX * labelPixels), expectedBottom = v + (offsetY * labelPixels);
        TestContext.Out.WriteLine($"{kind}: box left edge {left}, bottom edge {bottom + 1}; corner expected at ({expectedLeft:F2}, {expectedBottom:F2})");
        Assert.That(left, Is.EqualTo(expectedLeft).Within(1.0));
        Assert.That(bottom + 1, Is.EqualTo(expectedBottom).Within(1.0));
    }

    [Test]
    public void Draw_GroundLine_LandsOnTheCpuProjectionOfTheCalibratedFloor()
    {
        Camera camera = Athlete.Camera();
        int w = camera.ImageWidth, h = camera.ImageHeight;
        using var compositor = new Compositor(Device, new CompositorDescription(w, h) { ReadbackSlots = 1 });
        // Across the capture volume's floor, through the middle of the picture where the lens bends it most visibly.
        var settings = PluginSettings.Parse("plugins.settings.ground-line", """{"from": [-1.5, 0.5], "to": [1.5, 0.5], "widthPixels": 3, "colour": "#FFFFFF"}""");
        var line = new GroundLineOverlay();
        line.Configure(settings);
        settings.ThrowIfInvalid();
        using OverlayHost host = new(Athlete.Definition, 1, [line], new OverlaySelection(["ground-line"]), TimeSpan.FromSeconds(1),
            FrameRate.Fps60, 2, Serilog.Core.Logger.None);
        host.Prepare(Athlete.Set(Athlete.Frames()[0], 0), Rational.Zero, 0);
        compositor.BeginFrame(Vector4.Zero);
        host.Draw(compositor, RenderCamera.FromCalibration(camera));
        byte[] rgba = new byte[w * h * 4];
        compositor.ReadRgba(rgba);

        int checkedPoints = 0;
        double worst = 0;
        for (int i = 0; i <= 30; i++)
        {
            (double u, double v) = camera.Project(new Vector3d(-1.5 + (3.0 * i / 30), 0.5, 0));
            if (u < 4 || v < 4 || u > w - 5 || v > h - 5)
                continue;
            // The line's coverage-weighted centre across a 9-pixel column (it runs mostly across the picture).
            double sy = 0, sw = 0;
            int x = (int)Math.Round(u);
            for (int y = (int)Math.Round(v) - 4; y <= (int)Math.Round(v) + 4; y++)
            {
                double a = rgba[(((y * w) + x) * 4) + 3];
                (sy, sw) = (sy + (a * y), sw + a);
            }
            Assert.That(sw, Is.GreaterThan(0), $"no line at the floor point's projection ({u:F1}, {v:F1})");
            worst = Math.Max(worst, Math.Abs((sy / sw) - v));
            checkedPoints++;
        }
        TestContext.Out.WriteLine($"{checkedPoints} floor points in view, worst distance from the CPU projection {worst:F3} px");
        Assert.That(checkedPoints, Is.GreaterThan(10));
        Assert.That(worst, Is.LessThanOrEqualTo(1.0));
    }

    [Test]
    public void Draw_Distance_LabelAtTheFloorMidpointAndLineOnTheFloor()
    {
        Camera camera = Athlete.Camera();
        int w = camera.ImageWidth, h = camera.ImageHeight;
        using var compositor = new Compositor(Device, new CompositorDescription(w, h) { ReadbackSlots = 1 });
        Vector3[] first = Athlete.Frames()[60];
        var offset = new Vector3(0.6f, 0.8f, 0); // a second athlete 1.0 m away on the floor
        var set = new SkeletonSet(Athlete.Definition, 2) { Count = 2, Time = new Rational(1, 1) };
        for (int p = 0; p < 2; p++)
        {
            set.PersonIds[p] = p;
            Span<float> flat = set.PersonJoints(p);
            for (int j = 0; j < first.Length; j++)
            {
                Vector3 joint = first[j] + (p * offset);
                (flat[j * 3], flat[(j * 3) + 1], flat[(j * 3) + 2]) = (joint.X, joint.Y, joint.Z);
            }
        }
        using OverlayHost host = Athlete.Host("distance");
        host.Prepare(set, new Rational(1, 1), 0);
        compositor.BeginFrame(Vector4.Zero);
        host.Draw(compositor, RenderCamera.FromCalibration(camera));
        byte[] rgba = new byte[w * h * 4];
        compositor.ReadRgba(rgba);

        Vector3 pelvis = (first[Athlete.Definition.Require("RHip")] + first[Athlete.Definition.Require("LHip")]) * 0.5f;
        Vector3 start = pelvis with { Z = 0 }, end = start + offset, middle = (start + end) * 0.5f;
        // A quarter and three quarters along (its ends stop at the end points, which a pixel may half cover).
        foreach (Vector3 floor in new[] { Vector3.Lerp(start, end, 0.25f), Vector3.Lerp(start, end, 0.75f) })
        {
            (double u, double v) = camera.Project(new Vector3d(floor.X, floor.Y, 0));
            Assert.That(rgba[(((int)Math.Round(v) * w) + (int)Math.Round(u)) * 4 + 3], Is.GreaterThan(0), $"the floor line at ({u:F1}, {v:F1})");
        }
        // The label "1.0 m": its box's bottom-left corner on the midpoint's projection (no offset), white text on the box.
        (double mu, double mv) = camera.Project(new Vector3d(middle.X, middle.Y, 0));
        int left = int.MaxValue, bottom = -1;
        for (int y = (int)mv - 60; y <= (int)mv + 2; y++)
        {
            for (int x = (int)mu - 2; x <= (int)mu + 120; x++)
            {
                int i = ((y * w) + x) * 4;
                // The box: dark, translucent (alpha 0.7 of 255), unlike the white line under it.
                if (rgba[i + 3] is > 150 and < 200 && rgba[i] < 40)
                    (left, bottom) = (Math.Min(left, x), Math.Max(bottom, y));
            }
        }
        TestContext.Out.WriteLine($"distance label box left edge {left}, bottom edge {bottom + 1}; midpoint projects to ({mu:F2}, {mv:F2})");
        Assert.That(left, Is.EqualTo(mu).Within(1.0));
        Assert.That(bottom + 1, Is.EqualTo(mv).Within(1.0));
    }
}
