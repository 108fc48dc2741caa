using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Media;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Views;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The virtual camera on real GL (llvmpipe without a GPU), over a recording with a real athlete's 3D (the Pose2Sim
/// demo's reference triangulation): the athlete stays in the centre of the picture as the camera moves, the floor is
/// darker where the athlete's shadow falls by the feet, and a dissolve ends exactly on the real camera's picture.
/// </summary>
public sealed class VirtualCameraTests : GpuTestBase
{
    private const int Width = StampedRecording.Width, Height = StampedRecording.Height;
    private static readonly Rational Instant = StampedRecording.Rate.TimeOfFrame(30);

    [Test]
    public void Draw_OrbitFreeze_AthleteCentredInEveryView()
    {
        using var temp = new TempFolder();
        using Shot shot = Shot.Make(Device, temp.Path, VirtualCameraShot.Parse("orbit", 0, null), [.. Enumerable.Repeat(Instant, 8)]);
        Assert.That(shot.Camera.Athlete, Is.EqualTo(AthleteRecording.PersonId), "the only athlete recorded");
        var rgba = new byte[Width * Height * 4];
        var seen = new List<Vector2>();
        for (int k = 0; k < shot.Camera.Frames; k += 2)
        {
            shot.Camera.Draw(k, null);
            shot.Camera.Compositor.ReadRgba(rgba);
            (Vector2 centre, int n) = BodyCentre(rgba);
            Assert.That(n, Is.GreaterThan(300), $"frame {k}: the athlete's capsules are drawn");
            Assert.That(Math.Abs(centre.X - (Width / 2f)), Is.LessThan(Width * 0.08), $"frame {k}: body centre x {centre.X:0.0} of {Width}");
            Assert.That(Math.Abs(centre.Y - (Height / 2f)), Is.LessThan(Height * 0.1), $"frame {k}: body centre y {centre.Y:0.0} of {Height}");
            seen.Add(centre);
        }
        // An orbit: the views differ (the camera went round), the athlete stayed in the middle of each.
        Assert.That(shot.Camera.CameraOf(0).WorldToCamera, Is.Not.EqualTo(shot.Camera.CameraOf(4).WorldToCamera));
    }

    [Test]
    public void Draw_FlyToTop_ShadowOnTheFloorByTheFeet()
    {
        using var temp = new TempFolder();
        using Shot shot = Shot.Make(Device, temp.Path, VirtualCameraShot.Parse("fly:top", 0, null), [.. Enumerable.Repeat(Instant, 6)]);
        int last = shot.Camera.Frames - 1;
        var rgba = new byte[Width * Height * 4];
        shot.Camera.Draw(last, null);
        shot.Camera.Compositor.ReadRgba(rgba);
        RenderCamera camera = shot.Camera.CameraOf(last);
        GroundPlane ground = shot.Camera.GroundOf(last);
        float[] joints = AthleteRecording.Joints(30);
        // Knees, hips and head cast their shadows from the feet along the light; as far from the ankle the other
        // way, the floor is lit.
        int compared = 0;
        foreach ((string ankleName, string kneeName) in new[] { ("RAnkle", "RKnee"), ("LAnkle", "LKnee"), ("RAnkle", "RHip"), ("LAnkle", "LHip"), ("RAnkle", "Head") })
        {
            Vector3 ankle = Joint(joints, ankleName), knee = Joint(joints, kneeName);
            Vector2 shadow = ground.ShadowOf(knee), foot = ground.ShadowOf(ankle);
            Vector2 lit = (2 * foot) - shadow;
            (int sx, int sy) = Pixel(camera, new Vector3(shadow, ground.Centre.Z));
            (int lx, int ly) = Pixel(camera, new Vector3(lit, ground.Centre.Z));
            if (IsBody(rgba, sx, sy) || IsBody(rgba, lx, ly))
                continue; // hidden behind a leg from this view
            compared++;
            Assert.That(Luma(rgba, sx, sy), Is.LessThan(0.7 * Luma(rgba, lx, ly)),
                $"floor at the shadow of {kneeName} ({sx}, {sy}) vs lit floor opposite ({lx}, {ly})");
        }
        Assert.That(compared, Is.GreaterThanOrEqualTo(3), "shadows in view from above");
        // Seen from above the floor (luma ~95) fills the picture: no dark sky (luma ~35) in the corners.
        double sky = 255 * ((0.2126 * VirtualCamera.Background.X) + (0.7152 * VirtualCamera.Background.Y) + (0.0722 * VirtualCamera.Background.Z));
        Assert.That(new[] { Luma(rgba, 2, 2), Luma(rgba, Width - 3, 2), Luma(rgba, Width / 2, Height - 3) }, Has.All.GreaterThan(sky + 30));
    }

