using Broadcast3D.Gpu;

namespace Broadcast3D.Renderer.Passes;

/// <summary>
/// The GPU textures of one video frame's planes, uploaded as they come from the decoder (no CPU colour
/// conversion): <see cref="VideoPlatePass"/> converts to RGB in the shader. Sized at creation and reused frame
/// after frame. Owned by the device's thread.
/// </summary>
public sealed class VideoPlate : IDisposable
{
    private readonly GpuTexture _luma;
    private readonly GpuTexture _chroma;
    private readonly GpuTexture? _cr;

    /// <summary>Creates plane textures for <paramref name="width"/>×<paramref name="height"/> (even sizes) frames.</summary>
    public VideoPlate(GpuDevice device, int width, int height, VideoPlateFormat format, YuvColorSpace colorSpace = YuvColorSpace.Bt709Limited)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"a 4:2:0 frame needs an even size, got {width}x{height}");
        Width = width;
        Height = height;
        Format = format;
        ColorSpace = colorSpace;
        _luma = device.CreateTexture(new TextureDescription(width, height, TextureFormat.R8));
        _chroma = device.CreateTexture(new TextureDescription(width / 2, height / 2, format == VideoPlateFormat.Nv12 ? TextureFormat.Rg8 : TextureFormat.R8));
        _cr = format == VideoPlateFormat.Yuv420P ? device.CreateTexture(new TextureDescription(width / 2, height / 2, TextureFormat.R8)) : null;
    }

    public int Width { get; }
    public int Height { get; }
    public VideoPlateFormat Format { get; }
    public YuvColorSpace ColorSpace { get; }

    internal GpuTexture Luma => _luma;
    internal GpuTexture Chroma => _chroma;
    internal GpuTexture CrOrChroma => _cr ?? _chroma;

    /// <summary>Uploads a yuv420p frame: three planes with their strides in bytes.</summary>
    public void UploadYuv420P(ReadOnlySpan<byte> y, int yStride, ReadOnlySpan<byte> cb, int cbStride, ReadOnlySpan<byte> cr, int crStride)
    {
        if (Format != VideoPlateFormat.Yuv420P)
            throw new InvalidOperationException($"this plate holds {Format} frames");
        _luma.Upload(y, yStride, 0, 0, Width, Height);
        _chroma.Upload(cb, cbStride, 0, 0, Width / 2, Height / 2);
        _cr!.Upload(cr, crStride, 0, 0, Width / 2, Height / 2);
    }

    /// <summary>Uploads an NV12 frame: the luma plane and the interleaved CbCr plane with their strides in bytes.</summary>
    public void UploadNv12(ReadOnlySpan<byte> y, int yStride, ReadOnlySpan<byte> cbcr, int cbcrStride)
    {
        if (Format != VideoPlateFormat.Nv12)
            throw new InvalidOperationException($"this plate holds {Format} frames");
        _luma.Upload(y, yStride, 0, 0, Width, Height);
        _chroma.Upload(cbcr, cbcrStride, 0, 0, Width / 2, Height / 2);
    }

    public void Dispose()
    {
        _luma.Dispose();
        _chroma.Dispose();
        _cr?.Dispose();
    }
}
