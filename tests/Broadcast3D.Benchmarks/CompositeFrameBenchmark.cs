using System.Numerics;
using BenchmarkDotNet.Attributes;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Views;
using Broadcast3D.Renderer.Passes;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// One 1080p composite frame: yuv420p plate upload + conversion, 22 shaded skeletons (25 joints, 24 bones each)
/// with trails, 10 text labels and a lower third, then readback of the finished frame (synchronous, GPU finished).
/// Baseline: the plate alone (upload + conversion + readback), so the Ratio column is the cost of the graphics.
/// Compare the mean with the 16.7 ms budget of 59.94 fps.
/// </summary>
[ShortRunJob]
public class CompositeFrameBenchmark
{
    private const int Width = 1920, Height = 1080, Athletes = 22, Joints = 25;
    private GpuDevice _device = null!;
    private Compositor _compositor = null!;
    private VideoPlate _plate = null!;
    private byte[] _y = null!, _cb = null!, _cr = null!, _frame = null!;
    private SkeletonDrawing[] _skeletons = null!;
    private Trail[] _trails = null!;
    private RenderCamera _camera = null!;

    [GlobalSetup]
    public void Setup()
    {
        _device = GpuDevice.Create();
        _compositor = new Compositor(_device, new CompositorDescription(Width, Height) { ReadbackSlots = 1 });
        _plate = new VideoPlate(_device, Width, Height, VideoPlateFormat.Yuv420P);
        _y = new byte[Width * Height];
        _cb = new byte[Width * Height / 4];
        _cr = new byte[Width * Height / 4];
        new Random(1).NextBytes(_y);
        Array.Fill(_cb, (byte)128);
        Array.Fill(_cr, (byte)128);
        _frame = new byte[Width * Height * 4];
        _camera = RenderCamera.Orbit(new Vector3(0, 0, 1), 0.5f, 0.3f, 40f, 0.8f, Width, Height);
        (_skeletons, _trails) = BenchmarkAthletes.Create(Athletes, Joints, new Vector4(1, 0.7f, 0.1f, 1));
    }

    [Benchmark(Baseline = true, Description = "1080p plate only")]
    public void PlateOnly()
    {
        _plate.UploadYuv420P(_y, Width, _cb, Width / 2, _cr, Width / 2);
        _compositor.BeginFrame(Vector4.Zero);
        _compositor.DrawPlate(_plate);
        _compositor.ReadRgba(_frame);
    }

    [Benchmark(Description = "1080p plate + 22 skeletons + 10 labels")]
    public void FullComposite()
    {
        _plate.UploadYuv420P(_y, Width, _cb, Width / 2, _cr, Width / 2);
        _compositor.BeginFrame(Vector4.Zero);
        _compositor.DrawPlate(_plate);
        _compositor.DrawScene(_camera, _skeletons, _trails);
        for (int l = 0; l < 10; l++)
            _compositor.DrawLabel(_camera, _skeletons[l].Joints[Joints - 1], $"PLAYER {l + 1:00}", 22, Vector4.One, new Vector4(0.8f, 0.1f, 0.2f, 0.85f), new Vector2(8, -8));
        _compositor.DrawLowerThird("Broadcast3D", "benchmark frame", new Vector4(1, 0.7f, 0.1f, 1));
        _compositor.ReadRgba(_frame);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plate.Dispose();
        _compositor.Dispose();
        _device.Dispose();
    }
}
