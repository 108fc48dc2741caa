using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Tracking.Tests;

/// <summary>Parsing, resolving and creating the models' input stage (<c>--preprocess</c>, <c>tracking.preprocess</c>).</summary>
public sealed class CropPreprocessorsTests
{
    [TestCase("auto", TrackingAccelerator.Auto)]
    [TestCase("cuda", TrackingAccelerator.Cuda)]
    [TestCase("opencl", TrackingAccelerator.OpenCL)]
    [TestCase("cpu", TrackingAccelerator.Cpu)]
    [TestCase("reference", TrackingAccelerator.Reference)]
    public void TryParse_KnownName_ReturnsItsKind(string name, TrackingAccelerator expected)
    {
        Assert.That(CropPreprocessors.TryParse(name, out TrackingAccelerator parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(expected));
    }

    [TestCase("cuda-float")]
    [TestCase("cpu-float")]
    [TestCase("gpu")]
    [TestCase("CPU")]
    [TestCase("")]
    [TestCase(null)]
    public void TryParse_FloatKindOrUnknownName_ReturnsFalse(string? name) =>
        Assert.That(CropPreprocessors.TryParse(name, out _), Is.False);

    [TestCase(TrackingAccelerator.CudaFloat, "cuda-float")]
    [TestCase(TrackingAccelerator.OpenCLFloat, "opencl-float")]
    [TestCase(TrackingAccelerator.CpuFloat, "cpu-float")]
    public void Resolve_FloatKind_ThrowsNamingOptionAndChoices(TrackingAccelerator kind, string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => CropPreprocessors.Resolve(kind, "tracking.preprocess"));
        Assert.That(ex!.Message, Does.StartWith($"tracking.preprocess: '{name}' is not a preprocessing choice").And.Contain("use auto, cuda, opencl, cpu, reference"));
    }

    [Test]
    public void Resolve_EachGpuKind_ReturnsItOrThrowsNamingOptionAndReason()
    {
        foreach (AcceleratorAvailability a in TrackingAccelerators.Probe())
        {
            if (a.Usable)
            {
                Assert.That(CropPreprocessors.Resolve(a.Kind, "--preprocess"), Is.EqualTo(a.Kind));
                continue;
            }

            var ex = Assert.Throws<AcceleratorUnavailableException>(() => CropPreprocessors.Resolve(a.Kind, "--preprocess"));
            Assert.That(ex!.OptionName, Is.EqualTo("--preprocess"));
            Assert.That(ex.Message, Does.StartWith($"--preprocess {TrackingAccelerators.Name(a.Kind)}: {a.Reason}"));
        }
    }

    [Test]
    public void Resolve_Auto_PicksTheKernelOnlyOnAGpu()
    {
        bool gpu = TrackingAccelerators.Probe().Any(a => a.Usable && a.Kind != TrackingAccelerator.Cpu);
        TrackingAccelerator resolved = CropPreprocessors.Resolve(TrackingAccelerator.Auto, "--preprocess");
        // Never ILGPU's CPU accelerator: it crops ~117× slower than the reference (docs/ilgpu.md).
        Assert.That(resolved, gpu ? Is.AnyOf(TrackingAccelerator.Cuda, TrackingAccelerator.OpenCL) : Is.EqualTo(TrackingAccelerator.Reference));
    }

    [Test]
    public void Create_ReferenceAndCpu_GiveTheirImplementationsWithEqualTensors()
    {
        var spec = new TensorSpec(48, 64, TensorLayout.Nchw, ChannelOrder.Bgr, [10, 20, 30], [2, 3, 4], 114);
        using ICropPreprocessor reference = CropPreprocessors.Create(TrackingAccelerator.Reference, spec);
        using ICropPreprocessor kernel = CropPreprocessors.Create(TrackingAccelerator.Cpu, spec);
        Assert.That(reference, Is.TypeOf<ReferenceCropPreprocessor>());
        Assert.That(reference.Name, Is.EqualTo("reference"));
        Assert.That(kernel, Is.TypeOf<IlgpuCropPreprocessor>());
        Assert.That(kernel.Name, Does.StartWith("ilgpu cpu ("));

        // A small picture, then a larger one: the kernel's device buffer grows; both stay equal to the reference.
        foreach ((int w, int h) in new[] { (40, 30), (120, 90) })
        {
            ImagePlanes picture = Gradient(w, h);
            Affine2D map = Affine2D.RotatedSquareCrop(w / 2.0, h / 2.0, h * 1.4, 0.3, 48);
            float[] expected = new float[spec.ElementsPerImage], actual = new float[spec.ElementsPerImage];
            reference.Load(picture);
            reference.Crop(map, expected);
            kernel.Load(picture);
            kernel.Crop(map, actual);
            Assert.That(actual, Is.EqualTo(expected), $"{w}x{h}");
            Assert.That(expected, Has.Some.EqualTo((114f - 10) / 2), "the crop leaves the picture, so pad values are compared too");
        }
    }

    [Test]
    public void Crop_BeforeLoadOrWrongLength_ThrowsSayingWhat()
    {
        var spec = new TensorSpec(8, 8, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 0);
        using ICropPreprocessor reference = CropPreprocessors.Create(TrackingAccelerator.Reference, spec);
        using ICropPreprocessor kernel = CropPreprocessors.Create(TrackingAccelerator.Cpu, spec);
        foreach (ICropPreprocessor p in new[] { reference, kernel })
        {
            var notLoaded = Assert.Throws<InvalidOperationException>(() => p.Crop(Affine2D.Letterbox(1), new float[spec.ElementsPerImage]));
            Assert.That(notLoaded!.Message, Does.Contain("Load a picture"), p.Name);
            p.Load(Gradient(16, 16));
            var wrong = Assert.Throws<ArgumentException>(() => p.Crop(Affine2D.Letterbox(1), new float[5]));
            Assert.That(wrong!.Message, Does.Contain("destination holds 5 floats, the tensor needs 192"), p.Name);
        }
    }

    [Test]
    public void Load_UyvyPicture_ThrowsNamingTheLayout()
    {
        var spec = new TensorSpec(8, 8, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 0);
        using ICropPreprocessor reference = CropPreprocessors.Create(TrackingAccelerator.Reference, spec);
        using ICropPreprocessor kernel = CropPreprocessors.Create(TrackingAccelerator.Cpu, spec);
        var uyvy = new ImagePlanes(PixelLayout.Uyvy, 16, 16, new byte[16 * 16 * 2], 32, default, 0, default, 0);
        foreach (ICropPreprocessor p in new[] { reference, kernel })
        {
            var ex = Assert.Throws<ArgumentException>(() => p.Load(uyvy));
            Assert.That(ex!.Message, Does.Contain("Uyvy").IgnoreCase, p.Name);
        }
    }

    /// <summary>An RGBA picture whose channels vary with x and y, so any sampling error shows.</summary>
    private static ImagePlanes Gradient(int w, int h)
    {
        byte[] pixels = new byte[w * h * 4];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int o = ((y * w) + x) * 4;
                pixels[o] = (byte)(x * 255 / w);
                pixels[o + 1] = (byte)(y * 255 / h);
                pixels[o + 2] = (byte)((x + y) * 7);
                pixels[o + 3] = 255;
            }
        }
        return ImagePlanes.Rgba(pixels, w, h);
    }
}
