using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Broadcast3D.Core.Frames;
using Broadcast3D.Media.Interop;
using static Broadcast3D.Media.Interop.FFmpegConstants;

namespace Broadcast3D.Media;

/// <summary>
/// Encodes frames and muxes them to a file (MP4/MOV) or a stream (MPEG-TS over SRT/UDP, FLV over RTMP) with exact
/// timestamps: frame n is stamped n / frame rate. <see cref="Finish"/> (or <see cref="Dispose"/>) drains the encoder and
/// writes the trailer so the file is complete. Not thread-safe: one thread writes. Failures throw
/// <see cref="MediaException"/> naming the target.
/// </summary>
public sealed unsafe class Encoder : IDisposable
{
    private readonly EncoderOptions _options;
    private readonly InterruptState _interrupt = new();
    private readonly PixelConverter _converter;
    private readonly int _inputFormat;
    // The handles own the FFmpeg objects (freed once, by Dispose or the finaliser); the raw pointers beside them
    // serve the write path and are nulled by Dispose.
    private FormatOutputHandle? _formatHandle;
    private CodecContextHandle? _codecHandle;
    private FrameHandle? _frameHandle;
    private FrameHandle? _pictureFrameHandle;
    private PacketHandle? _packetHandle;
    private AVFormatContext* _format;
    private AVCodecContext* _codec;
    private AVStream* _stream;
    private AVFrame* _frame;
    // Describes a Picture handed to the encoder without a copy (its planes wrapped in an AVBufferRef).
    private AVFrame* _pictureFrame;
    private AVPacket* _packet;
    private bool _headerWritten;
    private bool _finished;
    private long _lastIndex = -1;

