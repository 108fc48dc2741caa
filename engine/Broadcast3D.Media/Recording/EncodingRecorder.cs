using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Media.Recording;

/// <summary>
/// Records one camera in encode mode: its decoded pictures (offered by the reader through
/// <see cref="Ingest.CameraSourceOptions.FrameTap"/>) are encoded again as H.264 into MPEG-TS segments of
/// <see cref="EncodingRecorderOptions.SegmentSeconds"/>, each a fresh encoder, so each starts with a key frame and
/// decodes on its own. For raw sources and streams whose own key frames are too far apart to cut. The reader never
/// waits: a full queue drops the picture (counted). Reports segments and pictures to an <see cref="ISegmentIndex"/>
/// (frame n of a segment is indexed with pts n × 90000 / rate; the muxer shifts them all by the encoder's B-frame
/// delay, so a reader aligns a segment's pictures by its first one). Thread-safety:
/// <see cref="Offer"/> from one producer thread; counters from any thread.
/// </summary>
public sealed class EncodingRecorder : IDisposable
{
    private readonly EncodingRecorderOptions _options;
    private readonly ISegmentIndex _index;
    private readonly Serilog.ILogger _log;
    private readonly BoundedQueue _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly SegmentFolder _folder;
    private readonly int _framesPerSegment;
    private readonly long _ptsPerFrame;
    private OpenEncoder? _encoder;
    private long _segmentId = -1;
    private string _segmentPath = "";
    private int _segmentFrames;
    private Rational _segmentEnd;
    private long _framesWritten;
    private long _segmentsClosed;
    private long _writeFailures;

    /// <summary>Creates the camera's folder and starts the encoding thread.</summary>
    /// <exception cref="IOException">The folder cannot be created (the message names it).</exception>
    public EncodingRecorder(EncodingRecorderOptions options, ISegmentIndex index, Serilog.ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(index);
        _options = options;
        _index = index;
        _log = (log ?? Serilog.Log.Logger).ForContext("Camera", options.Camera);
        _folder = new SegmentFolder(options.Folder, options.Camera);
        _framesPerSegment = Math.Max(1, (int)Math.Round(options.SegmentSeconds * options.FrameRate.ToDouble()));
        _ptsPerFrame = (options.FrameRate.FrameDuration * new Rational(90_000, 1)).Round();
        _queue = new BoundedQueue(options.QueueFrames);
        _thread = new Thread(Run) { IsBackground = true, Name = $"record {options.Camera}" };
        _thread.Start();
    }

    /// <summary>The camera recorded.</summary>
    public string Camera => _options.Camera;

    /// <summary>Pictures encoded into segments.</summary>
    public long FramesWritten => Interlocked.Read(ref _framesWritten);

    /// <summary>Segments completed.</summary>
    public long SegmentsClosed => Interlocked.Read(ref _segmentsClosed);

    /// <summary>Pictures dropped because the encoder fell behind.</summary>
    public long Dropped => _queue.Dropped;

