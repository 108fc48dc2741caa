using System.Diagnostics.CodeAnalysis;
using Broadcast3D.Core.Time;
using Broadcast3D.Media.Interop;
using static Broadcast3D.Media.Interop.FFmpegConstants;

namespace Broadcast3D.Media;

/// <summary>
/// Decodes the best video stream of a file or network URL (rtsp, srt, udp, http, ...) into pooled
/// <see cref="VideoFrame"/>s with exact timestamps. Corrupt packets are counted, logged and skipped; frames already
/// delivered stay valid. Not thread-safe: one thread reads; <see cref="Cancel"/> may be called from any thread.
/// </summary>
public sealed unsafe class Decoder : IDisposable
{
    private const int MaxConsecutiveReadErrors = 100; // a demuxer that cannot resync after this many is at a dead end

    private readonly DecoderOptions _options;
    private readonly Serilog.ILogger _log;
    private readonly InterruptState _interrupt = new();
    private readonly Lock _interruptLock = new();
    private bool _interruptFreed;
    private readonly FramePool _pool;
    private readonly PixelConverter? _converter;
    private readonly int _outputFormat;
    private readonly Rational _timeBase;
    private readonly long _startPts;
    private readonly long _defaultDuration;
    // The handles own the FFmpeg objects (freed once, by Dispose or the finaliser); the raw pointers beside them
    // serve the read path and are nulled by Dispose.
    private FormatInputHandle? _formatHandle;
    private CodecContextHandle? _codecHandle;
    private PacketHandle? _packetHandle;
    private FrameHandle? _decodedHandle;
    private FrameHandle? _transferHandle;
    private AVFormatContext* _format;
    private AVCodecContext* _codec;
    private AVPacket* _packet;
    private AVFrame* _decoded;
    private AVFrame* _transfer;
    private nint _hwDevice;
    private int _streamIndex;
    private bool _flushSent;
    private long _seekTarget = AV_NOPTS_VALUE;
    private long _nextPts;
    private int _consecutiveErrors;