    [Test]
    public void Draw_Dissolve_LastFrameIsTheRealCameraPictureOfTheSameInstant()
    {
        using var temp = new TempFolder();
        using Shot shot = Shot.Make(Device, temp.Path, VirtualCameraShot.Parse("orbit", 4, null), [.. Enumerable.Repeat(Instant, 10)]);
        using var source = new ReplaySource(shot.Catalog, shot.Run, AthleteRecording.Camera, Instant, Instant + new Rational(1, 5), "clip cam01",
            output: FrameOutput.Native);
        var real = new byte[Width * Height * 4];
        var drawn = new byte[Width * Height * 4];
        var opacities = new List<float>();
        var difference = new List<int>();
        for (int k = 0; k < shot.Camera.Frames; k++)
        {
            float opacity = shot.Camera.RealOpacity(k);
            opacities.Add(opacity);
            VideoFrame picture = source.PictureAt(shot.Camera.TimeOf(k))!;
            shot.Real.Draw(picture, source.Capture!.Value, k == 0, shot.Camera.TimeOf(k));
            shot.Real.ReadRgba(real);
            shot.Camera.Draw(k, opacity > 0 ? shot.Real.View.Compositor.Output : null);
            shot.Camera.Compositor.ReadRgba(drawn);
            difference.Add(MaxDifference(real, drawn));
        }
        Assert.That(opacities, Is.EqualTo(new[] { 0f, 0f, 0f, 0f, 0f, 0f, 0.25f, 0.5f, 0.75f, 1f }));
        Assert.That(difference[^1], Is.Zero, "the dissolve's last frame is the real camera's picture, pixel for pixel");
        Assert.That(difference.Take(9), Has.All.GreaterThan(20), "before it, the virtual view still shows through");
        Assert.That(FrameStamp.Read(drawn, Width * 4), Is.EqualTo(30), "the real picture is the one recorded at that instant");
    }

    [Test]
    public void Export_OrbitFreezeWithDissolve_ThenTheRealCameraPlaysOnFromTheSameInstant()
    {
        using var temp = new TempFolder();
        AthleteRecording.Record(temp.Path);
        string clip = temp.File("clip.mp4");
        using (RecordingCatalog catalog = RecordingCatalog.Open(temp.Path))
        {
            ReplayExportResult result = ReplayExporter.Export(catalog, new ReplayExportRequest(AthleteRecording.Camera, ReplayTime.Parse("1.2s", "--in"),
                ReplayTime.Parse("1.6s", "--out"), 0.5, clip) { Virtual = VirtualCameraShot.Parse("orbit", 4, null), FreezeFrames = 12 });
            Assert.That((result.VirtualFrames, result.FramesOut), Is.EqualTo((12L, 31L)), "12 frames frozen on 1.2 s, then the 20 frames of half speed but the one the dissolve ended on");
        }
        // Before the dissolve no stamp (the virtual view); during it the stamp fades in (at 0.75 it may already read);
        // its last frame is the real picture of 1.2 s (stamp 30), and the real camera goes on from the next frame.
        List<int?> stamps = StampedRecording.Stamps(clip);
        Assert.That(stamps.Take(8), Has.All.Null, "the virtual frames before the dissolve");
        List<int?> expected = [30, .. Enumerable.Range(1, 19).Select(k => (int?)(30 + (k / 2)))];
        Assert.That(stamps.Skip(11), Is.EqualTo(expected));
    }

    [Test]
    public void Export_FlyOverTheRangeWithACut_EndsOnTheRealPictureOfTheLastInstant()
    {
        using var temp = new TempFolder();
        AthleteRecording.Record(temp.Path);
        string clip = temp.File("clip.mp4");
        using (RecordingCatalog catalog = RecordingCatalog.Open(temp.Path))
        {
            ReplayExportResult result = ReplayExporter.Export(catalog, new ReplayExportRequest(AthleteRecording.Camera, ReplayTime.Parse("1.2s", "--in"),
                ReplayTime.Parse("1.6s", "--out"), 0.5, clip) { Virtual = VirtualCameraShot.Parse("fly:side", 0, null), Graphics = true });
            Assert.That((result.VirtualFrames, result.FramesOut), Is.EqualTo((20L, 21L)));
        }
        List<int?> expected = [.. Enumerable.Repeat<int?>(null, 20), 39];
        Assert.That(StampedRecording.Stamps(clip), Is.EqualTo(expected), "the virtual shot, then a cut to the real camera at the shot's last instant (1.58 s: picture 39)");
    }