    private Encoder(string target, EncoderOptions options)
    {
        Target = target;
        _options = options;
        _inputFormat = options.InputLayout == FrameOutput.Bgra ? AV_PIX_FMT_BGRA : AV_PIX_FMT_RGBA;
        // H.264/HEVC get BT.709 from swscale too, like the GPU's yuv420p; ProRes keeps swscale's default and no tag
        // (FFmpeg's ProRes decoder does not carry the tag back into frames here, so a tag could not be checked).
        _converter = new PixelConverter(accurate: true, bt709: TaggedBt709(options.Codec));
        try
        {
            Open();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private static bool TaggedBt709(VideoCodec codec) => codec is VideoCodec.H264 or VideoCodec.Hevc;

    /// <summary>The file path or URL written, as given.</summary>
    public string Target { get; }

    /// <summary>Frames accepted so far.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Creates the output and writes its header; connects network outputs within <see cref="EncoderOptions.ConnectTimeout"/>.</summary>
    public static Encoder Create(string target, EncoderOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Height, 2);
        if (options.InputLayout == FrameOutput.Native)
            throw new ArgumentException("InputLayout must be Rgba or Bgra (the packed pixels WriteFrame takes); YUV pictures go through WritePicture(Picture, long)", nameof(options));
        FFmpegLibrary.EnsureAvailable();
        return new Encoder(target, options);
    }

    /// <summary>Encodes the next frame (index = frames written so far) from packed RGBA/BGRA rows of <paramref name="stride"/> bytes.</summary>
    public void WriteFrame(ReadOnlySpan<byte> pixels, int stride) => WriteFrame(pixels, stride, _lastIndex + 1);

    /// <summary>
    /// Encodes frame <paramref name="frameIndex"/> (stamped frameIndex / frame rate; indices must increase, gaps are
    /// allowed and stay gaps in time).
    /// </summary>
    public void WriteFrame(ReadOnlySpan<byte> pixels, int stride, long frameIndex)
    {
        PrepareFrame(frameIndex);
        if (stride < _options.Width * 4 || pixels.Length < (long)stride * (_options.Height - 1) + _options.Width * 4)
            throw new ArgumentException($"{pixels.Length} bytes with stride {stride} do not hold a {_options.Width}x{_options.Height} picture", nameof(pixels));
        _converter.ConvertPacked(pixels, stride, _inputFormat, _options.Width, _options.Height, _frame);
        Submit(frameIndex);
    }

    /// <summary>
    /// Encodes <paramref name="picture"/> as frame <paramref name="frameIndex"/>. A <see cref="PixelLayout.Yuv420P"/>
    /// picture (BT.709 limited range, as the GPU readback delivers) goes to an H.264/HEVC encoder as it is, without
    /// swscale and without a copy: its planes are wrapped in an FFmpeg buffer that holds a reference of the picture
    /// (<see cref="Picture.Retain"/> here) until the encoder has finished reading it, when FFmpeg's free callback
    /// releases it, possibly on an encoder thread. A straight-alpha <see cref="PixelLayout.Rgba8"/> picture (alpha
    /// outputs, ProRes 4444) is converted by swscale to the codec's format (yuva444p10 has no GPU pass: ProRes
    /// wants 10-bit 4:4:4 with alpha, a format no sink reads back, so the CPU conversion stays for this one
    /// output). The caller keeps its own reference and may release it as soon as this returns.
    /// </summary>
    /// <exception cref="ArgumentException">The picture's size differs from the output's, or its layout does not suit the codec (the message says which fits).</exception>
    public void WritePicture(Picture picture, long frameIndex)
    {
        ArgumentNullException.ThrowIfNull(picture);
        if (picture.Width != _options.Width || picture.Height != _options.Height)
            throw new ArgumentException($"the picture is {picture.Width}x{picture.Height}, '{Target}' is {_options.Width}x{_options.Height}", nameof(picture));
        if (picture.Layout == PixelLayout.Rgba8)
        {
            PrepareFrame(frameIndex);
            _converter.ConvertPacked(picture.Bytes, picture.Stride(0), AV_PIX_FMT_RGBA, _options.Width, _options.Height, _frame);
            Submit(frameIndex);
            return;
        }
        if (picture.Layout != PixelLayout.Yuv420P || _codec->PixFmt != AV_PIX_FMT_YUV420P)
            throw new ArgumentException($"'{Target}' ({_options.Codec}) takes Yuv420P pictures only for H.264/HEVC, and straight-alpha Rgba8 pictures for any codec; got {picture.Layout}", nameof(picture));
        CheckWritable(frameIndex);
        AVFrame* f = _pictureFrame;
        LibAvUtil.FrameUnref(f);
        f->Format = AV_PIX_FMT_YUV420P;
        f->Width = picture.Width;
        f->Height = picture.Height;
        f->ColorRange = AVCOL_RANGE_MPEG;
        f->Colorspace = AVCOL_SPC_BT709;
        // The picture's memory is pinned for its life (Picture.Bytes): the address stays valid without pinning here.
        byte* bytes = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(picture.Bytes));
        picture.Retain();
        GCHandle owner = GCHandle.Alloc(picture);
        nint buffer = LibAvUtil.BufferCreate(bytes, (nuint)picture.Length, &ReleasePicture, GCHandle.ToIntPtr(owner), AV_BUFFER_FLAG_READONLY);
        if (buffer == 0)
        {
            owner.Free();
            picture.Release();
            throw new OutOfMemoryException($"FFmpeg could not wrap frame {frameIndex} of '{Target}'");
        }
        f->Buf[0] = buffer;
        int offset = 0;
        for (int p = 0; p < 3; p++)
        {
            f->Data[p] = (nint)(bytes + offset);
            f->Linesize[p] = picture.Stride(p);
            offset += picture.Plane(p).Length;
        }
        try
        {
            // avcodec_send_frame takes its own reference to the buffer (no copy); ours goes at once.
            Submit(frameIndex, f);
        }
        finally
        {
            LibAvUtil.FrameUnref(f);
        }
    }

