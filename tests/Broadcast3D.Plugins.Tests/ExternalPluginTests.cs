using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Views;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Plugins.Tests;

/// <summary>
/// The sample external plugin loaded by path from a plugin folder (its own collectible load context): found with
/// its version, kind and settings, drawing where the camera model projects, reloaded when its file changes (the old
/// context unloads), and isolated: when it throws it is disabled and the built-ins go on drawing every frame.
/// </summary>
public sealed class ExternalPluginTests : DeviceTest
{
    private static readonly Vector4 Magenta = new(1, 0, 1, 1);

    [Test]
    public void Load_SampleFolder_ListedWithVersionKindSdkAndSettings()
    {
        using var tmp = new TempFolder("b3d-plugins");
        string folder = SamplePlugin.Install(tmp);
        using PluginCatalog catalog = PluginCatalog.Load(Config(folder, """{"sample": {"sizePixels": 20}}"""), Serilog.Core.Logger.None);

        Assert.That(catalog.Refused, Is.Empty);
        PluginInfo sample = catalog.Plugins.Single(p => p.Name == "sample");
        Assert.That((sample.Version, sample.Kind, sample.SdkVersion, sample.Settings), Is.EqualTo(("0.1.0", "overlay", "1.1.0", """{"sizePixels": 20}""")));
        Assert.That(sample.Source, Is.EqualTo(Path.Combine(folder, SamplePlugin.FileName)));
        Assert.That(catalog.Plugins.Where(p => p.Source == "built-in").Select(p => p.Name), Is.SupersetOf(new[] { "skeleton", "labels", "trails", "speed" }));
        Assert.That(catalog.Selection(new OverlayConfig(true, false, false, false)).Enabled, Is.EquivalentTo(new[] { "skeleton", "sample" }),
            "an external overlay is on air once installed");
        Assert.That(catalog.CreateOverlay("sample").GetType().Assembly, Is.Not.SameAs(typeof(IOverlayPlugin).Assembly));
    }

    [Test]
    public void Draw_SamplePlugin_DotCentredOnTheHeadProjection()
    {
        using var tmp = new TempFolder("b3d-plugins");
        using PluginCatalog catalog = PluginCatalog.Load(Config(SamplePlugin.Install(tmp), "{}"), Serilog.Core.Logger.None);
        (byte[] rgba, int w, _, Camera camera, Vector3 head) = DrawOnce(catalog, ["sample"], frame: 50);

        double sx = 0, sy = 0, n = 0;
        for (int i = 0; i < rgba.Length; i += 4)
        {
            if (rgba[i] > 200 && rgba[i + 1] < 50 && rgba[i + 2] > 200)
                (sx, sy, n) = (sx + ((i / 4) % w), sy + ((i / 4) / w), n + 1);
        }
        (double u, double v) = camera.Project(new Vector3d(head.X, head.Y, head.Z));
        TestContext.Out.WriteLine($"{n} magenta pixels centred at ({sx / n:F2}, {sy / n:F2}); head projects to ({u:F2}, {v:F2})");
        Assert.That(n, Is.InRange(100, 200), "one 12-pixel dot");
        Assert.That(Math.Sqrt(Math.Pow((sx / n) - u, 2) + Math.Pow((sy / n) - v, 2)), Is.LessThanOrEqualTo(1.0));
    }

    [Test]
    public void ReloadChanged_AssemblyRewritten_NewInstanceFromANewContextAndTheOldOneUnloads()
    {
        using var tmp = new TempFolder("b3d-plugins");
        string folder = SamplePlugin.Install(tmp);
        string file = Path.Combine(folder, SamplePlugin.FileName);
        using PluginCatalog catalog = PluginCatalog.Load(Config(folder, "{}"), Serilog.Core.Logger.None);
        WeakReference oldContext = LoadAndDrop(catalog);
        Assert.That(catalog.ReloadChanged(), Is.Empty, "nothing changed yet");

        // A rebuilt plugin: same bytes, new modification time, as a copy over it leaves it.
        File.Copy(SamplePlugin.Built, file, overwrite: true);
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(5));
        Assert.That(catalog.ReloadChanged(), Is.EquivalentTo(new[] { "sample", "sample-analytics" }));
        Assert.That(catalog.ReloadChanged(), Is.Empty, "reloaded once per change");

