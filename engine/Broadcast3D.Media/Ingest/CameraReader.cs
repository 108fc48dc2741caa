using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Media.Ingest;

/// <summary>
/// Decodes one camera on its own thread into a bounded queue (<see cref="IngestMode"/> sets the policy). Network
/// sources that fail, stall or end are reopened with exponential backoff; their timeline continues one frame after
/// the last frame delivered. Files end once, or start again at once when they loop (the timeline going on), and may
/// be paced at their own frame rate to stand in for a live camera. Any exception on the reader thread (a media
/// error, a picture size <see cref="CameraSourceOptions.CheckSize"/> refuses, or a fault on this camera's data)
/// marks this camera failed and is logged; a source that can be reopened is, and the process never goes down with
/// one camera. All waits are on the cancellation token or the queue, never sleeps. Thread-safe: the properties may
/// be read from any thread; one consumer takes frames.
/// </summary>
public sealed class CameraReader : IDisposable
{
    private readonly CameraSourceOptions _options;
    private readonly Channel<CameraFrame> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _finished = new();
    // Set by the reader thread after each queued frame and when the queue completes; the consumer resets it before
    // it waits. One event for the reader's life: a wait that times out leaves nothing behind (a WaitToReadAsync
    // task per wait stayed registered on the channel until the next frame: ~60 MB an hour for a dead camera).
    private readonly ManualResetEventSlim _frameQueued = new();
    private readonly Thread _thread;
    private readonly Serilog.ILogger _log;
    private Decoder? _decoder;
    private long _dropped;
    private long _framesRead;
    private int _reconnects;
    private int _failures;
    private volatile CameraReaderState _state = CameraReaderState.Connecting;
    private volatile string? _lastError;
    private volatile VideoStreamInfo? _stream;

