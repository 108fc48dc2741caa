using Broadcast3D.Core.Frames;
using Broadcast3D.Gpu;

namespace Broadcast3D.Renderer.Passes;

/// <summary>
/// The GPU textures of one video frame's planes, uploaded as they come from the decoder (no CPU colour
/// conversion; 10-bit planes as 16-bit textures): <see cref="VideoPlatePass"/> converts to RGB in the shader. Sized at creation and reused frame
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
        TextureFormat sample = format == VideoPlateFormat.Yuv420P10 ? TextureFormat.R16 : TextureFormat.R8;
        _luma = device.CreateTexture(new TextureDescription(width, height, sample));
        _chroma = device.CreateTexture(new TextureDescription(width / 2, height / 2, format == VideoPlateFormat.Nv12 ? TextureFormat.Rg8 : sample));
        _cr = format == VideoPlateFormat.Nv12 ? null : device.CreateTexture(new TextureDescription(width / 2, height / 2, sample));
    }

    public int Width { get; }
    public int Height { get; }
    public VideoPlateFormat Format { get; }

    /// <summary>Matrix and range of the frame last uploaded (set by <see cref="Upload"/>; the constructor's until then).</summary>
    public YuvColorSpace ColorSpace { get; private set; }

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

    /// <summary>
    /// Uploads a decoded frame's planes as they are (the view <c>VideoFrame.AsPlanes()</c> returns): yuv420p, NV12 or
    /// yuv420p10le, taking its matrix (BT.709/BT.601) and range (limited/full) for the conversion. The planes are
    /// read during the call only.
    /// </summary>
    /// <exception cref="ArgumentException">The frame's size or layout is not this plate's (the message names both and what to create).</exception>
    public void Upload(in ImagePlanes planes)
    {
        VideoPlateFormat format = planes.Layout switch
        {
            PixelLayout.Yuv420P => VideoPlateFormat.Yuv420P,
            PixelLayout.Nv12 => VideoPlateFormat.Nv12,
            PixelLayout.Yuv420P10 => VideoPlateFormat.Yuv420P10,
            _ => throw new ArgumentException($"a video plate takes Yuv420P, Nv12 or Yuv420P10 planes, got {planes.Layout}", nameof(planes)),
        };
        if (format != Format || planes.Width != Width || planes.Height != Height)
            throw new ArgumentException($"the frame is {planes.Width}x{planes.Height} {planes.Layout}; this plate holds {Width}x{Height} {Format}: create a plate for the camera's size and layout", nameof(planes));
        ColorSpace = (planes.Matrix, planes.FullRange) switch
        {
            (YuvMatrix.Bt601, false) => YuvColorSpace.Bt601Limited,
            (YuvMatrix.Bt601, true) => YuvColorSpace.Bt601Full,
            (_, false) => YuvColorSpace.Bt709Limited,
            (_, true) => YuvColorSpace.Bt709Full,
        };
        _luma.Upload(planes.Plane0.Span, planes.Stride0, 0, 0, Width, Height);
        _chroma.Upload(planes.Plane1.Span, planes.Stride1, 0, 0, Width / 2, Height / 2);
        _cr?.Upload(planes.Plane2.Span, planes.Stride2, 0, 0, Width / 2, Height / 2);
    }

    public void Dispose()
    {
        _luma.Dispose();
        _chroma.Dispose();
        _cr?.Dispose();
    }
}