        (byte[] rgba, _, _, _, _) = DrawOnce(catalog, ["sample"], frame: 50);
        Assert.That(CountMagenta(rgba), Is.GreaterThan(100), "the reloaded plugin draws");
        for (int i = 0; i < 20 && oldContext.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.That(oldContext.IsAlive, Is.False, "the old load context was collected once its instances were dropped");
    }

    [Test]
    public void Draw_PluginThrowsEveryFrame_DisabledAfterFiveFailuresWhileTheSkeletonDrawsEveryFrame()
    {
        using var tmp = new TempFolder("b3d-plugins");
        var log = new List<string>();
        using PluginCatalog catalog = PluginCatalog.Load(Config(SamplePlugin.Install(tmp), """{"sample": {"fail": true}}"""), Serilog.Core.Logger.None);
        Vector3[][] frames = Athlete.Frames();
        Camera camera = Athlete.Camera();
        int w = camera.ImageWidth, h = camera.ImageHeight;
        using var compositor = new Compositor(Device, new CompositorDescription(w, h) { ReadbackSlots = 1 });
        using OverlayHost host = new(Athlete.Definition, 1, [catalog.CreateOverlay("skeleton"), catalog.CreateOverlay("sample")],
            new OverlaySelection(["skeleton", "sample"]), TimeSpan.FromSeconds(1), FrameRate.Fps60, 2, CollectingLog.Into(log));
        byte[] rgba = new byte[w * h * 4];
        const int Frames = 20;
        for (int f = 0; f < Frames; f++)
        {
            host.Prepare(Athlete.Set(frames[f], f), new Rational(f, 60), 0);
            compositor.BeginFrame(Vector4.Zero);
            host.Draw(compositor, RenderCamera.FromCalibration(camera));
            compositor.ReadRgba(rgba);
            Assert.That(CountOrange(rgba), Is.GreaterThan(2000), $"frame {f}: the skeleton is drawn");
            Assert.That(CountMagenta(rgba), Is.Zero, $"frame {f}: what the failing plugin drew before throwing is taken back");
        }

        PluginCounters skeleton = host.Counters().Single(c => c.Name == "skeleton"), sample = host.Counters().Single(c => c.Name == "sample");
        TestContext.Out.WriteLine(string.Join("\n", log.Where(l => l.Contains("disabled", StringComparison.Ordinal))));
        Assert.That((sample.Failures, sample.Disabled), Is.EqualTo((5, true)));
        Assert.That(sample.Calls, Is.EqualTo(5 * 2), "Update and Draw until disabled, then never called");
        Assert.That((skeleton.Calls, skeleton.Failures, skeleton.Disabled), Is.EqualTo((Frames * 2L, 0, false)));
        Assert.That(log.Count(l => l.Contains("plugin sample failed in Draw", StringComparison.Ordinal)), Is.EqualTo(5));
        Assert.That(log, Has.One.Contains("plugin sample disabled after 5 failures"));
    }