    /// <summary>Starts reading <paramref name="options"/>.Source at once on a new background thread.</summary>
    /// <param name="camera">Index of this camera in the rig, copied into every <see cref="CameraFrame"/>.</param>
    /// <param name="options">The source and its queue policy.</param>
    /// <param name="log">Receives state changes and recovered errors (property <c>Camera</c>); called on the reader thread. Null: the process logger.</param>
    public CameraReader(int camera, CameraSourceOptions options, Serilog.ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1);
        Camera = camera;
        _options = options;
        _log = (log ?? Serilog.Log.Logger).ForContext("Camera", options.Id);
        var channelOptions = new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = options.Mode == IngestMode.Live ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        };
        _queue = Channel.CreateBounded<CameraFrame>(channelOptions, OnDropped);
        // The event makes its lock object on its first blocking wait: made here (a 1 ms wait, before the thread can set
        // it) so that the consumer's first wait for a late frame, which a loaded machine may meet long after its
        // warm-up, allocates nothing.
        _frameQueued.Wait(1);
        _thread = new Thread(Run) { IsBackground = true, Name = $"ingest {options.Id}" };
        _thread.Start();
    }

    /// <summary>Index of this camera in the rig.</summary>
    public int Camera { get; }

    /// <summary>Camera name.</summary>
    public string Id => _options.Id;

    /// <summary>The options this reader was created with.</summary>
    public CameraSourceOptions Options => _options;

    /// <summary>Frames queued; completes after the file ends, a file fails, or the reader stops.</summary>
    public ChannelReader<CameraFrame> Frames => _queue.Reader;

    public CameraReaderState State => _state;

    /// <summary>The video stream of the current (or last) connection; null until the source opened.</summary>
    public VideoStreamInfo? Stream => _stream;

    /// <summary>Frames dropped by the live policy because the consumer fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Frames decoded and queued (including ones dropped later).</summary>
    public long FramesRead => Interlocked.Read(ref _framesRead);

    /// <summary>Times a network source was reopened.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Times the reader failed (a media error or a fault on this camera's data) and the camera was marked failed.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>The last error message (names the source), or null.</summary>
    public string? LastError => _lastError;

    /// <summary>Waits until the reader thread has finished (file ended or failed, or stopped); false on timeout.</summary>
    public bool WaitUntilFinished(TimeSpan timeout, CancellationToken cancellationToken = default) => _finished.Wait(timeout, cancellationToken);

    /// <summary>
    /// Consumer thread: waits at most <paramref name="timeout"/> until <see cref="Frames"/> has a frame or has
    /// completed; true when it has (then <c>Frames.TryRead</c> or <c>Frames.Completion</c> says which), false on
    /// timeout. Allocates nothing, and a wait that times out leaves nothing registered. Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires. One consumer.
    /// </summary>
    public bool WaitForFrame(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_queue.Reader.TryPeek(out _) || _queue.Reader.Completion.IsCompleted)
            return true;
        _frameQueued.Reset();
        // Checked again after the reset: a frame queued between the first look and the reset set the event before it
        // was reset, and must not be slept through.
        if (_queue.Reader.TryPeek(out _) || _queue.Reader.Completion.IsCompleted)
            return true;
        return _frameQueued.Wait(timeout, cancellationToken);
    }

    /// <summary>Takes the next frame, waiting on the queue; false when the reader has finished and the queue is empty.</summary>
    public bool TryTake([NotNullWhen(true)] out CameraFrame frame, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_queue.Reader.TryRead(out frame))
                return true;
            ValueTask<bool> wait = _queue.Reader.WaitToReadAsync(cancellationToken);
            bool more = wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
            if (!more)
            {
                frame = default;
                return false;
            }
        }
    }

    /// <summary>Stops the thread (aborting blocking network I/O), waits for it, and disposes queued frames.</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
            return;
        _stop.Cancel();
        _decoder?.Cancel();
        _thread.Join();
        while (_queue.Reader.TryRead(out CameraFrame f))
            f.Frame.Dispose();
        _stop.Dispose();
        _finished.Dispose();
        _frameQueued.Dispose();
    }

    private void OnDropped(CameraFrame frame)
    {
        frame.Frame.Dispose();
        Interlocked.Increment(ref _dropped);
    }

    private void Run()
    {
        CancellationToken token = _stop.Token;
        TimeSpan backoff = _options.ReconnectDelay;
        Rational timelineBase = Rational.Zero;
        Rational? nextTime = null;
        var pace = new Pacing();
        // Each opening after the first starts a new timeline segment (CameraFrame.Segment): -1 before the first.
        int segment = -1;
        // A source that is opened again after it fails or ends: network streams, and files that loop.
        bool reopens = _options.IsNetwork || _options.Loop;
        ThreadAccounting? accounting = _options.Costs?.Add($"reader {_options.Id}");
        accounting?.Start();
        try
        {
            while (!token.IsCancellationRequested)
            {
                bool looped = false;
                try
                {
                    _state = CameraReaderState.Connecting;
                    DecoderOptions decoderOptions = _options.Decoder with { PoolSize = Math.Max(_options.Decoder.PoolSize, _options.QueueCapacity + 3) };
                    using Decoder decoder = (_options.OpenDecoder ?? Decoder.Open)(_options.Source, decoderOptions, token);
                    _decoder = decoder;
                    if (token.IsCancellationRequested)
                        break;
                    _stream = decoder.Stream;
                    _state = CameraReaderState.Running;
                    segment++;
                    backoff = _options.ReconnectDelay;
                    bool first = true;
                    int checkedWidth = 0, checkedHeight = 0;
                    while (decoder.TryRead(out VideoFrame? frame))
                    {
                        Rational capture;
                        try
                        {
                            if (frame.Width != checkedWidth || frame.Height != checkedHeight)
                            {
                                if (_options.CheckSize?.Invoke(frame.Width, frame.Height) is { } refusal)
                                    throw new SourceRefusedException(refusal);
                                (checkedWidth, checkedHeight) = (frame.Width, frame.Height);
                            }
                            // Absolute pts time, so cameras that share a clock stay comparable (CameraSync can align starts).
                            Rational pts = new Rational(frame.Pts, 1) * frame.TimeBase;
                            if (first && nextTime is { } continueAt)
                                timelineBase = continueAt - pts; // a reconnect or a loop restarts pts: keep our timeline going
                            if (first)
                                _options.Decoder.Tap?.SetCaptureOffset(timelineBase + _options.Offset);
                            first = false;
                            capture = pts + timelineBase + _options.Offset;
                            nextTime = pts + timelineBase + new Rational(frame.DurationTicks, 1) * frame.TimeBase;
                            if (_options.PlayAtFrameRate && !_options.IsNetwork)
                                pace.WaitUntilDue(capture, token);
                        }
                        catch
                        {
                            frame.Dispose();
                            throw;
                        }
                        try
                        {
                            _options.FrameTap?.Invoke(frame, capture);
                        }
                        catch
                        {
                            frame.Dispose();
                            throw;
                        }
                        Enqueue(new CameraFrame(Camera, frame, capture, Stopwatch.GetTimestamp()) { Segment = segment }, token);
                        Interlocked.Increment(ref _framesRead);
                        accounting?.FrameDone();
                    }
                    if (!reopens)
                    {
                        _state = CameraReaderState.Ended;
                        return;
                    }
                    looped = !_options.IsNetwork;
                    if (!looped)
                        _log.Warning("{Camera:l}: '{Source:l}' ended; reconnecting", _options.Id, _options.Source);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    break;
                }
                catch (MediaException) when (token.IsCancellationRequested)
                {
                    // FFmpeg's interrupt callback ends an open or read in progress when the reader stops ("Immediate
                    // exit requested"): that is the stop, not a failure, and must not replace the camera's last error.
                    break;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A media error is the source's; anything else is a fault of ours on this camera's data. Either way
                    // the camera alone is marked failed and logged, and a source that can be opened again is: an
                    // exception escaping this thread would end the whole process, every camera and output with it.
                    bool media = ex is MediaException;
                    bool refused = ex is SourceRefusedException;
                    _lastError = media || refused ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                    Interlocked.Increment(ref _failures);
                    _state = CameraReaderState.Failed;
                    if (media)
                        _log.Warning("{Camera:l}: {Error:l}", _options.Id, ex.Message);
                    else if (refused)
                        _log.Error("{Camera:l}: {Error:l}; {Next:l}", _options.Id, ex.Message, reopens ? "retrying" : "camera stopped");
                    else
                        _log.Error(ex, "{Camera:l}: the reader failed ({Error:l}); {Next:l}", _options.Id, _lastError,
                            reopens ? "reconnecting" : "camera stopped");
                    if (!reopens)
                        return;
                }
                finally
                {
                    _decoder = null;
                }
                if (looped)
                    continue; // the file plays again at once, paced from where its timeline goes on
                _state = CameraReaderState.Reconnecting;
                if (token.WaitHandle.WaitOne(backoff))
                    break;
                Interlocked.Increment(ref _reconnects);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
            }
            _state = CameraReaderState.Stopped;
        }
        finally
        {
            _queue.Writer.TryComplete();
            _frameQueued.Set();
            _finished.Set();
        }
    }

    private void Enqueue(CameraFrame frame, CancellationToken token)
    {
        try
        {
            // Live: TryWrite always succeeds (DropOldest). Offline: wait for space on the queue, never drop.
            while (!_queue.Writer.TryWrite(frame))
            {
                ValueTask<bool> wait = _queue.Writer.WaitToWriteAsync(token);
                if (!(wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult()))
                    throw new OperationCanceledException(token);
            }
            _frameQueued.Set();
        }
        catch
        {
            frame.Frame.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Wall-clock pacing of a file played as a live camera: the first frame is due at once, each later one at the
    /// first's arrival plus its capture-time distance from it (so a loop, whose timeline goes on, is paced too).
    /// </summary>
    private struct Pacing
    {
        private long _startTimestamp;
        private Rational _origin;

        public void WaitUntilDue(Rational capture, CancellationToken token)
        {
            if (_startTimestamp == 0)
            {
                _startTimestamp = Stopwatch.GetTimestamp();
                _origin = capture;
                return;
            }
            long due = _startTimestamp + (long)((capture - _origin).ToDouble() * Stopwatch.Frequency);
            long remaining = due - Stopwatch.GetTimestamp();
            if (remaining > 0 && token.WaitHandle.WaitOne(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency)))
                throw new OperationCanceledException(token);
        }
    }
}
