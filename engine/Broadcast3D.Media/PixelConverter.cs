using Broadcast3D.Media.Interop;

namespace Broadcast3D.Media;

/// <summary>
/// A libswscale context reused while the source and destination formats and sizes stay the same
/// (sws_getCachedContext), so steady-state conversion allocates nothing. Not thread-safe: one per decoder/encoder.
/// </summary>
internal sealed unsafe class PixelConverter : IDisposable
{
    // Bilinear only matters for chroma interpolation here (sizes are equal). ACCURATE_RND makes RGB→YUV round trips
    // exact enough for the codec-tolerance tests, but it disables swscale's SIMD YUV→RGB path, so decoding (the
    // hot path) leaves it off, like the ffmpeg CLI's default.
    private const int FastFlags = FFmpegConstants.SWS_BILINEAR;
    private const int AccurateFlags = FFmpegConstants.SWS_BILINEAR | FFmpegConstants.SWS_ACCURATE_RND;
    private readonly int _flags;
    private readonly bool _bt709;
    // The source matrix last applied by FollowSourceMatrix, and to which context.
    private nint _matrixContext;
    private bool _matrixBt709;
    private int _matrixRange;

    /// <param name="accurate">True for exact rounding (encoding, stills); false for the SIMD fast path (decoding).</param>
    /// <param name="bt709">RGB→YUV with the BT.709 matrix into limited range, as the GPU writes the programme's YUV and
    /// as the encoders tag their streams; false: swscale's default (BT.601).</param>
    public PixelConverter(bool accurate, bool bt709 = false)
    {
        _flags = accurate ? AccurateFlags : FastFlags;
        _bt709 = bt709;
    }

    // Owns the SwsContext (freed by Dispose or the finaliser); _context is the pointer in use.
    private readonly SwsContextHandle _handle = new();
    private nint _context;

    /// <summary>Converts <paramref name="source"/> into <paramref name="destination"/>, whose format, size and buffers are set.</summary>
    public void Convert(AVFrame* source, AVFrame* destination)
    {
        Prepare(source->Width, source->Height, source->Format, destination->Width, destination->Height, destination->Format);
        FollowSourceMatrix(source);
        nint* src = stackalloc nint[8];
        int* srcStride = stackalloc int[8];
        nint* dst = stackalloc nint[8];
        int* dstStride = stackalloc int[8];
        for (int i = 0; i < 8; i++)
        {
            src[i] = source->Data[i];
            srcStride[i] = source->Linesize[i];
            dst[i] = destination->Data[i];
            dstStride[i] = destination->Linesize[i];
        }
        FFmpegError.Check(LibSwScale.Scale(_context, src, srcStride, 0, source->Height, dst, dstStride), "converting pixels");
    }

    /// <summary>Converts packed pixels (one plane, e.g. RGBA) of <paramref name="format"/> into <paramref name="destination"/>.</summary>
    public void ConvertPacked(ReadOnlySpan<byte> source, int stride, int format, int width, int height, AVFrame* destination)
    {
        Prepare(width, height, format, destination->Width, destination->Height, destination->Format);
        nint* dst = stackalloc nint[8];
        int* dstStride = stackalloc int[8];
        for (int i = 0; i < 8; i++)
        {
            dst[i] = destination->Data[i];
            dstStride[i] = destination->Linesize[i];
        }
        fixed (byte* p = source)
        {
            nint* src = stackalloc nint[4];
            int* srcStride = stackalloc int[4];
            src[0] = (nint)p;
            srcStride[0] = stride;
            FFmpegError.Check(LibSwScale.Scale(_context, src, srcStride, 0, height, dst, dstStride), "converting pixels");
        }
    }

    /// <summary>
    /// Makes <paramref name="frame"/> hold a writable buffer of <paramref name="format"/> at the given size,
    /// reallocating only when one of them changed.
    /// </summary>
    public static void EnsureBuffer(AVFrame* frame, int format, int width, int height)
    {
        if (frame->Format == format && frame->Width == width && frame->Height == height && frame->Data[0] != 0)
            return;
        LibAvUtil.FrameUnref(frame);
        frame->Format = format;
        frame->Width = width;
        frame->Height = height;
        FFmpegError.Check(LibAvUtil.FrameGetBuffer(frame, 0), $"allocating a {width}x{height} {PixelFormats.Name(format)} frame");
    }

    /// <summary>
    /// A source tagged BT.709 (what our encoders write, and HD cameras) is converted with BT.709, in its own range;
    /// untagged and other sources keep swscale's default, as the ffmpeg CLI does, so decoded RGBA stays comparable with
    /// it. Applied only when the context or the tag changes.
    /// </summary>
    private void FollowSourceMatrix(AVFrame* source)
    {
        bool bt709 = source->Colorspace == FFmpegConstants.AVCOL_SPC_BT709;
        int range = source->ColorRange == FFmpegConstants.AVCOL_RANGE_JPEG ? 1 : 0;
        if (_context == _matrixContext && bt709 == _matrixBt709 && range == _matrixRange)
            return;
        if (bt709 || _matrixBt709)
        {
            int* table = LibSwScale.GetCoefficients(bt709 ? FFmpegConstants.SWS_CS_ITU709 : FFmpegConstants.SWS_CS_DEFAULT);
            if (LibSwScale.SetColorspaceDetails(_context, table, range, table, 1, 0, 1 << 16, 1 << 16) < 0)
                throw new MediaException($"libswscale cannot convert {PixelFormats.Name(source->Format)} with the {(bt709 ? "BT.709" : "default")} matrix");
        }
        _matrixContext = _context;
        _matrixBt709 = bt709;
        _matrixRange = range;
    }

    public void Dispose()
    {
        _context = 0;
        _handle.Dispose();
    }

    private void Prepare(int srcWidth, int srcHeight, int srcFormat, int dstWidth, int dstHeight, int dstFormat)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        // The cached call frees the old context itself when it makes a new one (and on failure): the handle follows.
        nint previous = _context;
        _context = LibSwScale.GetCachedContext(_context, srcWidth, srcHeight, srcFormat, dstWidth, dstHeight, dstFormat, _flags, null, null, null);
        _handle.Replace(_context);
        if (_context == 0)
            throw new MediaException($"libswscale cannot convert {PixelFormats.Name(srcFormat)} {srcWidth}x{srcHeight} to {PixelFormats.Name(dstFormat)} {dstWidth}x{dstHeight}");
        if (_bt709 && _context != previous)
        {
            // Once per new context (the cached one keeps it): RGB in full range, YUV out with BT.709 in limited range.
            int* bt709 = LibSwScale.GetCoefficients(FFmpegConstants.SWS_CS_ITU709);
            if (LibSwScale.SetColorspaceDetails(_context, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16) < 0)
                throw new MediaException($"libswscale cannot convert {PixelFormats.Name(srcFormat)} to {PixelFormats.Name(dstFormat)} with the BT.709 matrix");
        }
    }
}
