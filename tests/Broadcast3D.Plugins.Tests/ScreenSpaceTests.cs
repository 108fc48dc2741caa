using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Plugins.BuiltIn;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Plugins.Tests;

/// <summary>
/// Screen-space drawing through the plugin host on the compositor, read back and measured on the pixels: lines at
/// any angle centred on their segment with their width (SDK pixel centres at integers), and the speed gauge, whose
/// needle points at the angle of the athlete's speed and whose bar is filled to it.
/// </summary>
public sealed class ScreenSpaceTests : DeviceTest
{
    private const int Width = 1280, Height = 720;

    [TestCase(100f, 200f, 500f, 330f, 5f)]
    [TestCase(900f, 600f, 1200f, 100f, 3f)]
    [TestCase(200f, 400f, 1100f, 400f, 4f)]
    public void ScreenPolyline_Segment_CoverageCentredOnItWithItsWidth(float x0, float y0, float x1, float y1, float width)
    {
        byte[] rgba = Draw(new ScreenLinesPlugin(width, [new Vector2(x0, y0), new Vector2(x1, y1)]), ["screen-lines"], Athlete.Frames()[0], 0);

        // Along the segment (away from its ends), across it: the coverage-weighted centre and the width covered.
        Vector2 a = new(x0, y0), b = new(x1, y1), along = Vector2.Normalize(b - a), across = new(-along.Y, along.X);
        bool steep = MathF.Abs(along.Y) > MathF.Abs(along.X);
        double worstCentre = 0, worstWidth = 0;
        int checkedPoints = 0;
        for (float t = 0.1f; t <= 0.9f; t += 0.05f)
        {
            Vector2 p = Vector2.Lerp(a, b, t);
            // Sample a pixel column (or row, for a steep line) through the point: the line's coverage on it.
            double sum = 0, weight = 0;
            for (int k = -20; k <= 20; k++)
            {
                int x = steep ? (int)MathF.Round(p.X) + k : (int)MathF.Round(p.X), y = steep ? (int)MathF.Round(p.Y) : (int)MathF.Round(p.Y) + k;
                double alpha = rgba[(((y * Width) + x) * 4) + 3] / 255.0;
                (sum, weight) = (sum + (alpha * (steep ? x : y)), weight + alpha);
            }
            Assert.That(weight, Is.GreaterThan(0), $"no line at ({p.X}, {p.Y})");
            // Where the exact line crosses that column (row), and how long the crossing is: width / |cos|.
            double expected = steep ? x0 + ((x1 - x0) * (MathF.Round(p.Y) - y0) / (y1 - y0)) : y0 + ((y1 - y0) * (MathF.Round(p.X) - x0) / (x1 - x0));
            double crossing = width / Math.Abs(steep ? across.X : across.Y);
            worstCentre = Math.Max(worstCentre, Math.Abs((sum / weight) - expected));
            worstWidth = Math.Max(worstWidth, Math.Abs(weight - crossing));
            checkedPoints++;
        }
        TestContext.Out.WriteLine($"{checkedPoints} crossings: worst centre {worstCentre:F3} px, worst width {worstWidth:F3} px off");
        // Half a pixel: a line of even width centred on a pixel row covers whole pixels, two on one side and two on the other.
        Assert.That(worstCentre, Is.LessThanOrEqualTo(0.5));
        Assert.That(worstWidth, Is.LessThanOrEqualTo(1.0));
    }

