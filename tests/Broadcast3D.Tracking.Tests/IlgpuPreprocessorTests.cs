using Broadcast3D.Core.Frames;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// The ILGPU crop-preprocessing kernel on ILGPU's CPU accelerator against <see cref="ImagePreprocessor.CropToTensor"/>
/// on real pictures of the Pose2Sim demo — an RGBA calibration image and yuv420p video frames as decoded: both run
/// <see cref="CropSampler"/> on the same planes, so the tensors are equal.
/// </summary>
public sealed class IlgpuPreprocessorTests
{
    private static RgbaImage? s_frame;
    private IlgpuDevice _device = null!;

    private static RgbaImage Calibration => s_frame ??= ImageFile.ReadRgba(
        SharedAssets.Data("pose2sim-demo/S00_Calibration/extrinsics/ext_cam01_img/cam01_ext.png"));

    private static ImagePlanes Picture(string name) => name switch
    {
        "rgba" => ImagePlanes.Rgba(Calibration.Pixels, Calibration.Width, Calibration.Height, Calibration.Stride),
        "yuv420p" => TestFrames.Cam1,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "rgba or yuv420p"),
    };

    [OneTimeSetUp]
    public void OpenDevice() => _device = IlgpuDevice.Open(TrackingAccelerator.Cpu);

    [OneTimeTearDown]
    public void CloseDevice() => _device.Dispose();

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (TestCaseData c in Crops("rgba", "Rgba"))
            yield return c;
        foreach (TestCaseData c in Crops("yuv420p", "Yuv420p"))
            yield return c;
    }

    private static IEnumerable<TestCaseData> Crops(string picture, string label)
    {
        // RTMPose-like: rotated crop, NCHW, RGB, ImageNet mean/std.
        yield return new TestCaseData(new TensorSpec(192, 256, TensorLayout.Nchw, ChannelOrder.Rgb, [123.675f, 116.28f, 103.53f], [58.395f, 57.12f, 57.375f], 0),
            Affine2D.RotatedSquareCrop(540, 900, 700, 0.4, 192), 0, picture).SetName($"CropToTensor_{label}RotatedCropNchwRgb_EqualsReference");
        // BlazePose-like: NHWC, 0..1 scaling, crop leaving the image (pad).
        yield return new TestCaseData(new TensorSpec(256, 256, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [255, 255, 255], 0),
            Affine2D.RotatedSquareCrop(100, 1850, 600, -1.1, 256), 1, picture).SetName($"CropToTensor_{label}CropLeavingImageNhwc_EqualsReference");
        // YOLOX-like: letterbox, BGR, raw 0-255 values, pad 114.
        yield return new TestCaseData(new TensorSpec(416, 416, TensorLayout.Nchw, ChannelOrder.Bgr, [0, 0, 0], [1, 1, 1], 114),
            Affine2D.Letterbox(416.0 / 1920), 2, picture).SetName($"CropToTensor_{label}LetterboxBgrRaw_EqualsReference");
    }

    [TestCaseSource(nameof(Cases))]
    public void CropToTensor(TensorSpec spec, Affine2D map, int slot, string picture)
    {
        ImagePlanes frame = Picture(picture);
        float[] expected = new float[spec.ElementsPerImage];
        ImagePreprocessor.CropToTensor(frame, map, spec, expected);

        int bytes = frame.Plane0.Length + frame.Plane1.Length + frame.Plane2.Length;
        using var preprocessor = new IlgpuPreprocessor(_device, spec, batchCapacity: 3, maxImageBytes: bytes);
        preprocessor.LoadImage(frame);
        preprocessor.CropToTensor(map, slot);
        float[] actual = new float[spec.ElementsPerImage];
        preprocessor.ReadTensor(slot, actual);

        Assert.That(expected.Distinct().Count(), Is.GreaterThan(200), "the crop holds picture content, not a constant");
        float worst = 0;
        for (int i = 0; i < actual.Length; i++)
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        TestContext.Out.WriteLine($"worst |Δ| = {worst:E2} over {actual.Length} values");
        Assert.That(worst, Is.LessThanOrEqualTo(1e-6f));
    }

    [Test]
    public void CropToTensor_SlotOutsideBatch_Throws()
    {
        var spec = new TensorSpec(8, 8, TensorLayout.Nchw, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 0);
        using var preprocessor = new IlgpuPreprocessor(_device, spec, batchCapacity: 1, maxImageBytes: 64);
        preprocessor.LoadImage(ImagePlanes.Rgba(new byte[64], 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => preprocessor.CropToTensor(new Affine2D(1, 0, 0, 0, 1, 0), 1));
    }

    [Test]
    public void LoadImage_LargerThanDeviceBuffer_ThrowsNamingSizes()
    {
        var spec = new TensorSpec(8, 8, TensorLayout.Nchw, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 0);
        using var preprocessor = new IlgpuPreprocessor(_device, spec, batchCapacity: 1, maxImageBytes: 64);
        var ex = Assert.Throws<ArgumentException>(() => preprocessor.LoadImage(ImagePlanes.Rgba(new byte[256], 8, 8)));
        Assert.That(ex!.Message, Does.Contain("256 bytes").And.Contain("64 bytes"));
    }

    [Test]
    public void LoadImage_UyvyPicture_ThrowsNamingLayout()
    {
        var spec = new TensorSpec(8, 8, TensorLayout.Nchw, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 0);
        using var preprocessor = new IlgpuPreprocessor(_device, spec, batchCapacity: 1, maxImageBytes: 1024);
        var ex = Assert.Throws<ArgumentException>(() => preprocessor.LoadImage(new ImagePlanes(PixelLayout.Uyvy, 8, 8, new byte[128], 16)));
        Assert.That(ex!.Message, Does.Contain("Uyvy"));
    }
}
