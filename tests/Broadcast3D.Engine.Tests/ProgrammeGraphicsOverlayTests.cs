using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Views;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// What the control API's <see cref="ProgrammeGraphics"/> changes in the overlays the plugin host draws (issue #15): two
/// people drawn by the built-in skeleton plugin through the sample's first camera by the GPU compositor, one left and one right of the picture's centre,
/// their pixels read back and counted per half.
/// </summary>
public class ProgrammeGraphicsOverlayTests
{
    private const int Width = 272, Height = 480;
    private const int Left = 1, Right = 2; // track ids

    [Test]
    public void Draw_PersonSkeletonOffHighlightAndGlobalOff_EachDrawnAsTheGraphicsSay()
    {
        Camera camera = CalibrationToml.Read(SharedAssets.CalibrationToml).Cameras[0];
        using GpuDevice device = GpuDevice.Create();
        using var compositor = new Compositor(device, new CompositorDescription(Width, Height));
        RenderCamera view = RenderCamera.FromCalibration(camera);
        var overlay = new OverlayConfig(Skeleton: true, Labels: false, Trails: false, Speed: false);
        using PluginCatalog catalog = PluginCatalog.Load(PluginsConfig.Default, Serilog.Core.Logger.None);
        var graphics = new ProgrammeGraphics(catalog.Selection(overlay));
        using var overlays = new OverlayHost(Pose2SimMarkers.Definition, 4, catalog.CreateOverlays(), graphics.Selection, overlay.MaxSkeletonAge,
            FrameRate.Fps60, PluginsConfig.DefaultBudgetMilliseconds, Serilog.Core.Logger.None) { Graphics = graphics };
        SkeletonSet people = TwoPeople(camera);

        (int Orange, int Highlight)[] Draw()
        {
            overlays.Prepare(people, Rational.Zero, 0);
            compositor.BeginFrame(Vector4.Zero);
            overlays.Draw(compositor, view);
            compositor.FlushGraphics();
            byte[] rgba = new byte[Width * Height * 4];
            compositor.ReadRgba(rgba);
            var halves = new (int Orange, int Highlight)[2];
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    int i = ((y * Width) + x) * 4, half = x < Width / 2 ? 0 : 1;
                    (byte r, byte g, byte b) = (rgba[i], rgba[i + 1], rgba[i + 2]);
                    if (OverlayPixels.IsOrange(r, g, b))
                        halves[half].Orange++;
                    else if (r > 220 && g > 210 && b is > 150 and < 215)
                        halves[half].Highlight++;
                }
            }
            TestContext.Out.WriteLine($"left: {halves[0]}, right: {halves[1]}");
            return halves;
        }

        (int Orange, int Highlight)[] both = Draw();
        Assert.That(both[0].Orange, Is.GreaterThan(OverlayPixels.MinimumSkeletonPixels), "left person drawn");
        Assert.That(both[1].Orange, Is.GreaterThan(OverlayPixels.MinimumSkeletonPixels), "right person drawn");

        graphics.Set(OverlayKind.Skeleton, on: false, personId: Right);
        (int Orange, int Highlight)[] rightOff = Draw();
        Assert.That(rightOff[0].Orange, Is.EqualTo(both[0].Orange), "the left person unchanged");
        Assert.That(rightOff[1].Orange, Is.Zero, "the right person's skeleton off");

        graphics.Set(OverlayKind.Skeleton, on: true, personId: Right);
        graphics.Highlight = Left;
        (int Orange, int Highlight)[] highlighted = Draw();
        Assert.That(highlighted[0].Orange, Is.Zero, "the highlighted person is not orange");
        Assert.That(highlighted[0].Highlight, Is.GreaterThan(OverlayPixels.MinimumSkeletonPixels), "the highlighted person in the highlight colour");
        Assert.That(highlighted[1].Orange, Is.EqualTo(both[1].Orange), "the other person unchanged");

        graphics.Set(OverlayKind.Skeleton, on: false, personId: null);
        (int Orange, int Highlight)[] off = Draw();
        Assert.That(off[0].Orange + off[0].Highlight + off[1].Orange + off[1].Highlight, Is.Zero, "skeletons off for everyone");
    }

    [Test]
    public void Set_EveryoneAfterOnePerson_ForgetsThePersonsOwnChoice()
    {
        var graphics = new ProgrammeGraphics(new OverlaySelection(["skeleton", "labels"]));
        graphics.Set(OverlayKind.Labels, on: false, personId: 3);
        Assert.That(graphics.IsShown(OverlayKind.Labels, 3), Is.False);
        Assert.That(graphics.IsShown(OverlayKind.Labels, 4), Is.True);
        graphics.Set(OverlayKind.Labels, on: true, personId: null);
        Assert.That(graphics.IsShown(OverlayKind.Labels, 3), Is.True, "switched on for everyone, the person included");
        Assert.That(graphics.Snapshot().HiddenFor, Is.Empty);
    }

    /// <summary>Two upright people 3 m in front of the camera, 0.5 m left and right of its axis (camera X), joints spread down its Y.</summary>
    private static SkeletonSet TwoPeople(Camera camera)
    {
        SkeletonDefinition definition = Pose2SimMarkers.Definition;
        var set = new SkeletonSet(definition, 4) { Count = 2 };
        Matrix3d toWorld = camera.Rotation.Transpose();
        for (int p = 0; p < 2; p++)
        {
            set.PersonIds[p] = p == 0 ? Left : Right;
            Span<float> joints = set.PersonJoints(p);
            for (int j = 0; j < definition.KeypointCount; j++)
            {
                // Camera coordinates: X right, Y down, Z forward; joints from 0.8 m above the axis to 0.8 m below.
                var inCamera = new Vector3d(p == 0 ? -0.5 : 0.5, -0.8 + (1.6 * j / (definition.KeypointCount - 1)), 3);
                Vector3d world = toWorld * (inCamera - camera.TranslationMetres);
                (joints[j * 3], joints[(j * 3) + 1], joints[(j * 3) + 2]) = ((float)world.X, (float)world.Y, (float)world.Z);
            }
        }
        return set;
    }
}
