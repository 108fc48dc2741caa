using Broadcast3D.Gpu;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Gpu;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Gpu.Tests;

/// <summary>The preprocessing kernel equals <see cref="ImagePreprocessor.CropToTensor"/> within 1e-3 on a real frame.</summary>
public sealed class PreprocessKernelTests : GpuTestBase
{
    private const float Tolerance = 1e-3f;
    private static RgbaImage? s_frame;

    private static RgbaImage Frame => s_frame ??= ImageFile.ReadRgba(
        SharedAssets.Data("pose2sim-demo/S00_Calibration/extrinsics/ext_cam01_img/cam01_ext.png"));

    private static IEnumerable<TestCaseData> Cases()
    {
        // RTMPose-like: rotated crop, NCHW, RGB, ImageNet mean/std.
        yield return new TestCaseData(new TensorSpec(192, 256, TensorLayout.Nchw, ChannelOrder.Rgb, [123.675f, 116.28f, 103.53f], [58.395f, 57.12f, 57.375f], 0),
            Affine2D.RotatedSquareCrop(540, 900, 700, 0.4, 192), 0).SetName("CropToTensor_RotatedCropNchwRgb_EqualsCpu");
        // BlazePose-like: NHWC, 0..1 scaling, crop leaving the image (pad).
        yield return new TestCaseData(new TensorSpec(256, 256, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [255, 255, 255], 0),
            Affine2D.RotatedSquareCrop(100, 1850, 600, -1.1, 256), 1).SetName("CropToTensor_CropLeavingImageNhwc_EqualsCpu");
        // YOLOX-like: letterbox, BGR, raw 0-255 values (std 1: the strictest case for position precision).
        yield return new TestCaseData(new TensorSpec(416, 416, TensorLayout.Nchw, ChannelOrder.Bgr, [0, 0, 0], [1, 1, 1], 114),
            Affine2D.Letterbox(416.0 / 1920), 2).SetName("CropToTensor_LetterboxBgrRaw_EqualsCpu");
    }

    [TestCaseSource(nameof(Cases))]
    public void CropToTensor(TensorSpec spec, Affine2D map, int slot)
    {
        RgbaImage frame = Frame;
        float[] expected = new float[spec.ElementsPerImage];
        ImagePreprocessor.CropToTensor(frame.Pixels, frame.Width, frame.Height, frame.Stride, map, spec, expected);

        using GpuTexture texture = Device.CreateTexture(new TextureDescription(frame.Width, frame.Height, TextureFormat.Rgba8, TextureFilter.Nearest));
        texture.Upload(frame.Pixels, frame.Stride, 0, 0, frame.Width, frame.Height);
        using var preprocessor = new GpuPreprocessor(Device, spec, batchCapacity: 3);
        preprocessor.CropToTensor(texture, map, slot);
        float[] actual = new float[spec.ElementsPerImage];
        preprocessor.ReadTensor(slot, actual);

        Assert.That(expected.Distinct().Count(), Is.GreaterThan(200), "the crop holds picture content, not a constant");
        float worst = 0;
        for (int i = 0; i < actual.Length; i++)
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        TestContext.Out.WriteLine($"worst |Δ| = {worst:E2} over {actual.Length} values");
        Assert.That(worst, Is.LessThanOrEqualTo(Tolerance));
    }

    [Test]
    public void CropToTensor_SlotOutsideBatch_Throws()
    {
        var spec = new TensorSpec(8, 8, TensorLayout.Nchw, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 0);
        using GpuTexture texture = Device.CreateTexture(new TextureDescription(4, 4, TextureFormat.Rgba8));
        using var preprocessor = new GpuPreprocessor(Device, spec, batchCapacity: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => preprocessor.CropToTensor(texture, new Affine2D(1, 0, 0, 0, 1, 0), 1));
    }
}
