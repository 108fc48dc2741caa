using System.Globalization;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Gpu;
using Broadcast3D.Plugins.BuiltIn;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// The plugin layer's cost per programme frame against the hard-wired overlays it replaced, in the same run: 8
/// athletes of the Pose2Sim skeleton walking, each with skeleton, pelvis trail, id label and speed label, over a
/// 1280×720 transparent frame. Baseline ("hard-wired"): what <c>PersonOverlays</c> did per frame — copy the joints,
/// advance a pelvis trail per person, one <c>DrawScene</c> of the skeletons and trails, two <c>DrawLabel</c>s per
/// person. Measured: <see cref="OverlayHost.Prepare"/> + <see cref="OverlayHost.Draw"/> with the built-in plugins.
/// Category "submit": CPU work and GL submission (what the channel thread pays, the GPU working behind it);
/// "frame": the same followed by reading the frame back (the GPU's work included). Target: ratio ≤ 1.1.
/// </summary>
[Config(typeof(InProcessShortRunConfig))]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class OverlayLayerBenchmark
{
    private const int Width = 1280, Height = 720, People = 8, TrailSamples = 60;
    private static readonly Vector4 LabelText = new(1, 1, 1, 1), LabelBox = new(0.04f, 0.06f, 0.08f, 0.7f);

    private readonly SkeletonDefinition _definition = Pose2SimMarkers.Definition;
    private GpuDevice _device = null!;
    private Compositor _compositor = null!;
    private RenderCamera _camera = null!;
    private SkeletonSet _set = null!;
    private OverlayHost _host = null!;
    private byte[] _frame = null!;
    private long _tick;

    // The hard-wired overlays' state.
    private Vector3[][] _joints = null!;
    private SkeletonDrawing[] _skeletons = null!;
    private Trail[] _trails = null!;
    private Vector3[][] _paths = null!;
    private double[][] _times = null!;
    private int[] _samples = null!;
    private string[] _ids = null!, _speeds = null!;

    [GlobalSetup]
    public void Setup()
    {
        _device = GpuDevice.Create();
        _compositor = new Compositor(_device, new CompositorDescription(Width, Height) { ReadbackSlots = 1 });
        _camera = RenderCamera.Orbit(new Vector3(0, 0, 1), 0.5f, 0.3f, 25f, 0.8f, Width, Height);
        _frame = new byte[Width * Height * 4];
        _set = new SkeletonSet(_definition, People) { Count = People };
        using PluginCatalog catalog = PluginCatalog.Load(PluginsConfig.Default, Serilog.Core.Logger.None);
        string[] kinds = ["skeleton", "trails", "labels", "speed"];
        _host = new OverlayHost(_definition, People, [.. kinds.Select(k => catalog.CreateOverlay(k))], new OverlaySelection(kinds), TimeSpan.FromSeconds(1),
            FrameRate.Fps60, PluginsConfig.DefaultBudgetMilliseconds, Serilog.Core.Logger.None);
        _host.PrepareText(_compositor);

        _joints = new Vector3[People][];
        _skeletons = new SkeletonDrawing[People];
        _trails = new Trail[People];
        _paths = new Vector3[People][];
        _times = new double[People][];
        _samples = new int[People];
        _ids = new string[People];
        _speeds = new string[401];
        for (int i = 0; i <= 400; i++)
            _speeds[i] = string.Create(CultureInfo.InvariantCulture, $"{i / 10.0:0.0} m/s");
        int labelPixels = Math.Max(12, Height / 30);
        for (int p = 0; p < People; p++)
        {
            _joints[p] = new Vector3[_definition.KeypointCount];
            _skeletons[p] = new SkeletonDrawing(_joints[p], _definition.Bones, SkeletonOverlay.DefaultColour) { BoneRadiusMetres = 0.02f, JointRadiusMetres = 0.035f };
            _paths[p] = new Vector3[TrailSamples];
            _times[p] = new double[TrailSamples];
            _trails[p] = new Trail(_paths[p], TrailsOverlay.DefaultColour, WidthPixels: 4f);
            _ids[p] = $"#{p}";
            _compositor.PrepareText(_ids[p], labelPixels, bold: true);
        }
        foreach (string s in _speeds)
            _compositor.PrepareText(s, labelPixels, bold: true);
        // A second of walking first, so trails are full and speeds shown in every measured frame.
        for (int i = 0; i < 60; i++)
        {
            HardWiredSubmit();
            PluginsSubmit();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.Dispose();
        _compositor.Dispose();
        _device.Dispose();
    }

    [Benchmark(Baseline = true, Description = "hard-wired overlays")]
    [BenchmarkCategory("submit")]
    public void HardWiredSubmit()
    {
        Walk();
        _compositor.BeginFrame(Vector4.Zero);
        DrawHardWired();
        _compositor.FlushGraphics();
    }

    [Benchmark(Description = "plugin layer (built-ins)")]
    [BenchmarkCategory("submit")]
    public void PluginsSubmit()
    {
        Walk();
        _compositor.BeginFrame(Vector4.Zero);
        _host.Prepare(_set, _set.Time, 0);
        _host.Draw(_compositor, _camera);
        _compositor.FlushGraphics();
    }

    [Benchmark(Baseline = true, Description = "hard-wired overlays + readback")]
    [BenchmarkCategory("frame")]
    public void HardWiredFrame()
    {
        HardWiredSubmit();
        ReadBack();
    }

    [Benchmark(Description = "plugin layer (built-ins) + readback")]
    [BenchmarkCategory("frame")]
    public void PluginsFrame()
    {
        PluginsSubmit();
        ReadBack();
    }

    /// <summary>Reads the frame back (waits for the GPU): the harness's end of a frame.</summary>
    public void ReadBack() => _compositor.ReadRgba(_frame);

    /// <summary>The next picture: every athlete 1/60 s further along a 5 m/s walk.</summary>
    private void Walk()
    {
        _tick++;
        _set.Time = new Rational(_tick, 60);
        for (int p = 0; p < People; p++)
        {
            _set.PersonIds[p] = p;
            Span<float> joints = _set.PersonJoints(p);
            float x = ((p % 4) * 3f) - 4.5f + (_tick % 600 * 5f / 60f) - 25f, y = (p / 4 * 4f) - 2f;
            for (int j = 0; j < _definition.KeypointCount; j++)
            {
                (joints[j * 3], joints[(j * 3) + 1], joints[(j * 3) + 2]) = (x + (0.2f * MathF.Sin(j)), y + (0.2f * MathF.Cos(j)), 1.8f * j / _definition.KeypointCount);
            }
        }
    }

    /// <summary>What PersonOverlays did per picture (no fade): joints copied, pelvis trails and speeds advanced, one scene draw, two labels a person.</summary>
    private void DrawHardWired()
    {
        int head = _definition.Require("Head"), rHip = _definition.Require("RHip"), lHip = _definition.Require("LHip");
        double seconds = _set.Time.ToDouble();
        int labelPixels = Math.Max(12, Height / 30);
        for (int p = 0; p < People; p++)
        {
            ReadOnlySpan<float> joints = _set.PersonJoints(p);
            Vector3[] points = _joints[p];
            for (int j = 0; j < points.Length; j++)
                points[j] = new Vector3(joints[j * 3], joints[(j * 3) + 1], joints[(j * 3) + 2]);
            Vector3 pelvis = (points[rHip] + points[lHip]) * 0.5f;
            Vector3[] path = _paths[p];
            double[] times = _times[p];
            if (_samples[p] == TrailSamples)
            {
                Array.Copy(path, 1, path, 0, TrailSamples - 1);
                Array.Copy(times, 1, times, 0, TrailSamples - 1);
                _samples[p]--;
            }
            path[_samples[p]] = pelvis;
            times[_samples[p]] = seconds;
            _samples[p]++;
            for (int i = _samples[p]; i < TrailSamples; i++)
                path[i] = pelvis;
        }
        _compositor.DrawScene(_camera, _skeletons, _trails);
        for (int p = 0; p < People; p++)
        {
            _compositor.DrawLabel(_camera, _joints[p][head], _ids[p], labelPixels, LabelText, LabelBox, new Vector2(labelPixels * 0.5f, -labelPixels * 0.5f));
            int newest = _samples[p] - 1, from = 0;
            for (int i = newest - 1; i >= 0; i--)
            {
                from = i;
                if (_times[p][newest] - _times[p][i] >= 0.25)
                    break;
            }
            double speed = Vector3.Distance(_paths[p][newest], _paths[p][from]) / (_times[p][newest] - _times[p][from]);
            Vector3 pelvis = _paths[p][newest];
            _compositor.DrawLabel(_camera, pelvis, _speeds[(int)Math.Round(Math.Clamp(speed, 0, 40) * 10)], labelPixels, LabelText, LabelBox, new Vector2(labelPixels, 0));
        }
    }
}