    private Decoder(string source, DecoderOptions options, CancellationToken cancellationToken)
    {
        Source = source;
        _options = options;
        _log = (options.Logger ?? Serilog.Log.Logger).ForContext("Source", source);
        _outputFormat = PixelFormats.Of(options.Output);
        try
        {
            using (cancellationToken.Register(Cancel))
                OpenSource(source, options);
            if (_interrupt.IsCancelled)
                throw new OperationCanceledException($"opening '{source}' was cancelled", cancellationToken);
            AVStream* stream = _format->Streams[_streamIndex];
            Stream = StreamMetadata.Video(_format, stream);
            options.Tap?.BeginConnection(stream);
            _timeBase = Stream.TimeBase;
            _startPts = Stream.StartPts;
            _nextPts = _startPts;
            _defaultDuration = Stream.FrameRate is { } rate ? Math.Max(1, (rate.FrameDuration / _timeBase).Round()) : 1;
            _packetHandle = PacketHandle.Alloc();
            _packet = _packetHandle.Pointer;
            _decodedHandle = FrameHandle.Alloc();
            _decoded = _decodedHandle.Pointer;
            _transferHandle = FrameHandle.Alloc();
            _transfer = _transferHandle.Pointer;
            _pool = new FramePool(options.PoolSize, keepBuffers: _outputFormat >= 0);
            _converter = _outputFormat >= 0 ? new PixelConverter(accurate: false) : null;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The path or URL this decoder reads, as given.</summary>
    public string Source { get; }

    /// <summary>The decoded video stream's declared properties.</summary>
    public VideoStreamInfo Stream { get; } = null!;

    /// <summary>"cuda (NVDEC)" or "software (...reason...)": what decodes and why.</summary>
    public string HardwareStatus { get; private set; } = "software (requested)";

    /// <summary>True when frames are decoded by NVDEC.</summary>
    public bool IsHardwareAccelerated { get; private set; }

    /// <summary>Frames delivered so far.</summary>
    public long FramesDelivered { get; private set; }

    /// <summary>Packets the demuxer or decoder rejected as corrupt and skipped.</summary>
    public long CorruptPackets { get; private set; }

    /// <summary>Frames missing from the timeline (a jump in timestamps after lost or undecodable data).</summary>
    public long MissingFrames { get; private set; }

    /// <summary>Frames delivered with concealed decode errors.</summary>
    public long DamagedFrames { get; private set; }

    /// <summary>Opens <paramref name="source"/>; throws <see cref="MediaException"/> naming it when it cannot be read or has no video.</summary>
    /// <param name="source">File path or URL.</param>
    /// <param name="options">Decoding options; null = defaults.</param>
    /// <param name="cancellationToken">Aborts a blocking open (network connect, probe) when cancelled.</param>
    public static Decoder Open(string source, DecoderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        FFmpegLibrary.EnsureAvailable();
        options ??= new DecoderOptions();
        if (!source.Contains("://", StringComparison.Ordinal) && !File.Exists(source))
            throw new MediaException($"cannot open '{source}': the file does not exist");
        return new Decoder(source, options, cancellationToken);
    }

    /// <summary>
    /// Decodes the next frame. Returns false at the end of the stream. The caller owns <paramref name="frame"/> and
    /// must dispose it. Throws <see cref="MediaException"/> when the source stalls past
    /// <see cref="DecoderOptions.ReadTimeout"/>, is cancelled, or the decoder fails for good.
    /// </summary>
    public bool TryRead([NotNullWhen(true)] out VideoFrame? frame)
    {
        ObjectDisposedException.ThrowIf(_format == null, this);
        while (true)
        {
            int ret = LibAvCodec.ReceiveFrame(_codec, _decoded);
            if (ret == 0)
            {
                _consecutiveErrors = 0;
                AVFrame* source = _decoded;
                if (_decoded->Format == AV_PIX_FMT_CUDA)
                {
                    int copied = LibAvUtil.HwFrameTransferData(_transfer, _decoded, 0);
                    if (copied < 0)
                        FFmpegError.Check(copied, $"copying a CUDA frame of '{Source}' to memory");
                    _transfer->KeyFrame = _decoded->KeyFrame;
                    _transfer->InterlacedFrame = _decoded->InterlacedFrame;
                    _transfer->TopFieldFirst = _decoded->TopFieldFirst;
                    LibAvUtil.FrameUnref(_decoded);
                    source = _transfer;
                }
                long pts = source->BestEffortTimestamp != AV_NOPTS_VALUE ? source->BestEffortTimestamp
                    : source->Pts != AV_NOPTS_VALUE ? source->Pts : _nextPts;
                long duration = source->PktDuration > 0 ? source->PktDuration : _defaultDuration;
                if (FramesDelivered > 0 && _seekTarget == AV_NOPTS_VALUE && pts > _nextPts + duration / 2)
                {
                    long missing = (pts - _nextPts + duration / 2) / duration;
                    MissingFrames += missing;
                    _log.Warning("'{Source:l}': {Missing} frame(s) missing before pts {Pts} (lost or undecodable data)", Source, missing, pts);
                }
                _nextPts = pts + duration;
                if (_seekTarget != AV_NOPTS_VALUE)
                {
                    // Frame-accurate seek: decode from the key frame before the target and drop frames that end
                    // at or before it, so the first delivered frame is the one on screen at the target time.
                    if (pts + duration <= _seekTarget)
                    {
                        LibAvUtil.FrameUnref(source);
                        continue;
                    }
                    _seekTarget = AV_NOPTS_VALUE;
                }
                if (source->DecodeErrorFlags != 0 || (source->Flags & AV_FRAME_FLAG_CORRUPT) != 0)
                {
                    DamagedFrames++;
                    _log.Warning("'{Source:l}': frame at pts {Pts} decoded with concealed errors", Source, pts);
                }
                frame = Deliver(source, pts, duration);
                return true;
            }
            if (ret == AVERROR_EOF || (ret == AVERROR_EAGAIN && _flushSent))
            {
                frame = null;
                return false;
            }
            if (ret != AVERROR_EAGAIN)
            {
                // With frame threading a bad packet's error surfaces here, later than its send; skip it and go on.
                CorruptPackets++;
                _log.Warning("'{Source:l}': decoding failed ({Error:l}), frame skipped", Source, FFmpegError.Message(ret));
                if (++_consecutiveErrors >= MaxConsecutiveReadErrors)
                    FFmpegError.Check(ret, $"decoding '{Source}' ({_consecutiveErrors} errors in a row)");
                continue;
            }
            Feed();
        }
    }

    /// <summary>
    /// Seeks so that the next <see cref="TryRead"/> returns the frame on screen at <paramref name="seconds"/>
    /// (measured from the stream's start, like <see cref="VideoFrame.Time"/>).
    /// </summary>
    public void Seek(Rational seconds)
    {
        ObjectDisposedException.ThrowIf(_format == null, this);
        long target = _startPts + (seconds / _timeBase).Floor();
        int ret = LibAvFormat.SeekFrame(_format, _streamIndex, target, AVSEEK_FLAG_BACKWARD);
        if (ret < 0) // the message is built only on failure: seeking in a replay loop allocates nothing
            FFmpegError.Check(ret, $"seeking '{Source}' to {seconds.ToDouble():0.###} s");
        LibAvCodec.FlushBuffers(_codec);
        _flushSent = false;
        _seekTarget = target;
        _nextPts = target;
    }

    /// <summary>Seeks to frame <paramref name="index"/> (0-based) at the stream's declared frame rate.</summary>
    public void SeekToFrame(long index)
    {
        FrameRate rate = Stream.FrameRate ?? throw new MediaException($"'{Source}' declares no frame rate: seek by time instead");
        Seek(rate.TimeOfFrame(index));
    }

    /// <summary>Aborts blocking network I/O now and makes every later read fail; safe from any thread.</summary>
    public void Cancel()
    {
        // Dispose may run on the reading thread at the same time: never touch the freed interrupt state.
        lock (_interruptLock)
        {
            if (!_interruptFreed)
                _interrupt.Cancel();
        }
    }

    public void Dispose()
    {
        _converter?.Dispose();
        _pool?.Dispose();
        _packet = null;
        _packetHandle?.Dispose();
        _decoded = _transfer = null;
        _decodedHandle?.Dispose();
        _transferHandle?.Dispose();
        _codec = null;
        _codecHandle?.Dispose();
        nint hw = _hwDevice;
        LibAvUtil.BufferUnref(&hw);
        _hwDevice = 0;
        AVFormatContext* format = _format;
        _format = null;
        if (_formatHandle is null && format != null)
            LibAvFormat.CloseInput(&format); // allocated, never opened: nothing owns it yet
        _formatHandle?.Dispose();
        lock (_interruptLock)
        {
            if (!_interruptFreed)
                _interrupt.Dispose();
            _interruptFreed = true;
        }
    }

    private VideoFrame Deliver(AVFrame* source, long pts, long duration)
    {
        VideoFrame frame = _pool.Rent();
        if (_converter is null)
        {
            LibAvUtil.FrameMoveRef(frame.Native, source);
        }
        else
        {
            PixelConverter.EnsureBuffer(frame.Native, _outputFormat, source->Width, source->Height);
            _converter.Convert(source, frame.Native);
            frame.Native->KeyFrame = source->KeyFrame;
            frame.Native->InterlacedFrame = source->InterlacedFrame;
            frame.Native->TopFieldFirst = source->TopFieldFirst;
            LibAvUtil.FrameUnref(source);
        }
        frame.Pts = pts;
        frame.TimeBase = _timeBase;
        frame.DurationTicks = duration;
        frame.Time = new Rational(pts - _startPts, 1) * _timeBase;
        FramesDelivered++;
        return frame;
    }

    /// <summary>Sends the next video packet (or the end-of-stream flush) to the decoder.</summary>
    private void Feed()
    {
        int errors = 0;
        while (true)
        {
            _interrupt.StartDeadline(_options.ReadTimeout);
            int ret = LibAvFormat.ReadFrame(_format, _packet);
            if (ret < 0 && ret != AVERROR_EOF)
            {
                if (_interrupt.IsCancelled)
                    throw new OperationCanceledException($"reading '{Source}' was cancelled");
                if (ret == AVERROR_EXIT && _interrupt.DeadlinePassed)
                    throw new MediaException($"no data from '{Source}' for {_options.ReadTimeout.TotalSeconds:0.#} s: the source stalled or disconnected", ret);
                CorruptPackets++;
                _log.Warning("'{Source:l}': read error ({Error:l}), skipped", Source, FFmpegError.Message(ret));
                if (++errors < MaxConsecutiveReadErrors && ret == AVERROR_INVALIDDATA)
                    continue;
                _log.Warning("'{Source:l}': treating the read error as the end of the stream", Source);
            }
            if (ret < 0)
            {
                // End of input (or an unrecoverable read error): drain the frames the decoder still holds.
                _flushSent = true;
                ret = LibAvCodec.SendPacket(_codec, null);
                if (ret < 0 && ret != AVERROR_EOF)
                {
                    // send_packet also reports errors of packets decoded earlier; the flush itself still counts.
                    CorruptPackets++;
                    _log.Warning("'{Source:l}': decoder error at the end of the stream ({Error:l})", Source, FFmpegError.Message(ret));
                    LibAvCodec.SendPacket(_codec, null);
                }
                return;
            }
            if (_packet->StreamIndex == _streamIndex && (_packet->Flags & AV_PKT_FLAG_CORRUPT) != 0)
            {
                CorruptPackets++;
                _log.Warning("'{Source:l}': the demuxer marked a packet at pts {Pts} corrupt; decoding it with concealment", Source, _packet->Pts);
            }
            if (_packet->StreamIndex != _streamIndex)
            {
                LibAvCodec.PacketUnref(_packet);
                continue;
            }
            _options.Tap?.Offer(_packet);
            ret = LibAvCodec.SendPacket(_codec, _packet);
            LibAvCodec.PacketUnref(_packet);
            if (ret >= 0)
                return;
            CorruptPackets++;
            _log.Warning("'{Source:l}': decoder rejected a packet ({Error:l}), skipped", Source, FFmpegError.Message(ret));
            if (++errors >= MaxConsecutiveReadErrors)
                throw new MediaException($"'{Source}': {errors} consecutive packets rejected; last: {FFmpegError.Message(ret)}", ret);
        }
    }

    private void OpenSource(string source, DecoderOptions options)
    {
        _format = LibAvFormat.AllocContext();
        if (_format == null)
            throw new OutOfMemoryException("avformat_alloc_context returned null");
        _format->InterruptCallback = _interrupt.Callback;
        nint dict = 0;
        try
        {
            if (options.FormatOptions is { } formatOptions)
            {
                foreach (KeyValuePair<string, string> kv in formatOptions)
                    FFmpegError.Check(LibAvUtil.DictSet(&dict, kv.Key, kv.Value, 0), $"setting option {kv.Key}");
            }
            _interrupt.StartDeadline(options.OpenTimeout);
            AVFormatContext* format = _format;
            int ret = LibAvFormat.OpenInput(&format, source, null, &dict);
            _format = format; // avformat_open_input frees the context and nulls it on failure
            if (ret >= 0)
                _formatHandle = new FormatInputHandle(_format);
            if (ret < 0 && _interrupt.DeadlinePassed)
                throw new MediaException($"cannot open '{source}': no answer within {options.OpenTimeout.TotalSeconds:0.#} s", ret);
            FFmpegError.Check(ret, $"opening '{source}'");
        }
        finally
        {
            LibAvUtil.DictFree(&dict);
        }
        FFmpegError.Check(LibAvFormat.FindStreamInfo(_format, null), $"reading stream information of '{source}'");
        AVCodec* codec = null;
        _streamIndex = LibAvFormat.FindBestStream(_format, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
        if (_streamIndex < 0)
            throw new MediaException($"'{source}' has no decodable video stream ({FFmpegError.Message(_streamIndex)}; {_format->NbStreams} stream(s) in total)", _streamIndex);
        AVStream* stream = _format->Streams[_streamIndex];
        _codec = LibAvCodec.AllocContext3(codec);
        if (_codec == null)
            throw new OutOfMemoryException("avcodec_alloc_context3 returned null");
        _codecHandle = new CodecContextHandle(_codec);
        FFmpegError.Check(LibAvCodec.ParametersToContext(_codec, stream->Codecpar), $"configuring the decoder of '{source}'");
        _codec->PktTimebase = stream->TimeBase;
        _codec->ThreadCount = Math.Max(0, options.Threads);
        _codec->ThreadType = options.LowDelay ? FF_THREAD_SLICE : FF_THREAD_FRAME | FF_THREAD_SLICE;
        if (options.LowDelay)
            _codec->Flags |= AV_CODEC_FLAG_LOW_DELAY;
        if (options.Hardware != HardwareDecode.Software)
            SetUpHardware(codec, options.Hardware, source);
        FFmpegError.Check(LibAvCodec.Open2(_codec, codec, null), $"opening the {FFmpegError.Utf8(codec->Name)} decoder for '{source}'");
    }

    private void SetUpHardware(AVCodec* codec, HardwareDecode mode, string source)
    {
        string? reason = CudaDecoding.TryCreateDevice(codec, out _hwDevice);
        if (reason is null)
        {
            _codec->HwDeviceCtx = LibAvUtil.BufferRef(_hwDevice);
            _codec->GetFormat = CudaDecoding.PickFormat;
            IsHardwareAccelerated = true;
            HardwareStatus = "cuda (NVDEC)";
            return;
        }
        if (mode == HardwareDecode.Cuda)
            throw new MediaException($"CUDA decoding of '{source}' is not available: {reason}");
        HardwareStatus = $"software (CUDA not used: {reason})";
    }
}
