using Broadcast3D.Media.Interop;
using static Broadcast3D.Media.Interop.FFmpegConstants;

namespace Broadcast3D.Media;

/// <summary>
/// Reads and writes still images (PNG, JPEG; reading also accepts anything FFmpeg's image demuxers know: BMP,
/// TIFF, WebP, ...) through FFmpeg's codecs. Thread-safe: every call uses its own native objects.
/// </summary>
public static unsafe class ImageFile
{
    /// <summary>Decodes the first picture of <paramref name="path"/> into RGBA; throws <see cref="MediaException"/> naming the file.</summary>
    public static RgbaImage ReadRgba(string path)
    {
        using Decoder decoder = Decoder.Open(path, new DecoderOptions { Output = FrameOutput.Rgba, Threads = 1, Hardware = HardwareDecode.Software, PoolSize = 1 });
        if (!decoder.TryRead(out VideoFrame? frame))
            throw new MediaException($"'{path}' contains no picture");
        using (frame)
        {
            var image = new RgbaImage(frame.Width, frame.Height);
            ReadOnlySpan<byte> plane = frame.Plane(0);
            int stride = frame.Stride(0);
            for (int y = 0; y < image.Height; y++)
                plane.Slice(y * stride, image.Width * 4).CopyTo(image.Row(y));
            return image;
        }
    }

    /// <summary>Writes <paramref name="image"/> as PNG or JPEG chosen by the extension (.png, .jpg, .jpeg).</summary>
    public static void WriteRgba(string path, RgbaImage image, int jpegQuality = 90)
    {
        ArgumentNullException.ThrowIfNull(image);
        WriteRgba(path, image.Width, image.Height, image.Pixels, image.Stride, jpegQuality);
    }

    /// <summary>
    /// Writes RGBA pixels (<paramref name="stride"/> bytes per row) as PNG (lossless, alpha kept) or JPEG
    /// (alpha dropped, <paramref name="jpegQuality"/> 1–100) chosen by the extension. Overwrites the file.
    /// Throws <see cref="ArgumentException"/> for another extension, <see cref="MediaException"/> when encoding fails.
    /// </summary>
    public static void WriteRgba(string path, int width, int height, ReadOnlySpan<byte> rgba, int stride, int jpegQuality = 90)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width * 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(jpegQuality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jpegQuality, 100);
        if (rgba.Length < (long)stride * (height - 1) + width * 4)
            throw new ArgumentException($"{rgba.Length} bytes cannot hold {height} rows of stride {stride}", nameof(rgba));
        string ext = Path.GetExtension(path).ToLowerInvariant();
        bool png = ext == ".png";
        if (!png && ext != ".jpg" && ext != ".jpeg")
            throw new ArgumentException($"cannot write '{path}': use .png or .jpg/.jpeg", nameof(path));
        FFmpegLibrary.EnsureAvailable();

        string codecName = png ? "png" : "mjpeg";
        AVCodec* codec = LibAvCodec.FindEncoderByName(codecName);
        if (codec == null)
            throw new MediaException($"cannot write '{path}': this FFmpeg has no {codecName} encoder");
        AVCodecContext* context = LibAvCodec.AllocContext3(codec);
        if (context == null)
            throw new OutOfMemoryException("avcodec_alloc_context3 returned null");
        using var contextOwner = new CodecContextHandle(context);
        using FrameHandle frameOwner = FrameHandle.Alloc();
        using PacketHandle packetOwner = PacketHandle.Alloc();
        AVFrame* frame = frameOwner.Pointer;
        AVPacket* packet = packetOwner.Pointer;
        using var converter = new PixelConverter(accurate: true);
        int format = png ? AV_PIX_FMT_RGBA : AV_PIX_FMT_YUVJ420P;
        context->Width = width;
        context->Height = height;
        context->PixFmt = format;
        context->TimeBase = new AVRational(1, 25); // a still has no timing; encoders only require a valid base
        if (!png)
        {
            // JPEG quality as a fixed quantiser: 100 → qscale 2 (best), 1 → 31 (worst), like ffmpeg's -q:v.
            int q = 2 + (100 - jpegQuality) * 29 / 99;
            context->Flags |= AV_CODEC_FLAG_QSCALE;
            context->GlobalQuality = q * FF_QP2LAMBDA;
            context->ColorRange = AVCOL_RANGE_JPEG;
        }
        FFmpegError.Check(LibAvCodec.Open2(context, codec, null), $"opening the {codecName} encoder for '{path}'");
        PixelConverter.EnsureBuffer(frame, format, width, height);
        converter.ConvertPacked(rgba, stride, AV_PIX_FMT_RGBA, width, height, frame);
        frame->Pts = 0;
        frame->Quality = context->GlobalQuality;
        FFmpegError.Check(LibAvCodec.SendFrame(context, frame), $"encoding '{path}'");
        FFmpegError.Check(LibAvCodec.SendFrame(context, null), $"encoding '{path}'");
        FFmpegError.Check(LibAvCodec.ReceivePacket(context, packet), $"encoding '{path}'");
        // PNG and JPEG encoders emit a complete file per picture; the image2 muxer would only copy these bytes.
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        file.Write(new ReadOnlySpan<byte>(packet->Data, packet->Size));
    }
}
