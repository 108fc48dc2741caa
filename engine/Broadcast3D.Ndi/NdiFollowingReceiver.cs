using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Broadcast3D.Ndi;

/// <summary>
/// Receives one NDI source by name and keeps receiving it when the connection goes: a plain <see cref="NdiReceiver"/>
/// keeps retrying the address it was given, so a source that comes back on another address (a sender restarted: the
/// runtime gives it the next free port) is never seen again. This one finds the source again by name and makes a new
/// receiver when the runtime reports the connection lost, when its connection has been gone for
/// <see cref="NdiFollowingReceiverOptions.Silence"/> (5 times that for a receiver that never connected), or when frames
/// stopped for that long after some had come.
/// Each reconnection is counted, with its reason, and reported through the log callback.
/// It does not make a sender that stopped sending look alive: a new receiver of a silent source gets nothing new (only
/// the sender's last frame again, which the runtime gives every new connection: same timecode).
/// Thread-safety: capture from one thread (the one that disposes the frames it lends); <see cref="Describe"/>,
/// <see cref="Reconnects"/> and <see cref="GetFrameCounts"/> may be called from others.
/// </summary>
public sealed class NdiFollowingReceiver : IDisposable
{
    private const int FirstConnectionFactor = 5;

    private readonly NdiRuntime _runtime;
    private readonly string _name;
    private readonly NdiFollowingReceiverOptions _options;
    private readonly NdiFinder _finder;
    // Guards the swap of _receiver against readers on other threads; capture itself runs outside it.
    private readonly Lock _swap = new();
    private NdiReceiver? _receiver;
    private long _lastFrame, _lastConnected;
    private bool _received, _connected;
    private long _receivedBefore, _droppedBefore;
    private int _reconnects;
    private string? _lastReason;

    /// <summary>
    /// Finds <paramref name="sourceName"/> (full "HOST (name)" or the sender's own name) and connects; throws
    /// <see cref="NdiException"/> naming the source when it is not found within
    /// <see cref="NdiFollowingReceiverOptions.FindTimeout"/>.
    /// </summary>
    public NdiFollowingReceiver(NdiRuntime runtime, string sourceName, NdiFollowingReceiverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        _runtime = runtime;
        _name = sourceName;
        _options = options ?? new NdiFollowingReceiverOptions();
        _finder = new NdiFinder(runtime, _options.Finder);
        try
        {
            NdiSource source = _finder.WaitForSource(sourceName, _options.FindTimeout)
                ?? throw new NdiException($"NDI source '{sourceName}' not found within {_options.FindTimeout.TotalSeconds:0} s " +
                                          $"(seen: {string.Join(", ", _finder.GetSources().Select(s => s.Name))}); is the sender running?");
            _receiver = new NdiReceiver(runtime, source, _options.Receiver);
        }
        catch
        {
            _finder.Dispose();
            throw;
        }
        _lastFrame = _lastConnected = Stopwatch.GetTimestamp();
    }

    /// <summary>The source connected to now (its address changes when the sender came back elsewhere).</summary>
    public NdiSource Source
    {
        get
        {
            lock (_swap)
                return Current.Source;
        }
    }

    /// <summary>How many times a new receiver was made.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Why the last new receiver was made, or null.</summary>
    public string? LastReconnectReason => Volatile.Read(ref _lastReason);

    /// <summary>Called (on the capture thread) with a line for each reconnection; null: not reported.</summary>
    public Action<string>? Log { get; init; }

    private NdiReceiver Current => _receiver ?? throw new ObjectDisposedException(nameof(NdiFollowingReceiver));

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the next video frame (see <see cref="NdiReceiver.TryCaptureVideo"/>),
    /// reconnecting first when the connection is gone. Returns false on timeout. Dispose each frame before the next call:
    /// a reconnection disposes the receiver that lent it.
    /// </summary>
    public bool TryCaptureVideo(TimeSpan timeout, [NotNullWhen(true)] out NdiReceivedVideoFrame? frame)
    {
        NdiReceiver receiver = Current;
        bool got;
        try
        {
            got = receiver.TryCaptureVideo(timeout, out frame);
        }
        catch (NdiException ex) when (ex is not NdiRuntimeNotInstalledException)
        {
            Reconnect($"the runtime reported the connection lost ({ex.Message})");
            frame = null;
            return false;
        }
        long now = Stopwatch.GetTimestamp();
        if (got && frame is not null)
        {
            _lastFrame = _lastConnected = now;
            _received = true;
            return true;
        }
        if (receiver.ConnectionCount > 0)
        {
            _lastConnected = now;
            _connected = true;
        }
        TimeSpan unconnected = Stopwatch.GetElapsedTime(_lastConnected, now), silent = Stopwatch.GetElapsedTime(_lastFrame, now);
        // A receiver that never connected gets longer: a first connection on a loaded machine may take seconds, and
        // replacing it every Silence could keep it from ever connecting.
        if (unconnected >= (_connected ? _options.Silence : _options.Silence * FirstConnectionFactor))
            Reconnect($"no connection for {unconnected.TotalSeconds:0.0} s");
        else if (_received && silent >= _options.Silence)
            Reconnect($"no frame for {silent.TotalSeconds:0.0} s while connected");
        return false;
    }

    /// <summary>Video frames received and dropped by the runtime over every receiver made so far.</summary>
    public (long Received, long Dropped) GetFrameCounts()
    {
        lock (_swap)
        {
            (long received, long dropped) = Current.GetFrameCounts();
            return (_receivedBefore + received, _droppedBefore + dropped);
        }
    }

    /// <summary>The receiving side in one line, for a message: address, connections now, runtime counters, reconnections.</summary>
    public string Describe()
    {
        lock (_swap)
        {
            NdiReceiver receiver = Current;
            (long received, long dropped) = receiver.GetFrameCounts();
            string reconnects = _reconnects == 0 ? "never reconnected" : $"reconnected {_reconnects} times (last: {_lastReason})";
            return $"receiver of {receiver.Source.Name} ({receiver.Source.UrlAddress}): {receiver.ConnectionCount} connections now, " +
                   $"the runtime received {_receivedBefore + received} video frames and dropped {_droppedBefore + dropped}, {reconnects}";
        }
    }

    /// <summary>Disconnects and stops discovery. Frames still lent become invalid: dispose them first. Idempotent.</summary>
    public void Dispose()
    {
        lock (_swap)
        {
            _receiver?.Dispose();
            _receiver = null;
        }
        _finder.Dispose();
    }

    private void Reconnect(string reason)
    {
        // Found again by name: the address may have changed. When it is not listed (yet), the old address is kept
        // and tried again on the next silence; waiting no longer than that keeps the capture thread responsive.
        NdiSource source = _finder.WaitForSource(_name, _options.Silence) ?? Current.Source;
        var fresh = new NdiReceiver(_runtime, source, _options.Receiver);
        lock (_swap)
        {
            NdiReceiver old = Current;
            (long received, long dropped) = old.GetFrameCounts();
            _receivedBefore += received;
            _droppedBefore += dropped;
            old.Dispose();
            _receiver = fresh;
            Volatile.Write(ref _lastReason, reason);
            Interlocked.Increment(ref _reconnects);
        }
        _lastFrame = _lastConnected = Stopwatch.GetTimestamp();
        _connected = false;
        Log?.Invoke($"NDI receiver of '{_name}': {reason}; connecting again to {source.Name} at {source.UrlAddress} (reconnection {Reconnects})");
    }
}
