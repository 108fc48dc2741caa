using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Plugins.BuiltIn;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Views;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Plugins.Tests;

/// <summary>
/// The ghost built-in over a live athlete: the recorded attempt is the Balancing trial's reference TRC (from ../shared),
/// read through the plugin settings as a user configures it; the live athlete is the same motion later, elsewhere on
/// the floor (and turned), so once aligned at the start the ghost's joints must land on the CPU projection of the
/// recorded 3D moved (and turned) the same way, within a pixel, through the calibrated camera with its distortion.
/// </summary>
public sealed class GhostTests : DeviceTest
{
    // Where the live attempt is, relative to the recorded one: moved on the floor, and turned about the vertical
    // through the recorded first pelvis.
    private static readonly Vector3 Offset = new(0.5f, -0.3f, 0);

    [Test]
    public void Draw_GhostConfiguredStarts_JointsOnTheProjectionOfTheAlignedRecording()
    {
        // Recorded frame k (k from 0) is live frame k + 20; recorded start: frame 10 (its time from the first frame),
        // live start: frame 30.
        const int Lag = 20;
        string settings = $$"""{"attempt": {{JsonSerializer.Serialize(ReferenceTrc())}}, "startSeconds": {{Invariant(30 / 60.0)}}, "attemptStartSeconds": {{Invariant(10 / 60.0)}}, "bones": false, "jointRadiusMetres": 0.02, "colour": "#00FFFF"}""";
        Measure(settings, Lag, yawDegrees: 0, analytics: false, checkedFrames: [30, 55, 80]);
    }

    [Test]
    public void Draw_GhostMotionStartAndYaw_JointsOnTheProjectionOfTheAlignedRecording()
    {
        // The live athlete stands still for half a second as the recording's first frame, then does the recorded
        // attempt, 25° turned: both starts come from the motion-start detector, the turn from the hips at the start.
        const int Lag = 30;
        string settings = $$"""{"attempt": {{JsonSerializer.Serialize(ReferenceTrc())}}, "alignYaw": true, "bones": false, "jointRadiusMetres": 0.02, "colour": "#00FFFF"}""";
        Measure(settings, Lag, yawDegrees: 25, analytics: true, checkedFrames: [60, 90, 125]);
    }

    [Test]
    public void Load_GhostAttemptMissing_RefusedWithTheFieldPathAndTheFile()
    {
        using var tmp = new TempFolder("b3d-ghost");
        using PluginCatalog catalog = PluginCatalog.Load(Config("""{"attempt": "attempts/nowhere.trc"}""", tmp.Path), Serilog.Core.Logger.None);

        string refused = string.Join("\n", catalog.Refused);
        TestContext.Out.WriteLine(refused);
        Assert.That(refused, Does.StartWith($"plugins.settings.ghost.attempt: {Path.Combine(tmp.Path, "attempts", "nowhere.trc")} does not read as a recorded attempt"));
    }

