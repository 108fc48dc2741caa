using System.Globalization;
using Broadcast3D.Core.Frames;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// The GPU sink conversions (yuv420p and UYVY BT.709 limited, straight-alpha RGBA) against a plain C# reference of
/// the same maths (≤ 1 code value) and against FFmpeg's swscale converting the same RGBA.
/// </summary>
public sealed class PictureConverterTests : GpuTestBase
{
    private const int W = 128, H = 64;

    [TestCase(PixelLayout.Yuv420P, false)]
    [TestCase(PixelLayout.Yuv420P, true)]
    [TestCase(PixelLayout.Uyvy, false)]
    [TestCase(PixelLayout.Uyvy, true)]
    [TestCase(PixelLayout.Rgba8, true)]
    public void Convert_Pattern_MatchesCSharpReferenceWithinOneCode(PixelLayout layout, bool withAlpha)
    {
        byte[] rgba = SinkPixels.Pattern(W, H, withAlpha);
        byte[] gpu = ConvertOnGpu(rgba, layout);
        (int worst, int compared) = SinkPixels.MaxDifference(gpu, SinkPixels.Convert(rgba, W, H, layout));
        Assert.That(compared, Is.EqualTo(PictureConverter.BytesFor(layout, W, H)), "every byte of the picture was compared");
        Assert.That(worst, Is.LessThanOrEqualTo(layout == PixelLayout.Rgba8 ? 0 : 1), $"{layout}: worst difference to the C# reference");
    }

    [Test]
    public void Convert_StraightAlpha_EqualsCompositorUnpremultiply()
    {
        byte[] rgba = SinkPixels.Pattern(W, H, withAlpha: true, seed: 7);
        byte[] cpu = new byte[rgba.Length];
        Compositor.Unpremultiply(rgba, cpu);
        Assert.That(ConvertOnGpu(rgba, PixelLayout.Rgba8), Is.EqualTo(cpu));
    }

    // swscale with the "area" filter (a box average, the chroma siting the shaders use), accurate rounding and BT.709
    // limited output rounds in fixed point: measured worst difference 1 code in luma and chroma on this pattern
    // (with the scale filter's default bicubic, chroma differs by up to 12 codes at the pattern's hard edges).
    [TestCase(PixelLayout.Yuv420P, "yuv420p", 1, 1)]
    [TestCase(PixelLayout.Uyvy, "uyvy422", 1, 1)]
    public void Convert_OpaquePattern_AgreesWithFFmpegSwscale(PixelLayout layout, string ffmpegFormat, int lumaTolerance, int chromaTolerance)
    {
        byte[] rgba = SinkPixels.Pattern(W, H, withAlpha: false);
        byte[] gpu = ConvertOnGpu(rgba, layout);
        using var folder = new TempFolder();
        string input = Path.Combine(folder.Path, "in.rgba"), output = Path.Combine(folder.Path, "out.yuv");
        File.WriteAllBytes(input, rgba);
        ProcessRunner.Result r = ProcessRunner.Run("ffmpeg", ["-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba",
            "-s", string.Create(CultureInfo.InvariantCulture, $"{W}x{H}"), "-i", input,
            "-vf", "scale=out_color_matrix=bt709:out_range=tv:flags=area+accurate_rnd+full_chroma_int", "-pix_fmt", ffmpegFormat, "-f", "rawvideo", output]);
        Assert.That(r.ExitCode, Is.Zero, $"ffmpeg failed: {r.StdErr}");
        byte[] sws = File.ReadAllBytes(output);
        Assert.That(sws, Has.Length.EqualTo(gpu.Length), "swscale wrote a picture of the same size");
        int lumaWorst = 0, chromaWorst = 0, compared = 0;
        for (int i = 0; i < gpu.Length; i++)
        {
            bool isLuma = layout == PixelLayout.Yuv420P ? i < W * H : i % 2 == 1;
            int d = Math.Abs(gpu[i] - sws[i]);
            if (isLuma)
                lumaWorst = Math.Max(lumaWorst, d);
            else
                chromaWorst = Math.Max(chromaWorst, d);
            compared++;
        }
        TestContext.Out.WriteLine($"{layout} vs swscale: luma worst {lumaWorst}, chroma worst {chromaWorst} over {compared} bytes");
        Assert.That(lumaWorst, Is.LessThanOrEqualTo(lumaTolerance), "luma vs swscale");
        Assert.That(chromaWorst, Is.LessThanOrEqualTo(chromaTolerance), "chroma vs swscale");
    }

    [Test]
    public void Constructor_Yuv420PWidthNotMultipleOfEight_ThrowsNamingTheSize()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PictureConverter(Device, PixelLayout.Yuv420P, 100, 64));
        Assert.That(ex!.Message, Does.Contain("100x64").And.Contain("multiple of 8"));
    }

    [Test]
    public void Constructor_Nv12_ThrowsNamingTheSinkFormats()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PictureConverter(Device, PixelLayout.Nv12, 64, 64));
        Assert.That(ex!.Message, Does.Contain("Nv12").And.Contain("Yuv420P"));
    }

    private byte[] ConvertOnGpu(byte[] rgba, PixelLayout layout)
    {
        using GpuTexture source = Device.CreateTexture(new TextureDescription(W, H, TextureFormat.Rgba8));
        source.Upload(rgba);
        using var converter = new PictureConverter(Device, layout, W, H);
        using GpuBuffer buffer = Device.CreateBuffer(new BufferDescription(converter.OutputBytes, BufferUsage.Readback));
        converter.Convert(source, buffer);
        byte[] result = new byte[converter.OutputBytes];
        buffer.Read<byte>(result);
        return result;
    }
}