    [Test]
    public void Load_InvalidSettings_RefusedWithEveryFieldPath()
    {
        using PluginCatalog catalog = PluginCatalog.Load(
            Config(null, """{"trails": {"samples": 1, "colour": "cyan", "widht": 3}, "nosuch": {}}"""), Serilog.Core.Logger.None);

        string refused = string.Join("\n", catalog.Refused);
        TestContext.Out.WriteLine(refused);
        Assert.That(refused, Does.Contain("plugins.settings.trails.samples: must be a whole number from 2 to 600, got 1"));
        Assert.That(refused, Does.Contain("plugins.settings.trails.colour: must be a colour \"#RRGGBB\" or \"#RRGGBBAA\", got \"cyan\""));
        Assert.That(refused, Does.Contain("plugins.settings.trails.widht: unknown setting (this plugin reads: colour, samples, widthPixels)"));
        Assert.That(refused, Does.Contain("plugins.settings.nosuch: no plugin is named 'nosuch'"));
        Assert.That(refused, Does.Not.Contain("no plugin is named 'trails'"), "a refused plugin is still a known name");
        Assert.That(() => catalog.ThrowIfRefused(), Throws.TypeOf<ConfigException>().With.Message.Contains("plugins.settings.trails.samples"));
    }

    [Test]
    public void CreateOverlay_RunTimeSettings_ConfiguredOrRefusedWithFieldPath()
    {
        using PluginCatalog catalog = PluginCatalog.Load(Config(null, "{}"), Serilog.Core.Logger.None);
        using JsonDocument good = JsonDocument.Parse("""{"samples": 120}"""), bad = JsonDocument.Parse("""{"samples": "many"}""");

        Assert.That(catalog.CreateOverlay("trails", good.RootElement).Name, Is.EqualTo("trails"));
        Assert.That(() => catalog.CreateOverlay("trails", bad.RootElement), Throws.TypeOf<PluginSettingsException>()
            .With.Message.EqualTo("plugins.settings.trails.samples: must be a whole number from 2 to 600, got \"many\""));
        Assert.That(() => catalog.CreateOverlay("nosuch"), Throws.ArgumentException.With.Message.Contains("no overlay plugin is named 'nosuch'"));
    }

    [Test]
    public void IsCompatible_OtherMajorVersion_RefusedNamingBothVersions()
    {
        Assert.That(SdkVersion.IsCompatible(new Version(1, 0, 0), out _), Is.True, "an older minor version of the same major");
        Assert.That(SdkVersion.IsCompatible(new Version(1, 1, 3), out _), Is.True, "this minor version");
        Assert.That(SdkVersion.IsCompatible(new Version(2, 0, 0), out string reason), Is.False);
        Assert.That(reason, Is.EqualTo("built against plugin SDK 2.0.0, this host runs SDK 1.1.0: rebuild the plugin against Broadcast3D.Plugins.Abstractions 1.x"));
    }

    [Test]
    public void IsCompatible_NewerMinorVersion_RefusedAsItMayCallMembersThisHostLacks()
    {
        Assert.That(SdkVersion.IsCompatible(new Version(1, 7, 2), out string reason), Is.False);
        Assert.That(reason, Is.EqualTo("built against plugin SDK 1.7.2, this host runs SDK 1.1.0: update Broadcast3D to a host with SDK 1.7 or later, " +
            "or rebuild the plugin against Broadcast3D.Plugins.Abstractions 1.1"));
    }

    [Test]
    public void ReloadInto_AnalyticsAssemblyRewritten_NewInstanceAnalysesAndTheOldContextUnloads()
    {
        using var tmp = new TempFolder("b3d-plugins");
        string folder = SamplePlugin.Install(tmp);
        string file = Path.Combine(folder, SamplePlugin.FileName);
        var log = new List<string>();
        using PluginCatalog catalog = PluginCatalog.Load(Config(folder, "{}"), CollectingLog.Into(log));
        var board = new AnalyticsBoard();
        (AnalyticsHost analytics, OverlayHost overlays, WeakReference oldContext) = Hosts(catalog, board);
        using OverlayHost disposeOverlays = overlays;
        Vector3[][] frames = Athlete.Frames();
        for (int f = 0; f < 3; f++)
            analytics.Analyse(Athlete.Set(frames[f], f));
        Assert.That(board.TryGetMetric("sample-frames", Athlete.PersonId, out double before) ? before : 0, Is.EqualTo(3), "the external analytics ran");
        Assert.That(catalog.ReloadInto(overlays, analytics), Is.Empty, "nothing changed yet");

        File.Copy(SamplePlugin.Built, file, overwrite: true);
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(5));
        Assert.That(catalog.ReloadInto(overlays, analytics), Is.EquivalentTo(new[] { "sample", "sample-analytics" }));
        analytics.Analyse(Athlete.Set(frames[3], 3));

