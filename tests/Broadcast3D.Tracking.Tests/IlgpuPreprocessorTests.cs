using Broadcast3D.Media;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// The ILGPU crop-preprocessing kernel on ILGPU's CPU accelerator against <see cref="ImagePreprocessor.CropToTensor"/>
/// on a real calibration frame of the Pose2Sim demo: both run <see cref="CropSampler"/>, so the tensors are equal.
/// </summary>
public sealed class IlgpuPreprocessorTests
{
    private static RgbaImage? s_frame;
    private IlgpuDevice _device = null!;

    private static RgbaImage Frame => s_frame ??= ImageFile.ReadRgba(
        SharedAssets.Data("pose2sim-demo/S00_Calibration/extrinsics/ext_cam01_img/cam01_ext.png"));

    [OneTimeSetUp]
    public void OpenDevice() => _device = IlgpuDevice.Open(TrackingAccelerator.Cpu);

    [OneTimeTearDown]
    public void CloseDevice() => _device.Dispose();

    private static IEnumerable<TestCaseData> Cases()
    {
        // RTMPose-like: rotated crop, NCHW, RGB, ImageNet mean/std.
        yield return new TestCaseData(new TensorSpec(192, 256, TensorLayout.Nchw, ChannelOrder.Rgb, [123.675f, 116.28f, 103.53f], [58.395f, 57.12f, 57.375f], 0),
            Affine2D.RotatedSquareCrop(540, 900, 700, 0.4, 192), 0).SetName("CropToTensor_RotatedCropNchwRgb_EqualsReference");
        // BlazePose-like: NHWC, 0..1 scaling, crop leaving the image (pad).
        yield return new TestCaseData(new TensorSpec(256, 256, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [255, 255, 255], 0),
            Affine2D.RotatedSquareCrop(100, 1850, 600, -1.1, 256), 1).SetName("CropToTensor_CropLeavingImageNhwc_EqualsReference");
        // YOLOX-like: letterbox, BGR, raw 0-255 values, pad 114.
        yield return new TestCaseData(new TensorSpec(416, 416, TensorLayout.Nchw, ChannelOrder.Bgr, [0, 0, 0], [1, 1, 1], 114),
            Affine2D.Letterbox(416.0 / 1920), 2).SetName("CropToTensor_LetterboxBgrRaw_EqualsReference");
    }

    [TestCaseSource(nameof(Cases))]
    public void CropToTensor(TensorSpec spec, Affine2D map, int slot)
    {
        RgbaImage frame = Frame;
        float[] expected = new float[spec.ElementsPerImage];
        ImagePreprocessor.CropToTensor(frame.Pixels, frame.Width, frame.Height, frame.Stride, map, spec, expected);

        using var preprocessor = new IlgpuPreprocessor(_device, spec, batchCapacity: 3, maxImageBytes: frame.Pixels.Length);
        preprocessor.LoadImage(frame.Pixels, frame.Width, frame.Height, frame.Stride);
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
        preprocessor.LoadImage(new byte[64], 4, 4, 16);
        Assert.Throws<ArgumentOutOfRangeException>(() => preprocessor.CropToTensor(new Affine2D(1, 0, 0, 0, 1, 0), 1));
    }

    [Test]
    public void LoadImage_LargerThanDeviceBuffer_ThrowsNamingSizes()
    {
        var spec = new TensorSpec(8, 8, TensorLayout.Nchw, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 0);
        using var preprocessor = new IlgpuPreprocessor(_device, spec, batchCapacity: 1, maxImageBytes: 64);
        var ex = Assert.Throws<ArgumentException>(() => preprocessor.LoadImage(new byte[256], 8, 8, 32));
        Assert.That(ex!.Message, Does.Contain("256 bytes").And.Contain("64 bytes"));
    }
}
