using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Media.Interop;
using static Broadcast3D.Media.Interop.FFmpegConstants;

namespace Broadcast3D.Media.Recording;

/// <summary>
/// Records one camera in copy mode: the packets its decoder demuxed (through <see cref="Tap"/>) are written as
/// they came, without re-encoding, into MPEG-TS segments of about <see cref="SegmentRecorderOptions.SegmentSeconds"/>
/// each, cut at key frames so every segment decodes on its own. MPEG-TS because it needs no index or trailer:
/// each packet is flushed to the file as it is written, so a killed process loses at most what the kernel had not
/// yet been handed (nothing of a closed segment). Runs on its own thread; the camera's decoder never waits for it
/// (the tap drops, counted). Every segment and frame is reported to an <see cref="ISegmentIndex"/>. A write that
/// fails (disk full, folder gone) is logged and counted, the segment is closed, and recording resumes at the next
/// key frame. Thread-safety: the counters may be read from any thread.
/// </summary>
public sealed unsafe class SegmentRecorder : IDisposable
{
    /// <summary>The time base of every segment's stream (MPEG-TS: 90 kHz).</summary>
    public static readonly Rational SegmentTimeBase = new(1, 90_000);

    private const int SeekCurrent = 1; // SEEK_CUR
    private readonly SegmentRecorderOptions _options;
    private readonly ISegmentIndex _index;
    private readonly Serilog.ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly SegmentFolder _folder;
    private PacketHandle? _scratchHandle;
    private AVPacket* _scratch;
    private FormatOutputHandle? _segmentHandle;
    private AVFormatContext* _segment;
    private AVStream* _stream;
    private long _segmentId = -1;
    private int _segmentConnection = -1;
    private Rational _segmentStart;
    private Rational _segmentEnd;
    private int _segmentFrames;
    // Ticks (segment time base) added to every timestamp of the segment so its first dts is not negative: the
    // muxer would otherwise shift them itself, and the index would not hold the pts the segment carries.
    private long _segmentShift;
    private string _segmentPath = "";
    private long _framesWritten;
    private long _segmentsClosed;
    private long _writeFailures;
    private long _skippedToKey;