        Assert.That(board.TryGetMetric("sample-frames", Athlete.PersonId, out double after) ? after : 0, Is.EqualTo(1),
            "a new instance analysed the frame set after the reload (its count started over)");
        Assert.That(board.TryGetMetric("head-height", Athlete.PersonId, out double head) ? head : double.NaN,
            Is.EqualTo(frames[3][Athlete.Definition.Require("Head")].Z).Within(1e-6));
        Assert.That(analytics.Counters().Single(c => c.Name == "sample-analytics").Failures, Is.Zero);
        Assert.That(log, Has.None.Contains("not configured"));
        for (int i = 0; i < 20 && oldContext.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.That(oldContext.IsAlive, Is.False, "both hosts dropped the old instances, so the old load context was collected");
    }

    [Test]
    public void PrepareSettings_InvalidThenValid_RefusedWithFieldPathThenAppliedToBothHosts()
    {
        using PluginCatalog catalog = PluginCatalog.Load(Config(null, "{}"), Serilog.Core.Logger.None);
        var board = new AnalyticsBoard();
        var analytics = new AnalyticsHost(Athlete.Definition, 1, catalog.CreateAnalytics(), board, 2, Serilog.Core.Logger.None);
        using OverlayHost overlays = new(Athlete.Definition, 1, catalog.CreateOverlays(), new OverlaySelection(["trails"]), TimeSpan.FromSeconds(1),
            FrameRate.Fps60, 2, Serilog.Core.Logger.None, board);
        using JsonDocument bad = JsonDocument.Parse("""{"thresholdMetres": 5, "thershold": 1}"""), good = JsonDocument.Parse("""{"thresholdMetres": 0.3}""");

        Assert.That(() => catalog.PrepareSettings("jump", bad.RootElement), Throws.TypeOf<PluginSettingsException>().With.Property("Errors").EqualTo(new[]
        {
            "plugins.settings.jump.thresholdMetres: must be a number from 0.03 to 0.5, got 5",
            "plugins.settings.jump.thershold: unknown setting (this plugin reads: thresholdMetres)",
        }));
        Assert.That(() => catalog.PrepareSettings("nosuch", good.RootElement), Throws.ArgumentException.With.Message.Contains("no plugin is named 'nosuch'"));
        Assert.That(catalog.Plugins.Single(p => p.Name == "jump").Settings, Is.EqualTo("{}"), "a refused change changes nothing");

        // A 0.2 m hop of the pelvis: a jump with the default 0.08 m threshold; none with 0.3 m once the change is applied.
        Hop(analytics, 0);
        Assert.That(board.EventCount, Is.EqualTo(1), "the hop is a jump under the configured settings");
        PluginSettingsChange change = catalog.PrepareSettings("jump", good.RootElement);
        Hop(analytics, 60);
        Assert.That(board.EventCount, Is.EqualTo(2), "prepared, not applied: the instance on air still detects");
        change.Apply(overlays, analytics);
        Hop(analytics, 120);
        Assert.That(board.EventCount, Is.EqualTo(2), "the new threshold is in force");
        Assert.That(catalog.Plugins.Single(p => p.Name == "jump").Settings, Is.EqualTo("""{"thresholdMetres": 0.3}"""));
        Assert.That(catalog.CreateAnalytics("jump"), Is.Not.Null, "a later instance (a reload) is configured with the run-time settings");
    }