    private void Measure(string settingsJson, int lag, float yawDegrees, bool analytics, int[] checkedFrames)
    {
        Vector3[][] recorded = Athlete.Frames();
        Camera camera = Athlete.Camera();
        int w = camera.ImageWidth, h = camera.ImageHeight;
        int rHip = Athlete.Definition.Require("RHip"), lHip = Athlete.Definition.Require("LHip");
        Vector3 pivot = ((recorded[0][rHip] + recorded[0][lHip]) * 0.5f) with { Z = 0 };
        Matrix4x4 turn = Matrix4x4.CreateRotationZ(yawDegrees * MathF.PI / 180);
        // The recorded 3D moved and turned as the live attempt is: what the aligned ghost must be.
        Vector3 Moved(Vector3 p) => Vector3.Transform(p - pivot, turn) + pivot + Offset;
        Vector3[] Live(int f) => [.. recorded[Math.Clamp(f - lag, 0, recorded.Length - 1)].Select(Moved)];

        using PluginCatalog catalog = PluginCatalog.Load(Config(settingsJson, Environment.CurrentDirectory), Serilog.Core.Logger.None);
        Assert.That(catalog.Refused, Is.Empty);
        var board = new AnalyticsBoard();
        var detectors = new AnalyticsHost(Athlete.Definition, 1, analytics ? [catalog.CreateAnalytics("motion-start")] : [], board, 2, Serilog.Core.Logger.None);
        using OverlayHost host = new(Athlete.Definition, 1, [catalog.CreateOverlay("ghost")], new OverlaySelection(["ghost"]), TimeSpan.FromSeconds(1),
            FrameRate.Fps60, 2, Serilog.Core.Logger.None, board);
        using var compositor = new Compositor(Device, new CompositorDescription(w, h) { ReadbackSlots = 1 });
        byte[] rgba = new byte[w * h * 4];
        int last = checkedFrames.Max(), measured = 0;
        double worst = 0;
        for (int f = 0; f <= last; f++)
        {
            var set = Athlete.Set(Live(f), f);
            detectors.Analyse(set);
            host.Prepare(set, new Rational(f, 60), 0);
            if (f != 5 && !checkedFrames.Contains(f))
                continue;
            compositor.BeginFrame(Vector4.Zero);
            host.Draw(compositor, RenderCamera.FromCalibration(camera));
            compositor.ReadRgba(rgba);
            if (f == 5)
            {
                Assert.That(rgba.Where((_, i) => i % 4 == 3).Count(a => a > 0), Is.Zero, "no ghost before the start");
                continue;
            }
            (double Worst, int Joints) frame = CompareJoints(rgba, w, h, camera, Live(f));
            TestContext.Out.WriteLine($"frame {f}: {frame.Joints} separate joints, worst {frame.Worst:F3} px from the projection of the aligned recording");
            Assert.That(frame.Joints, Is.GreaterThanOrEqualTo(6), $"frame {f}: joints in view and apart");
            (worst, measured) = (Math.Max(worst, frame.Worst), measured + frame.Joints);
        }
        Assert.That(host.Counters().Single().Failures, Is.Zero);
        Assert.That(worst, Is.LessThanOrEqualTo(1.0));
    }

    /// <summary>
    /// For each joint whose projection is at least 32 px from every other (so its ball stands alone), the centre of the
    /// drawn pixels within 14 px of the projection of <paramref name="expected"/>: the worst distance, and how many.
    /// </summary>
    private static (double Worst, int Joints) CompareJoints(byte[] rgba, int w, int h, Camera camera, Vector3[] expected)
    {
        var projected = expected.Select(p => camera.Project(new Vector3d(p.X, p.Y, p.Z))).ToArray();
        double worst = 0;
        int n = 0;
        for (int j = 0; j < projected.Length; j++)
        {
            (double u, double v) = projected[j];
            bool alone = projected.Where((_, k) => k != j).All(q => Math.Sqrt(Math.Pow(q.Item1 - u, 2) + Math.Pow(q.Item2 - v, 2)) >= 32);
            if (!alone || u < 16 || v < 16 || u > w - 17 || v > h - 17)
                continue;
            double sx = 0, sy = 0, sw = 0;
            for (int y = (int)v - 14; y <= (int)v + 14; y++)
            {
                for (int x = (int)u - 14; x <= (int)u + 14; x++)
                {
                    double a = rgba[(((y * w) + x) * 4) + 3];
                    (sx, sy, sw) = (sx + (a * x), sy + (a * y), sw + a);
                }
            }
            Assert.That(sw, Is.GreaterThan(0), $"joint {Athlete.Definition.KeypointNames[j]}: no ghost at its projection ({u:F1}, {v:F1})");
            worst = Math.Max(worst, Math.Sqrt(Math.Pow((sx / sw) - u, 2) + Math.Pow((sy / sw) - v, 2)));
            n++;
        }
        return (worst, n);
    }

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string ReferenceTrc()
    {
        string[] trc = Directory.GetFiles(Path.Combine(SharedAssets.BalancingTrial, "pose-3d"), "*_0-100.trc");
        Assert.That(trc, Has.Length.EqualTo(1), $"one *_0-100.trc reference in {SharedAssets.BalancingTrial}/pose-3d");
        return trc[0];
    }

    private static PluginsConfig Config(string ghostJson, string baseDirectory)
    {
        using JsonDocument doc = JsonDocument.Parse(ghostJson);
        return new PluginsConfig([], new Dictionary<string, JsonElement> { ["ghost"] = doc.RootElement.Clone() }, PluginsConfig.DefaultBudgetMilliseconds)
        {
            BaseDirectory = baseDirectory,
        };
    }
}