    [TestCase(3.7)]
    [TestCase(9.2)]
    public void Draw_SpeedGaugeDial_NeedleAtTheAngleOfTheAthletesSpeed(double speed)
    {
        const double Max = 12;
        byte[] rgba = DrawGaugeOfAthleteRunning(speed, $$"""{"style": "dial", "maxSpeed": {{Max}}, "needleColour": "#FF00FF", "colour": "#00FF00", "trackColour": "#0000FF"}""");

        // The needle's magenta pixels between 30 % and 70 % of the radius, where nothing else is drawn: their angle.
        var centre = new Vector2(0.88f * (Width - 1), 0.8f * (Height - 1));
        float radius = 0.1f * Height;
        double sx = 0, sy = 0, n = 0;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int i = ((y * Width) + x) * 4;
                double r = Vector2.Distance(new Vector2(x, y), centre);
                if (rgba[i] > 200 && rgba[i + 1] < 50 && rgba[i + 2] > 200 && r > 0.3 * radius && r < 0.7 * radius)
                    (sx, sy, n) = (sx + x, sy + y, n + 1);
            }
        }
        Assert.That(n, Is.GreaterThan(10), "the needle is drawn");
        double angle = Math.Atan2(-((sy / n) - centre.Y), (sx / n) - centre.X);
        double expected = SpeedGaugeOverlay.DialRadians(speed, Max);
        double offAtTip = Math.Abs(Math.IEEERemainder(angle - expected, 2 * Math.PI)) * 0.8 * radius;
        TestContext.Out.WriteLine($"{speed} m/s: needle at {angle * 180 / Math.PI:F2}°, expected {expected * 180 / Math.PI:F2}°: {offAtTip:F3} px at its tip");
        Assert.That(offAtTip, Is.LessThanOrEqualTo(1.0));
    }

    [Test]
    public void Draw_SpeedGaugeBar_FilledToTheAthletesSpeed()
    {
        const double Speed = 5.3, Max = 10;
        byte[] rgba = DrawGaugeOfAthleteRunning(Speed, $$"""{"style": "bar", "maxSpeed": {{Max}}, "x": 0.5, "y": 0.1, "colour": "#00FF00", "trackColour": "#0000FF"}""");

        // Along the bar's middle row: green up to the speed, blue after.
        int row = (int)Math.Round(0.1 * (Height - 1));
        float left = (0.5f * (Width - 1)) - (0.1f * Height);
        int lastGreen = -1;
        for (int x = 0; x < Width; x++)
        {
            int i = ((row * Width) + x) * 4;
            if (rgba[i + 1] > 200 && rgba[i] < 50 && rgba[i + 2] < 50)
                lastGreen = x;
        }
        double expectedEdge = left + (2 * 0.1 * Height * Speed / Max);
        TestContext.Out.WriteLine($"bar filled to column {lastGreen} (right edge {lastGreen + 1}); {Speed} of {Max} m/s is at {expectedEdge:F2}");
        Assert.That(lastGreen + 1, Is.EqualTo(expectedEdge).Within(1.0));
    }

    /// <summary>The gauge with <paramref name="settingsJson"/> over the athlete running along x at <paramref name="speed"/> m/s for half a second.</summary>
    private byte[] DrawGaugeOfAthleteRunning(double speed, string settingsJson)
    {
        var settings = PluginSettings.Parse("plugins.settings.speed-gauge", settingsJson);
        var gauge = new SpeedGaugeOverlay();
        gauge.Configure(settings);
        settings.ThrowIfInvalid();
        Vector3[] pose = Athlete.Frames()[60];
        using var compositor = new Compositor(Device, new CompositorDescription(Width, Height) { ReadbackSlots = 1 });
        using OverlayHost host = new(Athlete.Definition, 1, [gauge], new OverlaySelection(["speed-gauge"]), TimeSpan.FromSeconds(1),
            FrameRate.Fps60, 2, Serilog.Core.Logger.None);
        for (int f = 0; f <= 30; f++)
        {
            var step = new Vector3((float)(speed * f / 60), 0, 0);
            host.Prepare(Athlete.Set([.. pose.Select(j => j + step)], f), new Rational(f, 60), 0);
        }
        compositor.BeginFrame(Vector4.Zero);
        host.Draw(compositor, RenderCamera.FromCalibration(Athlete.Camera()));
        byte[] rgba = new byte[Width * Height * 4];
        compositor.ReadRgba(rgba);
        Assert.That(host.Counters().Sum(c => c.Failures), Is.Zero);
        return rgba;
    }

    private byte[] Draw(IOverlayPlugin plugin, string[] kinds, Vector3[] joints, int frame)
    {
        using var compositor = new Compositor(Device, new CompositorDescription(Width, Height) { ReadbackSlots = 1 });
        using OverlayHost host = new(Athlete.Definition, 1, [plugin], new OverlaySelection(kinds), TimeSpan.FromSeconds(1), FrameRate.Fps60, 2,
            Serilog.Core.Logger.None);
        host.Prepare(Athlete.Set(joints, frame), new Rational(frame, 60), 0);
        compositor.BeginFrame(Vector4.Zero);
        Camera camera = Athlete.Camera();
        host.Draw(compositor, RenderCamera.FromCalibration(camera));
        byte[] rgba = new byte[Width * Height * 4];
        compositor.ReadRgba(rgba);
        Assert.That(host.Counters().Sum(c => c.Failures), Is.Zero);
        return rgba;
    }
}