    [Test]
    public void Create_AthleteNotRecorded_RefusedNamingWhoWas()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<ReplayException>(() => Shot.Make(Device, temp.Path, VirtualCameraShot.Parse("orbit", 0, 99), [Instant]).Dispose())!;
        Assert.That(error.Message, Does.Contain("athlete 99 was not tracked at 00:00:01:05").And.Contain("tracked there: 3"));
    }

    [TestCase("spin", "not a camera move")]
    [TestCase("fly:under", "unknown view 'under'")]
    [TestCase("orbit:top", "not a camera move")]
    public void Parse_BadMove_SaysWhatIsAccepted(string text, string says)
    {
        var error = Assert.Throws<ReplayException>(() => VirtualCameraShot.Parse(text, 0, null))!;
        Assert.That(error.Message, Does.StartWith($"--virtual '{text}'").And.Contain(says));
    }

    private static Vector3 Joint(float[] joints, string name)
    {
        int j = RecordedSkeletons.Definition.Require(name);
        return new Vector3(joints[j * 3], joints[(j * 3) + 1], joints[(j * 3) + 2]);
    }

    private static (int X, int Y) Pixel(RenderCamera camera, Vector3 world)
    {
        (Vector2 p, _) = camera.Project(world);
        return ((int)MathF.Round(p.X), (int)MathF.Round(p.Y));
    }

    // The bodies plugin's cyan (0, 0.82, 1), shaded: blue well above red.
    private static bool IsBody(byte[] rgba, int x, int y)
    {
        int i = ((y * Width) + x) * 4;
        return rgba[i + 2] > rgba[i] + 50;
    }

    private static double Luma(byte[] rgba, int x, int y)
    {
        int i = ((y * Width) + x) * 4;
        return (0.2126 * rgba[i]) + (0.7152 * rgba[i + 1]) + (0.0722 * rgba[i + 2]);
    }

    private static (Vector2 Centre, int N) BodyCentre(byte[] rgba)
    {
        Vector2 sum = Vector2.Zero;
        int n = 0;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                if (IsBody(rgba, x, y))
                {
                    sum += new Vector2(x, y);
                    n++;
                }
            }
        }
        return (n == 0 ? new Vector2(float.NaN) : sum / n, n);
    }

    private static int MaxDifference(byte[] a, byte[] b)
    {
        int max = 0;
        for (int i = 0; i < a.Length; i++)
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }

    /// <summary>A recording with the athlete, its catalog, the real camera's painter and a virtual camera over given times.</summary>
    private sealed class Shot : IDisposable
    {
        private readonly PluginCatalog _plugins;

        private Shot(RecordingCatalog catalog, RecordedRun run, PluginCatalog plugins, ReplayGraphics real, VirtualCamera camera) =>
            (Catalog, Run, _plugins, Real, Camera) = (catalog, run, plugins, real, camera);

        public RecordingCatalog Catalog { get; }

        public RecordedRun Run { get; }

        public ReplayGraphics Real { get; }

        public VirtualCamera Camera { get; }

        public static Shot Make(Broadcast3D.Gpu.GpuDevice device, string folder, VirtualCameraShot move, Rational[] times)
        {
            AthleteRecording.Record(folder);
            RecordingCatalog catalog = RecordingCatalog.Open(folder);
            RecordedRun run = catalog.Run(null);
            Camera lens = catalog.Calibration(run, AthleteRecording.Camera);
            var skeletons = new RecordedSkeletons(catalog, run, times[0], times[^1]);
            PluginCatalog plugins = PluginCatalog.Load(PluginsConfig.Default, Serilog.Core.Logger.None);
            var real = new ReplayGraphics(device, lens, Width, Height, skeletons, plugins, new OverlaySelection([]), StampedRecording.Rate, Serilog.Core.Logger.None);
            try
            {
                return new Shot(catalog, run, plugins, real,
                    new VirtualCamera(device, move, times, lens, Width, Height, skeletons, plugins, StampedRecording.Rate, Serilog.Core.Logger.None));
            }
            catch
            {
                real.Dispose();
                plugins.Dispose();
                catalog.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Camera.Dispose();
            Real.Dispose();
            _plugins.Dispose();
            Catalog.Dispose();
        }
    }
}