    /// <summary>Creates the camera's folder under <see cref="SegmentRecorderOptions.Folder"/> and starts the recorder thread.</summary>
    /// <exception cref="IOException">The folder cannot be created (the message names it).</exception>
    public SegmentRecorder(SegmentRecorderOptions options, ISegmentIndex index, Serilog.ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.SegmentSeconds, 0);
        FFmpegLibrary.EnsureAvailable();
        _options = options;
        _index = index;
        _log = (log ?? Serilog.Log.Logger).ForContext("Camera", options.Camera);
        _folder = new SegmentFolder(options.Folder, options.Camera);
        Tap = new PacketTap(options.QueuePackets);
        _scratchHandle = PacketHandle.Alloc();
        _scratch = _scratchHandle.Pointer;
        _thread = new Thread(Run) { IsBackground = true, Name = $"record {options.Camera}" };
        _thread.Start();
    }

    /// <summary>Give this to the camera's <see cref="DecoderOptions.Tap"/>.</summary>
    public PacketTap Tap { get; }

    /// <summary>The camera recorded.</summary>
    public string Camera => _options.Camera;

    /// <summary>Packets written into segments.</summary>
    public long FramesWritten => Interlocked.Read(ref _framesWritten);

    /// <summary>Segments completed.</summary>
    public long SegmentsClosed => Interlocked.Read(ref _segmentsClosed);

    /// <summary>Writes or index calls that failed (each logged); recording resumed at the next key frame.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Packets not recorded: dropped by the tap (recorder behind) or skipped to the next key frame after a failure.</summary>
    public long Dropped => Tap.Dropped + Interlocked.Read(ref _skippedToKey);

    /// <summary>Packets before each connection's first key frame (nothing before it decodes); not drops.</summary>
    public long SkippedBeforeKeyFrame => Tap.SkippedBeforeKeyFrame;

    /// <summary>Stops the thread after it has written what is queued and closes the open segment (reported closed).</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
            return;
        _stop.Cancel();
        _thread.Join();
        Tap.Dispose();
        _scratch = null;
        _scratchHandle?.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        ThreadAccounting? accounting = _options.Costs?.Add($"record {_options.Camera}");
        accounting?.Start();
        CancellationToken token = _stop.Token;
        try
        {
            while (true)
            {
                if (Tap.TryPeek(out AVPacket* packet, out TapConnection connection, out int connectionIndex))
                {
                    Write(packet, connection, connectionIndex);
                    Tap.Advance();
                    accounting?.FrameDone();
                    continue;
                }
                if (token.IsCancellationRequested)
                    break; // what was queued is written; a packet still waiting for its capture offset is not
                Tap.Available.Reset();
                if (!Tap.TryPeek(out _, out _, out _))
                {
                    try
                    {
                        Tap.Available.Wait(TimeSpan.FromMilliseconds(250), token);
                    }
                    catch (OperationCanceledException)
                    {
                        // stopping: drain what is queued above, then leave
                    }
                }
            }
        }
        finally
        {
            CloseSegment();
        }
    }

    private void Write(AVPacket* packet, TapConnection connection, int connectionIndex)
    {
        bool key = (packet->Flags & AV_PKT_FLAG_KEY) != 0;
        long pts = packet->Pts != AV_NOPTS_VALUE ? packet->Pts : packet->Dts;
        if (pts == AV_NOPTS_VALUE)
            pts = 0;
        Rational capture = new Rational(pts, 1) * connection.TimeBase + connection.Offset!.Value;
        if (_segment != null && (connectionIndex != _segmentConnection
                                 || (key && (capture - _segmentStart).ToDouble() >= _options.SegmentSeconds)))
            CloseSegment();
        if (_segment == null)
        {
            if (!key)
            {
                Interlocked.Increment(ref _skippedToKey);
                return;
            }
            if (!OpenSegment(connection, connectionIndex, capture))
                return;
        }
        try
        {
            long byteOffset = LibAvFormat.IoSeek(_segment->Pb, 0, SeekCurrent);
            FFmpegError.Check(LibAvCodec.PacketRef(_scratch, packet), "referencing a packet");
            LibAvCodec.PacketRescaleTs(_scratch, new AVRational((int)connection.TimeBase.Numerator, (int)connection.TimeBase.Denominator), _stream->TimeBase);
            _scratch->StreamIndex = 0;
            if (_segmentFrames == 0)
                _segmentShift = _scratch->Dts != AV_NOPTS_VALUE && _scratch->Dts < 0 ? -_scratch->Dts : 0;
            if (_scratch->Pts != AV_NOPTS_VALUE)
                _scratch->Pts += _segmentShift;
            if (_scratch->Dts != AV_NOPTS_VALUE)
                _scratch->Dts += _segmentShift;
            long ptsOut = _scratch->Pts != AV_NOPTS_VALUE ? _scratch->Pts : _scratch->Dts;
            int ret = LibAvFormat.WriteFrame(_segment, _scratch);
            LibAvCodec.PacketUnref(_scratch);
            if (ret < 0)
                FFmpegError.Check(ret, $"writing {_segmentPath}");
            long duration = packet->Duration > 0 ? packet->Duration : 0;
            Rational end = capture + new Rational(duration, 1) * connection.TimeBase;
            if (end > _segmentEnd)
                _segmentEnd = end;
            _index.FrameWritten(_segmentId, new RecordedFrame(ptsOut, capture, byteOffset, _segmentFrames, key, DateTime.UtcNow.Ticks));
            _segmentFrames++;
            Interlocked.Increment(ref _framesWritten);
        }
        catch (Exception ex) when (ex is MediaException or IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            Fail(ex);
        }
    }

    private bool OpenSegment(TapConnection connection, int connectionIndex, Rational capture)
    {
        var parameters = (AVCodecParameters*)connection.Parameters;
        _segmentPath = _folder.NextSegment();
        try
        {
            AVFormatContext* format = null;
            FFmpegError.Check(LibAvFormat.AllocOutputContext2(&format, null, "mpegts", _segmentPath), $"creating {_segmentPath}");
            _segment = format;
            _segmentHandle = new FormatOutputHandle(format);
            _stream = LibAvFormat.NewStream(_segment, null);
            if (_stream == null)
                throw new OutOfMemoryException("avformat_new_stream returned null");
            FFmpegError.Check(LibAvCodec.ParametersCopy(_stream->Codecpar, parameters), $"configuring {_segmentPath}");
            _stream->Codecpar->CodecTag = 0; // the source container's tag means nothing to MPEG-TS
            _stream->TimeBase = new AVRational(1, 90_000);
            nint io = 0;
            FFmpegError.Check(LibAvFormat.IoOpen2(&io, _segmentPath, AVIO_FLAG_WRITE, null, null), $"opening {_segmentPath} for writing");
            _segment->Pb = io;
            nint dict = 0;
            try
            {
                // Each packet reaches the file as it is written: a killed process loses at most the packet in hand.
                FFmpegError.Check(LibAvUtil.DictSet(&dict, "flush_packets", "1", 0), "setting flush_packets");
                FFmpegError.Check(LibAvFormat.WriteHeader(_segment, &dict), $"writing the header of {_segmentPath}");
            }
            finally
            {
                LibAvUtil.DictFree(&dict);
            }
            _segmentConnection = connectionIndex;
            _segmentStart = capture;
            _segmentEnd = capture;
            _segmentFrames = 0;
            _segmentId = _index.SegmentOpened(_options.Camera, _segmentPath, FFmpegError.Utf8(LibAvCodec.GetName(parameters->CodecId)),
                parameters->Width, parameters->Height, capture);
            return true;
        }
        catch (Exception ex) when (ex is MediaException or IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            Fail(ex);
            return false;
        }
    }

    private void CloseSegment()
    {
        if (_segment == null)
            return;
        string path = _segmentPath;
        try
        {
            int ret = LibAvFormat.WriteTrailer(_segment);
            FormatOutputHandle.CloseIo(_segment);
            if (ret < 0)
                FFmpegError.Check(ret, $"finishing {path}");
            long bytes = new FileInfo(path).Length;
            if (_segmentId >= 0)
                _index.SegmentClosed(_segmentId, _segmentEnd, bytes, _segmentFrames);
            Interlocked.Increment(ref _segmentsClosed);
        }
        catch (Exception ex) when (ex is MediaException or IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            Interlocked.Increment(ref _writeFailures);
            _log.Warning("{Camera:l}: recording segment {Path:l} could not be completed: {Error:l}", _options.Camera, path, ex.Message);
        }
        finally
        {
            _segment = null;
            _stream = null;
            _segmentHandle?.Dispose();
            _segmentHandle = null;
            _segmentId = -1;
            _segmentConnection = -1;
        }
    }

    private void Fail(Exception ex)
    {
        Interlocked.Increment(ref _writeFailures);
        _log.Warning("{Camera:l}: recording failed ({Error:l}); the segment is closed and recording resumes at the next key frame", _options.Camera, ex.Message);
        CloseSegment();
    }
}
