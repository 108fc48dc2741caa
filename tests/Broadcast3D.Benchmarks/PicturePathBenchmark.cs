using System.Numerics;
using BenchmarkDotNet.Attributes;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Views;
using Broadcast3D.Renderer.Passes;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Issue #12's "live composite + readback at 1080p": today's picture path against the new one, same overlays
/// (22 skeletons with trails, 10 labels), in one run. Today (baseline): a BGRA camera picture uploaded into an RGBA
/// texture and drawn with DrawImage, the scene, a synchronous RGBA readback (ReadbackPool TryBegin then
/// TryComplete at once) and the copy every sink made into its own buffer. New: the decoded yuv420p planes uploaded
/// into a VideoPlate and converted in the plate pass, the scene, the GPU yuv420p conversion for x264 and
/// ProgramReadback pipelined one frame deep into a pooled Picture (released at once, as a sink would after
/// sending). Target: the new mean ≤ 0.5× today's; steady state allocates nothing. The two "readback alone" rows
/// split the cost: composition (plate + scene + labels) against what the picture path itself adds.
/// </summary>
[Config(typeof(InProcessShortRunConfig))]
[MemoryDiagnoser]
public class PicturePathBenchmark
{
    private const int Width = 1920, Height = 1080, Athletes = 22, Joints = 25;
    private static readonly Vector4 s_labelText = Vector4.One, s_labelBox = new(0.8f, 0.1f, 0.2f, 0.85f);
    private readonly string[] _labels = Enumerable.Range(1, 10).Select(i => $"#{i}").ToArray();
    private GpuDevice _device = null!;
    private Compositor _compositor = null!;
    private GpuTexture _cameraTexture = null!;
    private VideoPlate _plate = null!;
    private ProgramReadback _readback = null!;
    private readonly Picture?[] _pictures = new Picture?[1];
    private byte[] _bgra = null!, _rgba = null!, _sink = null!, _y = null!, _cb = null!, _cr = null!;
    private SkeletonDrawing[] _skeletons = null!;
    private Trail[] _trails = null!;
    private RenderCamera _camera = null!;
    private long _frame;

    [GlobalSetup]
    public void Setup()
    {
        _device = GpuDevice.Create();
        _compositor = new Compositor(_device, new CompositorDescription(Width, Height) { ReadbackSlots = 1 });
        _cameraTexture = _device.CreateTexture(new TextureDescription(Width, Height, TextureFormat.Rgba8));
        _plate = new VideoPlate(_device, Width, Height, VideoPlateFormat.Yuv420P);
        _readback = new ProgramReadback(_device, Width, Height, [PixelLayout.Yuv420P], picturesPerLayout: 3);
        var random = new Random(1);
        _bgra = new byte[Width * Height * 4];
        random.NextBytes(_bgra);
        _rgba = new byte[Width * Height * 4];
        _sink = new byte[Width * Height * 4];
        _y = new byte[Width * Height];
        _cb = new byte[Width * Height / 4];
        _cr = new byte[Width * Height / 4];
        random.NextBytes(_y);
        random.NextBytes(_cb);
        random.NextBytes(_cr);
        _camera = RenderCamera.Orbit(new Vector3(0, 0, 1), 0.5f, 0.3f, 40f, 0.8f, Width, Height);
        (_skeletons, _trails) = BenchmarkAthletes.Create(Athletes, Joints, new Vector4(1, 0.65f, 0, 1));
    }

    [Benchmark(Baseline = true, Description = "today: BGRA upload + DrawImage, sync RGBA readback, sink copy")]
    public void Today()
    {
        _cameraTexture.Upload(_bgra);
        _compositor.BeginFrame(new Vector4(0, 0, 0, 1));
        _compositor.DrawImage(_cameraTexture, 0, 0, Width, Height);
        DrawOverlays();
        _compositor.FlushGraphics();
        if (!_compositor.Readback.TryBegin(_compositor.Target, out int slot) || !_compositor.Readback.TryComplete(slot, _rgba, TimeSpan.FromSeconds(5)))
            throw new GpuException("readback failed");
        _rgba.AsSpan().CopyTo(_sink);
    }

    [Benchmark(Description = "new: yuv420p plate, GPU yuv420p, pipelined ProgramReadback")]
    public void New()
    {
        _plate.UploadYuv420P(_y, Width, _cb, Width / 2, _cr, Width / 2);
        _compositor.BeginFrame(new Vector4(0, 0, 0, 1));
        _compositor.DrawPlate(_plate);
        DrawOverlays();
        _compositor.FlushGraphics();
        _readback.Submit(_compositor.Output, _frame, new Rational(_frame, 25), 0, _pictures);
        _frame++;
        _pictures[0]?.Release();
    }

    [Benchmark(Description = "today's readback alone: sync RGBA readback + sink copy")]
    public void TodayReadbackOnly()
    {
        if (!_compositor.Readback.TryBegin(_compositor.Target, out int slot) || !_compositor.Readback.TryComplete(slot, _rgba, TimeSpan.FromSeconds(5)))
            throw new GpuException("readback failed");
        _rgba.AsSpan().CopyTo(_sink);
    }

    [Benchmark(Description = "new readback alone: GPU yuv420p + pipelined ProgramReadback")]
    public void NewReadbackOnly()
    {
        _readback.Submit(_compositor.Output, _frame, new Rational(_frame, 25), 0, _pictures);
        _frame++;
        _pictures[0]?.Release();
    }

    private void DrawOverlays()
    {
        _compositor.DrawScene(_camera, _skeletons, _trails);
        for (int l = 0; l < _labels.Length; l++)
            _compositor.DrawLabel(_camera, _skeletons[l].Joints[Joints - 1], _labels[l], 22, s_labelText, s_labelBox, new Vector2(8, -8));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Span<Picture?> last = _pictures;
        _readback.Flush(last);
        _pictures[0]?.Release();
        _readback.Dispose();
        _plate.Dispose();
        _cameraTexture.Dispose();
        _compositor.Dispose();
        _device.Dispose();
    }
}