    /// <summary>Encodes or index calls that failed (each logged); recording went on with the next segment.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Producer (the reader thread): queues <paramref name="frame"/> (retained) or drops it when the queue is full.</summary>
    public void Offer(VideoFrame frame, Rational capture)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_stop.IsCancellationRequested)
            return;
        frame.Retain();
        if (!_queue.TryAdd(frame, capture))
            frame.Dispose();
    }

    /// <summary>Stops after encoding what is queued and closes the open segment.</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
            return;
        _stop.Cancel();
        _queue.Complete();
        _thread.Join();
        _stop.Dispose();
    }

    private void Run()
    {
        ThreadAccounting? accounting = _options.Costs?.Add($"record {_options.Camera}");
        accounting?.Start();
        try
        {
            while (_queue.TryTake(out VideoFrame? frame, out Rational capture))
            {
                using (frame)
                    Write(frame, capture);
                accounting?.FrameDone();
            }
        }
        finally
        {
            CloseSegment();
        }
    }

    private void Write(VideoFrame frame, Rational capture)
    {
        try
        {
            if (_encoder is not null && (_segmentFrames >= _framesPerSegment || frame.Width != _encoder.Width || frame.Height != _encoder.Height))
                CloseSegment();
            if (_encoder is null)
                OpenSegment(frame, capture);
            _encoder!.Encoder.WriteVideoFrame(frame, _segmentFrames);
            _index.FrameWritten(_segmentId, new RecordedFrame(_segmentFrames * _ptsPerFrame, capture, -1, _segmentFrames, _segmentFrames == 0, DateTime.UtcNow.Ticks));
            _segmentFrames++;
            Rational end = capture + _options.FrameRate.FrameDuration;
            if (end > _segmentEnd)
                _segmentEnd = end;
            Interlocked.Increment(ref _framesWritten);
        }
        catch (Exception ex) when (ex is MediaException or IOException or ArgumentException or InvalidOperationException or System.Data.Common.DbException)
        {
            Interlocked.Increment(ref _writeFailures);
            _log.Warning("{Camera:l}: recording (encode) failed ({Error:l}); a new segment starts with the next picture", _options.Camera, ex.Message);
            CloseSegment();
        }
    }

    private void OpenSegment(VideoFrame frame, Rational capture)
    {
        _segmentPath = _folder.NextSegment();
        var encoder = Encoder.Create(_segmentPath, new EncoderOptions
        {
            Width = frame.Width, Height = frame.Height, FrameRate = _options.FrameRate, Container = "mpegts",
            // One key frame per segment: it starts the segment, which is cut by frame count.
            KeyFrameInterval = _framesPerSegment, Threads = 1,
            OutputOptions = new Dictionary<string, string> { ["flush_packets"] = "1" },
        });
        _encoder = new OpenEncoder(encoder, frame.Width, frame.Height);
        _segmentFrames = 0;
        _segmentEnd = capture;
        _segmentId = _index.SegmentOpened(_options.Camera, _segmentPath, "h264", frame.Width, frame.Height, capture);
    }

    private void CloseSegment()
    {
        if (_encoder is not { } open)
            return;
        _encoder = null;
        try
        {
            open.Encoder.Dispose();
            if (_segmentId >= 0)
                _index.SegmentClosed(_segmentId, _segmentEnd, new FileInfo(_segmentPath).Length, _segmentFrames);
            Interlocked.Increment(ref _segmentsClosed);
        }
        catch (Exception ex) when (ex is MediaException or IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            Interlocked.Increment(ref _writeFailures);
            _log.Warning("{Camera:l}: recording segment {Path:l} could not be completed: {Error:l}", _options.Camera, _segmentPath, ex.Message);
        }
        finally
        {
            _segmentId = -1;
        }
    }

    private sealed record OpenEncoder(Encoder Encoder, int Width, int Height);

    /// <summary>The pictures waiting for the encoder: bounded, the producer drops rather than waits.</summary>
    private sealed class BoundedQueue(int capacity)
    {
        private readonly Queue<(VideoFrame Frame, Rational Capture)> _items = new(capacity);
        private readonly Lock _lock = new();
        private readonly SemaphoreSlim _available = new(0);
        private bool _completed;
        private long _dropped;

        public long Dropped => Interlocked.Read(ref _dropped);

        public bool TryAdd(VideoFrame frame, Rational capture)
        {
            lock (_lock)
            {
                if (_completed || _items.Count >= capacity)
                {
                    Interlocked.Increment(ref _dropped);
                    return false;
                }
                _items.Enqueue((frame, capture));
            }
            _available.Release();
            return true;
        }

        public bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VideoFrame? frame, out Rational capture)
        {
            _available.Wait();
            lock (_lock)
            {
                if (_items.TryDequeue(out (VideoFrame Frame, Rational Capture) item))
                {
                    (frame, capture) = item;
                    return true;
                }
            }
            frame = null;
            capture = default;
            return false; // completed and empty
        }

        public void Complete()
        {
            lock (_lock)
                _completed = true;
            _available.Release();
        }
    }
}