    /// <summary>The athlete standing, then 20 frame sets with the whole body 0.2 m higher, then standing: 60 sets from <paramref name="first"/>.</summary>
    private static void Hop(AnalyticsHost analytics, int first)
    {
        Vector3[] stand = Athlete.Frames()[0];
        for (int f = first; f < first + 60; f++)
        {
            var rise = new Vector3(0, 0, f - first is >= 20 and < 40 ? 0.2f : 0);
            analytics.Analyse(Athlete.Set([.. stand.Select(j => j + rise)], f));
        }
    }

    /// <summary>
    /// Analytics and overlay hosts of every plugin of <paramref name="catalog"/>, and the sample's load context, weakly:
    /// no reference to a plugin instance is left in the caller's frame, only in the hosts.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (AnalyticsHost, OverlayHost, WeakReference) Hosts(PluginCatalog catalog, AnalyticsBoard board)
    {
        var analytics = new AnalyticsHost(Athlete.Definition, 1, catalog.CreateAnalytics(), board, 2, Serilog.Core.Logger.None);
        var overlays = new OverlayHost(Athlete.Definition, 1, catalog.CreateOverlays(), new OverlaySelection(["sample"]), TimeSpan.FromSeconds(1),
            FrameRate.Fps60, 2, Serilog.Core.Logger.None, board);
        IAnalyticsPlugin sample = catalog.CreateAnalytics("sample-analytics");
        return (analytics, overlays, new WeakReference(System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(sample.GetType().Assembly)));
    }

    /// <summary>Loads the sample through the catalog and drops every reference to it, returning its load context weakly.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndDrop(PluginCatalog catalog)
    {
        IOverlayPlugin plugin = catalog.CreateOverlay("sample");
        return new WeakReference(System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(plugin.GetType().Assembly));
    }

    private (byte[] Rgba, int Width, int Height, Camera Camera, Vector3 Head) DrawOnce(PluginCatalog catalog, string[] kinds, int frame)
    {
        Vector3[] joints = Athlete.Frames()[frame];
        Camera camera = Athlete.Camera();
        int w = camera.ImageWidth, h = camera.ImageHeight;
        using var compositor = new Compositor(Device, new CompositorDescription(w, h) { ReadbackSlots = 1 });
        using OverlayHost host = new(Athlete.Definition, 1, [.. kinds.Select(k => catalog.CreateOverlay(k))], new OverlaySelection(kinds),
            TimeSpan.FromSeconds(1), FrameRate.Fps60, 2, Serilog.Core.Logger.None);
        host.Prepare(Athlete.Set(joints, frame), new Rational(frame, 60), 0);
        compositor.BeginFrame(Vector4.Zero);
        host.Draw(compositor, RenderCamera.FromCalibration(camera));
        byte[] rgba = new byte[w * h * 4];
        compositor.ReadRgba(rgba);
        Assert.That(host.Counters().Sum(c => c.Failures), Is.Zero);
        return (rgba, w, h, camera, joints[Athlete.Definition.Require("Head")]);
    }

    private static int CountMagenta(byte[] rgba)
    {
        int n = 0;
        for (int i = 0; i < rgba.Length; i += 4)
            n += rgba[i] > 200 && rgba[i + 1] < 50 && rgba[i + 2] > 200 ? 1 : 0;
        return n;
    }

    // The skeleton's orange, shaded: red high, green about two thirds of it, blue low.
    private static int CountOrange(byte[] rgba)
    {
        int n = 0;
        for (int i = 0; i < rgba.Length; i += 4)
            n += rgba[i] > 60 && rgba[i + 1] > rgba[i] / 3 && rgba[i + 1] < rgba[i] && rgba[i + 2] < 30 ? 1 : 0;
        return n;
    }

    private static PluginsConfig Config(string? folder, string settingsJson)
    {
        using JsonDocument doc = JsonDocument.Parse(settingsJson);
        Dictionary<string, JsonElement> settings = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        return new PluginsConfig(folder is null ? [] : [folder], settings, PluginsConfig.DefaultBudgetMilliseconds);
    }
}
