using Broadcast3D.Core.Time;
using Broadcast3D.Media.Interop;
using static Broadcast3D.Media.Interop.FFmpegConstants;

namespace Broadcast3D.Media.Recording;

/// <summary>
/// Hands the demuxed video packets of one camera's <see cref="Decoder"/> to a recorder thread, as received and
/// without a copy: each packet is a new reference to the demuxer's refcounted buffer (av_packet_ref) in a ring of
/// packets allocated once. One producer (the decoding thread, through <see cref="DecoderOptions.Tap"/>) and one
/// consumer (<see cref="SegmentRecorder"/>'s thread). The decoder never waits: when the ring is full the packet is
/// dropped and counted, and so is every packet up to the next key frame, so what reaches the recorder always
/// decodes. Allocation-free per packet.
/// </summary>
public sealed unsafe class PacketTap : IDisposable
{
    private readonly AVPacket*[] _ring;
    private readonly int[] _ringConnection;
    private readonly Lock _connectionsLock = new();
    private readonly List<TapConnection> _connections = [];
    private readonly ManualResetEventSlim _available = new();
    // Monotonic counters: _written by the producer, _read by the consumer; the ring index is counter % length.
    private long _written;
    private long _read;
    private long _offered;
    private long _dropped;
    private long _beforeKeyFrame;
    private bool _dropping; // producer only: after a drop, the rest of the GOP goes too (counted as dropped)
    private bool _waitForKey = true; // producer only: the first packet of a connection, and after a drop
    private int _connection = -1; // producer only
    private bool _disposed;

    /// <summary>Creates a tap that holds up to <paramref name="capacity"/> packets for the recorder.</summary>
    /// <param name="capacity">Packets the ring holds (a few seconds of video: a slow disk is ridden out, then dropped).</param>
    public PacketTap(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _ring = new AVPacket*[capacity];
        _ringConnection = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _ring[i] = LibAvCodec.PacketAlloc();
            if (_ring[i] == null)
            {
                Dispose();
                throw new OutOfMemoryException("av_packet_alloc returned null");
            }
        }
    }

    /// <summary>Video packets the decoder offered (every packet of the stream it decodes).</summary>
    public long Offered => Interlocked.Read(ref _offered);

    /// <summary>Packets dropped because the recorder fell behind (the ring was full), up to the next key frame each time.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Packets skipped at the start of a connection until its first key frame (a stream joined mid-GOP): nothing before it decodes.</summary>
    public long SkippedBeforeKeyFrame => Interlocked.Read(ref _beforeKeyFrame);

    /// <summary>Set when a packet is queued; the consumer resets it before it waits.</summary>
    internal ManualResetEventSlim Available => _available;

    /// <summary>
    /// Sets the capture-time origin of the current connection: capture = pts × time base + <paramref name="offset"/>
    /// seconds (the reader's timeline, which goes on across reconnects and loops). Called by the reader thread once
    /// its first frame of a connection is decoded; the recorder holds that connection's packets until then.
    /// </summary>
    public void SetCaptureOffset(Rational offset)
    {
        lock (_connectionsLock)
        {
            if (_connections.Count > 0 && _connections[^1].Offset is null)
                _connections[^1] = _connections[^1] with { Offset = offset };
        }
        _available.Set();
    }

    /// <summary>Decoding thread: a source was opened (a new connection); its stream's parameters are copied.</summary>
    internal void BeginConnection(AVStream* stream)
    {
        AVCodecParameters* parameters = LibAvCodec.ParametersAlloc();
        if (parameters == null)
            throw new OutOfMemoryException("avcodec_parameters_alloc returned null");
        int ret = LibAvCodec.ParametersCopy(parameters, stream->Codecpar);
        if (ret < 0)
        {
            LibAvCodec.ParametersFree(&parameters);
            FFmpegError.Check(ret, "copying the stream parameters for recording");
        }
        lock (_connectionsLock)
        {
            _connections.Add(new TapConnection((nint)parameters, new Rational(stream->TimeBase.Num, stream->TimeBase.Den), null));
            _connection = _connections.Count - 1;
        }
        _waitForKey = true;
        _dropping = false;
    }

    /// <summary>Decoding thread: offers one video packet (a reference is taken; the caller keeps its own).</summary>
    internal void Offer(AVPacket* packet)
    {
        Interlocked.Increment(ref _offered);
        if (_connection < 0 || _disposed)
            return;
        if (_waitForKey)
        {
            if ((packet->Flags & AV_PKT_FLAG_KEY) == 0)
            {
                if (_dropping)
                    Interlocked.Increment(ref _dropped);
                else
                    Interlocked.Increment(ref _beforeKeyFrame);
                return;
            }
            _waitForKey = false;
            _dropping = false;
        }
        long written = _written;
        if (written - Volatile.Read(ref _read) >= _ring.Length)
        {
            // The recorder is behind (a slow disk): this packet and the rest of its GOP go, the decoder never waits.
            Interlocked.Increment(ref _dropped);
            _waitForKey = _dropping = true;
            return;
        }
        int slot = (int)(written % _ring.Length);
        if (LibAvCodec.PacketRef(_ring[slot], packet) < 0)
        {
            Interlocked.Increment(ref _dropped);
            _waitForKey = _dropping = true;
            return;
        }
        _ringConnection[slot] = _connection;
        Volatile.Write(ref _written, written + 1);
        _available.Set();
    }

    /// <summary>
    /// Consumer: the oldest queued packet whose connection's capture offset is known (or whose connection was
    /// replaced by a newer one: its offset is then taken as zero), without taking it; false when there is none yet.
    /// </summary>
    internal bool TryPeek(out AVPacket* packet, out TapConnection connection, out int connectionIndex)
    {
        long read = _read;
        packet = null;
        connection = default;
        connectionIndex = -1;
        if (read >= Volatile.Read(ref _written))
            return false;
        int slot = (int)(read % _ring.Length);
        connectionIndex = _ringConnection[slot];
        lock (_connectionsLock)
        {
            connection = _connections[connectionIndex];
            if (connection.Offset is null)
            {
                if (connectionIndex == _connections.Count - 1)
                    return false; // the reader has not decoded this connection's first frame yet
                connection = connection with { Offset = Rational.Zero };
            }
        }
        packet = _ring[slot];
        return true;
    }

    /// <summary>Consumer: releases the packet <see cref="TryPeek"/> returned and moves on.</summary>
    internal void Advance()
    {
        long read = _read;
        LibAvCodec.PacketUnref(_ring[(int)(read % _ring.Length)]);
        Volatile.Write(ref _read, read + 1);
    }

    /// <summary>Frees the ring and the copied stream parameters. Call after the producer and consumer have stopped.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        for (int i = 0; i < _ring.Length; i++)
        {
            AVPacket* p = _ring[i];
            if (p != null)
                LibAvCodec.PacketFree(&p);
            _ring[i] = null;
        }
        lock (_connectionsLock)
        {
            foreach (TapConnection c in _connections)
            {
                var parameters = (AVCodecParameters*)c.Parameters;
                LibAvCodec.ParametersFree(&parameters);
            }
            _connections.Clear();
        }
        _available.Dispose();
    }
}
