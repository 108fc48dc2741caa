using System.Numerics;
using BenchmarkDotNet.Attributes;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Passes;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// The privacy blur's cost (issue #21) at the live test rigs' programme size: a 272×480 composite of a 272×480
/// yuv420p plate (upload, conversion, readback, GPU finished), without a region (baseline) and with one athlete-sized
/// region blurred (70×300 pixels, a standing person framed whole) and with four. The Ratio column is the blur's cost
/// relative to the plate alone; on llvmpipe it decides whether the live channel keeps its 60 fps rate.
/// </summary>
[Config(typeof(InProcessShortRunConfig))]
public class PrivacyBlurBenchmark
{
    private const int Width = 272, Height = 480;
    private static readonly Vector4[] OneAthlete = [new(100, 80, 70, 300)];
    private static readonly Vector4[] FourAthletes = [new(10, 80, 60, 300), new(70, 60, 60, 320), new(140, 90, 60, 290), new(200, 70, 60, 310)];
    private GpuDevice _device = null!;
    private Compositor _compositor = null!;
    private VideoPlate _plate = null!;
    private byte[] _y = null!, _cb = null!, _cr = null!, _frame = null!;

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
        new Random(2).NextBytes(_cb);
        new Random(3).NextBytes(_cr);
        _frame = new byte[Width * Height * 4];
    }

    [Benchmark(Baseline = true, Description = "272x480 plate, no region")]
    public void PlateOnly() => Frame([]);

    [Benchmark(Description = "272x480 plate, one athlete blurred")]
    public void OneAthleteBlurred() => Frame(OneAthlete);

    [Benchmark(Description = "272x480 plate, four athletes blurred")]
    public void FourAthletesBlurred() => Frame(FourAthletes);

    private void Frame(ReadOnlySpan<Vector4> regions)
    {
        _plate.UploadYuv420P(_y, Width, _cb, Width / 2, _cr, Width / 2);
        _compositor.BeginFrame(Vector4.Zero);
        _compositor.DrawPlate(_plate, regions);
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
