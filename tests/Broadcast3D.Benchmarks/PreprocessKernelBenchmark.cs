using BenchmarkDotNet.Attributes;
using Broadcast3D.Core.Frames;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// One BlazePose crop (256 × 256, NHWC, rotated) of a real 1088 × 1920 demo frame: the ILGPU kernel on the CPU
/// accelerator (upload of the frame, kernel, download of the tensor, as a CPU inference needs it) against the
/// plain C# <see cref="ImagePreprocessor"/> (baseline). Both run <see cref="CropSampler"/>. States by its Ratio
/// whether the CPU accelerator is worth using for preprocessing (it is not: see docs/ilgpu.md). The two
/// <see cref="ICropPreprocessor"/> rows are the models' input path: what <c>--preprocess auto</c> resolves to here
/// (the reference behind the interface: its ratio says the interface costs nothing) and <c>--preprocess cpu</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRunConfig))]
public class PreprocessKernelBenchmark
{
    private static readonly TensorSpec Spec = new(256, 256, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [255, 255, 255], 0);
    private readonly float[] _tensor = new float[Spec.ElementsPerImage];
    private readonly Affine2D _map = Affine2D.RotatedSquareCrop(540, 900, 700, 0.4, 256);
    private ImagePlanes _frame;
    private IlgpuDevice _device = null!;
    private IlgpuPreprocessor _kernel = null!;
    private ICropPreprocessor _auto = null!;
    private ICropPreprocessor _cpu = null!;

    [GlobalSetup]
    public void Setup()
    {
        RgbaImage image = ImageFile.ReadRgba(SharedAssets.Data("pose2sim-demo/S00_Calibration/extrinsics/ext_cam01_img/cam01_ext.png"));
        _frame = ImagePlanes.Rgba(image.Pixels, image.Width, image.Height, image.Stride);
        _device = IlgpuDevice.Open(TrackingAccelerator.Cpu);
        _kernel = new IlgpuPreprocessor(_device, Spec, batchCapacity: 1, maxImageBytes: _frame.Plane0.Length);
        _auto = CropPreprocessors.Create(TrackingAccelerator.Auto, Spec);
        _cpu = CropPreprocessors.Create(TrackingAccelerator.Cpu, Spec);
    }

    [Benchmark(Baseline = true, Description = "reference (C#, 1 thread)")]
    public void Reference() => ImagePreprocessor.CropToTensor(_frame, _map, Spec, _tensor);

    [Benchmark(Description = "ILGPU CPU accelerator, upload + crop + download")]
    public void IlgpuCpu()
    {
        _kernel.LoadImage(_frame);
        _kernel.CropToTensor(_map, 0);
        _kernel.ReadTensor(0, _tensor);
    }

    [Benchmark(Description = "--preprocess auto (here: the reference through ICropPreprocessor)")]
    public void AutoInputPath()
    {
        _auto.Load(_frame);
        _auto.Crop(_map, _tensor);
    }

    [Benchmark(Description = "--preprocess cpu (IlgpuCropPreprocessor: upload + crop + copy to host)")]
    public void CpuInputPath()
    {
        _cpu.Load(_frame);
        _cpu.Crop(_map, _tensor);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _auto.Dispose();
        _cpu.Dispose();
        _kernel.Dispose();
        _device.Dispose();
    }
}