    /// <summary>
    /// Encodes a decoded <paramref name="frame"/> as frame <paramref name="frameIndex"/> (recording in encode mode).
    /// A frame already in the codec's pixel format is handed over by reference (av_frame_ref: no copy; the caller
    /// may dispose its <see cref="VideoFrame"/> at once); another format is converted by swscale. The decoder's
    /// picture type is cleared so the encoder places its own key frames.
    /// </summary>
    /// <exception cref="ArgumentException">The frame's size differs from the output's.</exception>
    internal void WriteVideoFrame(VideoFrame frame, long frameIndex)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != _options.Width || frame.Height != _options.Height)
            throw new ArgumentException($"the frame is {frame.Width}x{frame.Height}, '{Target}' is {_options.Width}x{_options.Height}", nameof(frame));
        AVFrame* source = frame.Native;
        if (source->Format != _codec->PixFmt)
        {
            PrepareFrame(frameIndex);
            _converter.Convert(source, _frame);
            Submit(frameIndex);
            return;
        }
        CheckWritable(frameIndex);
        AVFrame* f = _pictureFrame;
        LibAvUtil.FrameUnref(f);
        FFmpegError.Check(LibAvUtil.FrameRef(f, source), $"referencing frame {frameIndex} for '{Target}'");
        f->PictType = 0; // AV_PICTURE_TYPE_NONE: libx264 would force the decoder's I/P/B types
        try
        {
            Submit(frameIndex, f);
        }
        finally
        {
            LibAvUtil.FrameUnref(f);
        }
    }

    /// <summary>Drains the encoder, writes the trailer and closes the output. Idempotent.</summary>
    public void Finish()
    {
        if (_finished || _format == null)
            return;
        _finished = true;
        try
        {
            if (_headerWritten)
            {
                FFmpegError.Check(LibAvCodec.SendFrame(_codec, null), $"flushing the encoder of '{Target}'");
                Drain();
                _interrupt.StartDeadline(_options.ConnectTimeout);
                FFmpegError.Check(LibAvFormat.WriteTrailer(_format), $"finishing '{Target}'");
            }
        }
        finally
        {
            CloseIo();
        }
    }

    /// <summary>Finishes the output (see <see cref="Finish"/>) and frees everything; throws if finishing fails.</summary>
    public void Dispose()
    {
        try
        {
            Finish();
        }
        finally
        {
            _converter.Dispose();
            _packet = null;
            _packetHandle?.Dispose();
            _frame = null;
            _frameHandle?.Dispose();
            _pictureFrame = null;
            _pictureFrameHandle?.Dispose();
            _codec = null;
            _codecHandle?.Dispose();
            _format = null;
            _formatHandle?.Dispose(); // closes the output's AVIOContext too
            _interrupt.Dispose();
        }
    }

    private void Open()
    {
        EncoderOptions o = _options;
        string? container = o.Container ?? ContainerForScheme(Target);
        AVFormatContext* format = null;
        FFmpegError.Check(LibAvFormat.AllocOutputContext2(&format, null, container, Target), $"choosing a container for '{Target}'");
        _format = format;
        _formatHandle = new FormatOutputHandle(format);
        _format->InterruptCallback = _interrupt.Callback;

        (string encoderName, int pixelFormat) = o.Codec switch
        {
            VideoCodec.H264 => ("libx264", AV_PIX_FMT_YUV420P),
            VideoCodec.Hevc => ("libx265", AV_PIX_FMT_YUV420P),
            VideoCodec.ProRes422Hq => ("prores_ks", LibAvUtil.GetPixFmt("yuv422p10le")),
            _ => ("prores_ks", AV_PIX_FMT_YUVA444P10LE),
        };
        AVCodec* codec = LibAvCodec.FindEncoderByName(encoderName);
        if (codec == null)
            throw new MediaException($"cannot write '{Target}': this FFmpeg build has no {encoderName} encoder");
        _stream = LibAvFormat.NewStream(_format, null);
        _codec = LibAvCodec.AllocContext3(codec);
        if (_codec != null)
            _codecHandle = new CodecContextHandle(_codec);
        if (_stream == null || _codec == null)
            throw new OutOfMemoryException("FFmpeg could not allocate a stream or encoder");
        var timeBase = o.TimeBase is { } unit ? new AVRational(checked((int)unit.Numerator), checked((int)unit.Denominator))
            : new AVRational(o.FrameRate.Denominator, o.FrameRate.Numerator);
        _codec->Width = o.Width;
        _codec->Height = o.Height;
        _codec->PixFmt = pixelFormat;
        if (TaggedBt709(o.Codec))
        {
            // Every path into these encoders writes BT.709 limited-range YUV (the GPU conversion, swscale set to BT.709):
            // said in the stream, so players do not guess (an untagged file is often shown with BT.601).
            _codec->ColorPrimaries = AVCOL_PRI_BT709;
            _codec->ColorTrc = AVCOL_TRC_BT709;
            _codec->Colorspace = AVCOL_SPC_BT709;
            _codec->ColorRange = AVCOL_RANGE_MPEG;
        }
        _codec->TimeBase = timeBase;
        _codec->Framerate = new AVRational(o.FrameRate.Numerator, o.FrameRate.Denominator);
        _codec->GopSize = o.KeyFrameInterval > 0 ? o.KeyFrameInterval : Math.Max(1, o.FrameRate.NominalFramesPerSecond);
        _codec->ThreadCount = Math.Max(0, o.Threads);
        if (o.BitRate > 0)
            _codec->BitRate = o.BitRate;
        if ((_format->Oformat->Flags & AVFMT_GLOBALHEADER) != 0)
            _codec->Flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        SetCodecOptions(o);
        FFmpegError.Check(LibAvCodec.Open2(_codec, codec, null), $"opening the {encoderName} encoder for '{Target}'");
        _stream->TimeBase = timeBase;
        _stream->AvgFrameRate = _codec->Framerate;
        FFmpegError.Check(LibAvCodec.ParametersFromContext(_stream->Codecpar, _codec), $"configuring the stream of '{Target}'");

        _frameHandle = FrameHandle.Alloc();
        _frame = _frameHandle.Pointer;
        _pictureFrameHandle = FrameHandle.Alloc();
        _pictureFrame = _pictureFrameHandle.Pointer;
        _packetHandle = PacketHandle.Alloc();
        _packet = _packetHandle.Pointer;
        PixelConverter.EnsureBuffer(_frame, pixelFormat, o.Width, o.Height);

        nint dict = 0;
        try
        {
            if (o.OutputOptions is { } extra)
            {
                foreach (KeyValuePair<string, string> kv in extra)
                    FFmpegError.Check(LibAvUtil.DictSet(&dict, kv.Key, kv.Value, 0), $"setting option {kv.Key}");
            }
            if (Target.StartsWith("srt://", StringComparison.OrdinalIgnoreCase) && !Target.Contains("linger=", StringComparison.Ordinal)
                && o.OutputOptions?.ContainsKey("linger") != true)
            {
                // SRT live mode drops unacknowledged data on close; linger lets Finish deliver the last frames.
                FFmpegError.Check(LibAvUtil.DictSet(&dict, "linger", "2", 0), "setting SRT linger");
            }
            if (o.Fragmented)
            {
                FFmpegError.Check(LibAvUtil.DictSet(&dict, "movflags", "frag_keyframe+empty_moov+default_base_moof", 0), "setting movflags");
                FFmpegError.Check(LibAvUtil.DictSet(&dict, "flush_packets", "1", 0), "setting flush_packets");
            }
            if ((_format->Oformat->Flags & AVFMT_NOFILE) == 0)
            {
                _interrupt.StartDeadline(o.ConnectTimeout);
                AVIOInterruptCB callback = _interrupt.Callback;
                nint io = 0;
                int ret = LibAvFormat.IoOpen2(&io, Target, AVIO_FLAG_WRITE, &callback, &dict);
                if (ret < 0 && _interrupt.DeadlinePassed)
                    throw new MediaException($"cannot open '{Target}' for writing: no connection within {o.ConnectTimeout.TotalSeconds:0.#} s", ret);
                FFmpegError.Check(ret, $"opening '{Target}' for writing");
                _format->Pb = io;
            }
            _interrupt.StartDeadline(o.ConnectTimeout);
            FFmpegError.Check(LibAvFormat.WriteHeader(_format, &dict), $"writing the header of '{Target}'");
            _headerWritten = true;
        }
        finally
        {
            LibAvUtil.DictFree(&dict);
        }
    }

    private void SetCodecOptions(EncoderOptions o)
    {
        void* priv = _codec;
        switch (o.Codec)
        {
            case VideoCodec.H264:
            case VideoCodec.Hevc:
                FFmpegError.Check(LibAvUtil.OptSet(priv, "preset", o.Preset, AV_OPT_SEARCH_CHILDREN), $"setting preset '{o.Preset}'");
                if (o.BitRate == 0)
                    FFmpegError.Check(LibAvUtil.OptSet(priv, "crf", "20", AV_OPT_SEARCH_CHILDREN), "setting crf");
                if (o.Codec == VideoCodec.Hevc)
                    FFmpegError.Check(LibAvUtil.OptSet(priv, "x265-params", "log-level=error", AV_OPT_SEARCH_CHILDREN), "setting x265-params");
                break;
            case VideoCodec.ProRes422Hq:
                FFmpegError.Check(LibAvUtil.OptSet(priv, "profile", "hq", AV_OPT_SEARCH_CHILDREN), "setting the ProRes profile");
                break;
            default:
                FFmpegError.Check(LibAvUtil.OptSet(priv, "profile", "4444", AV_OPT_SEARCH_CHILDREN), "setting the ProRes profile");
                FFmpegError.Check(LibAvUtil.OptSetInt(priv, "alpha_bits", 16, AV_OPT_SEARCH_CHILDREN), "setting ProRes alpha bits");
                break;
        }
    }

    private void PrepareFrame(long frameIndex)
    {
        CheckWritable(frameIndex);
        // The encoder may still reference the previous picture (lookahead); get a private buffer if so.
        FFmpegError.Check(LibAvUtil.FrameMakeWritable(_frame), "preparing the frame buffer");
    }

    private void CheckWritable(long frameIndex)
    {
        ObjectDisposedException.ThrowIf(_format == null, this);
        if (_finished)
            throw new InvalidOperationException($"'{Target}' is finished; create a new Encoder to write more");
        if (frameIndex <= _lastIndex)
            throw new ArgumentOutOfRangeException(nameof(frameIndex), $"frame {frameIndex} after frame {_lastIndex}: indices must increase");
    }

    // FFmpeg's free callback of a wrapped Picture: the encoder has dropped its last reference to the planes.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void ReleasePicture(nint opaque, byte* data)
    {
        GCHandle owner = GCHandle.FromIntPtr(opaque);
        var picture = (Picture)owner.Target!;
        owner.Free();
        picture.Release();
    }

    private void Submit(long frameIndex) => Submit(frameIndex, _frame);

    private void Submit(long frameIndex, AVFrame* frame)
    {
        frame->Pts = frameIndex;
        _lastIndex = frameIndex;
        int ret = LibAvCodec.SendFrame(_codec, frame);
        if (ret < 0)
            FFmpegError.Check(ret, $"encoding frame {frameIndex.ToString(CultureInfo.InvariantCulture)} of '{Target}'");
        FramesWritten++;
        Drain();
    }

    private void Drain()
    {
        while (true)
        {
            int ret = LibAvCodec.ReceivePacket(_codec, _packet);
            if (ret == AVERROR_EAGAIN || ret == AVERROR_EOF)
                return;
            if (ret < 0)
                FFmpegError.Check(ret, $"encoding '{Target}'"); // only here: an interpolated message allocates
            LibAvCodec.PacketRescaleTs(_packet, _codec->TimeBase, _stream->TimeBase);
            _packet->StreamIndex = _stream->Index;
            _interrupt.StartDeadline(_options.ConnectTimeout);
            // av_interleaved_write_frame takes the packet's data and leaves it blank.
            int write = LibAvFormat.InterleavedWriteFrame(_format, _packet);
            if (write < 0 && _interrupt.DeadlinePassed)
                throw new MediaException($"writing to '{Target}' stalled for {_options.ConnectTimeout.TotalSeconds:0.#} s (receiver gone?)", write);
            if (write < 0)
                FFmpegError.Check(write, $"writing to '{Target}'");
        }
    }

    private void CloseIo() => FormatOutputHandle.CloseIo(_format);

    private static string? ContainerForScheme(string target)
    {
        int colon = target.IndexOf("://", StringComparison.Ordinal);
        if (colon <= 0)
            return null;
        return target[..colon].ToLowerInvariant() switch
        {
            "srt" or "udp" or "rist" or "tcp" => "mpegts",
            "rtmp" or "rtmps" => "flv",
            _ => null,
        };
    }
}
