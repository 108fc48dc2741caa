using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Nodes;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Tracking.Filtering;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// <c>b3d run</c> with <c>tracking.source: "bus"</c>: the 3D people of a fusion node (stream
/// <see cref="NodeWire.Stream3D"/>) in place of the tracking worker. A task reads the stream into a ring of pending
/// sets; the ingest thread, after each of its own frame sets, hands on (<see cref="Drain"/>) every pending set whose
/// capture time its pictures have reached, filtered and gap-filled per person id as local tracking does
/// (<see cref="LiveSkeletonSmoother"/>), through the same triple buffer, so the channel interpolates them to each
/// picture's capture time exactly as it does local results. The 3D is therefore matched to the pictures by capture
/// time, which requires both to be on one clock (<c>sync.placement: "timestamps"</c>, checked by the loader).
/// <para>
/// The bus never stops the programme: a server that cannot be reached at start or goes away is logged and counted
/// (<see cref="Outages"/>, <see cref="Disconnects"/>), the reader retries every second and resumes after the last set
/// it read, and meanwhile the graphics age and fade out (<c>overlay.maxSkeletonAgeMs</c>). A malformed message or
/// another marker layout is counted and dropped with its subject (<see cref="DroppedMessages"/>).
/// </para>
/// Thread-safety: <see cref="Drain"/> from one thread (the ingest); the counters from any.
/// </summary>
public sealed class BusSkeletonFeed : IDisposable
{
    /// <summary>
    /// How far back the reader starts: sets published up to this long before it connects are read too, so a
    /// <c>b3d run</c> started just after its fusion node (or reconnecting) still has the 3D of the pictures it shows.
    /// </summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromSeconds(60);

    // Pending sets the ring holds: 17 s at 60 fps of 3D that is ahead of the pictures (a fusion node started first);
    // beyond it the oldest is dropped and counted.
    private const int RingSets = 1024;

    // A gap this long between the bus's capture times and the pictures' is a clock mismatch, said once.
    private const double MismatchSeconds = 5;

    private readonly BusOptions _bus;
    private readonly FrameRate _rate;
    private readonly Serilog.ILogger _log;
    private readonly int _markers, _maxPeople;
    private readonly double _lateSeconds;
    private readonly Pending[] _ring;
    private readonly Lock _lock = new();
    private readonly LiveSkeletonSmoother _smoother;
    private readonly double[] _points;
    private readonly long[] _stampIndex, _stampTicks;
    private readonly DroppedMessages _dropped;
    private readonly CancellationTokenSource _stop = new();
    private readonly ThreadRole _ingest = new("ingest (bus 3D)");
    private readonly Action<SkeletonSet>? _handedOn;
    private Task? _reader;
    private int _head, _count;
    private long _received, _published, _late, _overflow, _outages, _disconnectsBefore;
    private long _smoothedSegment = long.MinValue;
    private NodeBus? _connection;
    private bool _aheadReported, _behindReported;

    /// <summary>Prepares the feed; <see cref="Start"/> starts reading.</summary>
    /// <param name="busUrl"><c>nats://HOST:PORT</c> (<c>tracking.bus</c>).</param>
    /// <param name="rate">The run's frame-set rate (to find a picture's ingest time by its capture time).</param>
    /// <param name="definition">The markers the sets carry (<see cref="Pose2SimMarkers"/>, as the fusion node triangulates).</param>
    /// <param name="maxPeople">People handed on per set (the programme's capacity).</param>
    /// <param name="maxDelayFrames">The delay line's longest delay: a set older than the pictures by more can never be drawn.</param>
    /// <param name="log">Connection and drop lines (null: the process logger).</param>
    /// <param name="handedOn">
    /// Called on the ingest thread with each set as handed to the programme (smoothed), before it is published: the
    /// recording keeps the 3D and the blur regions as it does for local tracking. Must not keep the set.
    /// </param>
    public BusSkeletonFeed(string busUrl, FrameRate rate, SkeletonDefinition definition, int maxPeople, int maxDelayFrames, Serilog.ILogger? log = null,
        Action<SkeletonSet>? handedOn = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeople, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDelayFrames);
        _bus = new BusOptions { Url = busUrl };
        try
        {
            _bus.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"tracking.bus '{busUrl}': give the server as nats://HOST:PORT", nameof(busUrl), e);
        }
        _rate = rate;
        _log = log ?? Serilog.Log.Logger;
        _markers = definition.KeypointCount;
        _maxPeople = maxPeople;
        _lateSeconds = (maxDelayFrames + 2) * rate.FrameDuration.ToDouble();
        _ring = new Pending[RingSets];
        for (int i = 0; i < RingSets; i++)
            _ring[i] = new Pending(maxPeople, _markers);
        _smoother = new LiveSkeletonSmoother(_markers, maxPeople);
        _points = new double[_markers * 3];
        // Ingest times of the pictures of the last ~4 s, by set index: a set's latency is measured from its picture's.
        _stampIndex = new long[256];
        _stampTicks = new long[256];
        Array.Fill(_stampIndex, -1);
        _dropped = new DroppedMessages(_log);
        _handedOn = handedOn;
    }

    /// <summary>The bus URL.</summary>
    public string Url => _bus.Url;

    /// <summary>3D sets read from the bus (valid or not).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Sets handed on to the programme.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Sets older than any picture the delay line can still show when their pictures were reached: not drawn.</summary>
    public long Late => Interlocked.Read(ref _late);

    /// <summary>Sets dropped because more were ahead of the pictures than the ring holds.</summary>
    public long Overflow => Interlocked.Read(ref _overflow);

    /// <summary>Messages refused (malformed, another version or marker layout).</summary>
    public long Dropped => _dropped.Total;

    /// <summary>Times the reader could not connect or lost its consumer and started again.</summary>
    public long Outages => Interlocked.Read(ref _outages);

    /// <summary>Times an established connection was lost (the client reconnects by itself).</summary>
    public long Disconnects => Interlocked.Read(ref _disconnectsBefore) + (Volatile.Read(ref _connection)?.Disconnects ?? 0);

    /// <summary>Starts the reader task (once).</summary>
    public void Start()
    {
        if (_reader is not null)
            throw new InvalidOperationException("the bus feed has started already");
        _reader = Task.Run(() => ReadAsync(_stop.Token));
    }

    /// <summary>
    /// Ingest thread, after each frame set: records that the pictures of <paramref name="pictureTime"/> were handed
    /// over at <paramref name="ingestTimestamp"/> (Stopwatch ticks) and publishes into <paramref name="output"/>
    /// every pending set up to that capture time, in order (the channel keeps the newest it reads, and interpolates).
    /// A set older than the pictures by more than the delay line holds is counted late and skipped. Returns the sets
    /// published. Allocates nothing.
    /// </summary>
    public int Drain(Rational pictureTime, long segment, long ingestTimestamp, TripleBuffer<SkeletonSet> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _ingest.AssertSingle();
        long index = _rate.NearestFrame(pictureTime);
        int stamp = (int)(((index % _stampIndex.Length) + _stampIndex.Length) % _stampIndex.Length);
        (_stampIndex[stamp], _stampTicks[stamp]) = (index, ingestTimestamp);
        double now = pictureTime.ToDouble();
        int published = 0;
        lock (_lock)
        {
            while (_count > 0)
            {
                Pending set = _ring[_head];
                double time = set.Time.ToDouble();
                if (time > now)
                {
                    if (time - now > MismatchSeconds && !_aheadReported)
                    {
                        _aheadReported = true;
                        _log.Warning("tracking.bus {Url:l}: the 3D is {Seconds:0.0} s ahead of the pictures' capture times: are the camera nodes and this " +
                                     "process reading the same cameras on one clock (sync.placement \"timestamps\")?", _bus.Url, time - now);
                    }
                    break;
                }
                _head = (_head + 1) % _ring.Length;
                _count--;
                if (now - time > _lateSeconds)
                {
                    Interlocked.Increment(ref _late);
                    if (now - time > MismatchSeconds && !_behindReported)
                    {
                        _behindReported = true;
                        _log.Warning("tracking.bus {Url:l}: the 3D is {Seconds:0.0} s behind the pictures' capture times (more than the delay line holds): " +
                                     "not drawn; is the fusion node keeping up, and on the cameras' clock?", _bus.Url, now - time);
                    }
                    continue;
                }
                Publish(set, segment, output);
                published++;
            }
        }
        return published;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _reader?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The reader logs its own failures; stopping must not throw.
        }
        _stop.Dispose();
    }

    private void Publish(Pending set, long segment, TripleBuffer<SkeletonSet> output)
    {
        SkeletonSet slot = output.WriteSlot;
        slot.Time = set.Time;
        // The pictures' segment: the bus's capture times are on their clock, so a set belongs to the pictures it reached.
        slot.Segment = segment;
        long index = _rate.NearestFrame(set.Time);
        int stamp = (int)(((index % _stampIndex.Length) + _stampIndex.Length) % _stampIndex.Length);
        slot.IngestTimestamp = _stampIndex[stamp] == index ? _stampTicks[stamp] : 0;
        if (segment != _smoothedSegment)
        {
            // A source started over (loop, reconnect): the people's filtered motion must not carry across the cut.
            _smoother.Reset();
            _smoothedSegment = segment;
        }
        int count = Math.Min(set.Count, slot.MaxPersons);
        double seconds = set.Time.ToDouble();
        for (int p = 0; p < count; p++)
        {
            slot.PersonIds[p] = set.Ids[p];
            set.Points.AsSpan(p * _points.Length, _points.Length).CopyTo(_points);
            _smoother.Apply(set.Ids[p], _points, seconds);
            Span<float> joints = slot.PersonJoints(p);
            for (int i = 0; i < joints.Length; i++)
                joints[i] = (float)_points[i];
        }
        slot.Count = count;
        // The fusion node's 3D carries no 2D boxes: the privacy blur covers the 3D people only (README, "Beyond one machine").
        slot.ClearBoxes();
        _handedOn?.Invoke(slot);
        output.Publish();
        Interlocked.Increment(ref _published);
    }

    private async Task ReadAsync(CancellationToken stop)
    {
        ulong last = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                NodeBus bus = await NodeBus.ConnectReaderAsync(_bus, "b3d run", Disconnected, stop).ConfigureAwait(false);
                await using (bus.ConfigureAwait(false))
                {
                    Volatile.Write(ref _connection, bus);
                    _log.Information("3D from the bus {Url:l} (stream {Stream:l}, {Subject:l}){Resume:l}", _bus.Url, NodeWire.Stream3D, NodeWire.Subject3D,
                        last > 0 ? $", resuming after message {last}" : "");
                    try
                    {
                        DateTimeOffset since = DateTimeOffset.UtcNow - LookBack;
                        await foreach (NatsJSMsg<byte[]> message in bus.ConsumeFromAsync(NodeWire.Stream3D, NodeWire.Subject3D, last, since, stop).ConfigureAwait(false))
                        {
                            last = message.Metadata?.Sequence.Stream ?? last;
                            Interlocked.Increment(ref _received);
                            Take(message.Subject, message.Data ?? []);
                        }
                    }
                    finally
                    {
                        Interlocked.Add(ref _disconnectsBefore, bus.Disconnects);
                        Volatile.Write(ref _connection, null);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NodeException or NatsException or NatsJSException or TimeoutException or OperationCanceledException)
            {
                long outages = Interlocked.Increment(ref _outages);
                // The first outage and then one line a minute: a bus down for long must not flood the log.
                if (outages == 1 || outages % 60 == 0)
                {
                    _log.Warning("tracking.bus {Url:l}: {Error:l} ({Outages} tries so far); the programme goes on, its graphics fade without new 3D; " +
                                 "retrying every second", _bus.Url, e.Message, outages);
                }
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // NATS.Net's thread, when an established connection drops: it reconnects by itself and the consumer resumes.
    private void Disconnected() =>
        _log.Warning("tracking.bus {Url:l}: connection lost; reconnecting (the programme goes on, its graphics fade without new 3D)", _bus.Url);

    /// <summary>Decodes one 3D message into the ring (reader task).</summary>
    private void Take(string subject, byte[] data)
    {
        if (!NodeWire.TryDecode3D(data, out FrameSet3D message, out string? why))
        {
            _dropped.Drop(subject, why!);
            return;
        }
        if (message.MarkerCount != _markers || message.TimeDenominator <= 0)
        {
            _dropped.Drop(subject, message.TimeDenominator <= 0 ? $"time denominator {message.TimeDenominator}"
                : $"{message.MarkerCount} markers, b3d run draws {_markers} (Pose2Sim's marker set)");
            return;
        }
        lock (_lock)
        {
            if (_count == _ring.Length)
            {
                // Far ahead of the pictures: the oldest pending set gives way (counted).
                _head = (_head + 1) % _ring.Length;
                _count--;
                Interlocked.Increment(ref _overflow);
            }
            Pending slot = _ring[(_head + _count) % _ring.Length];
            slot.Time = new Rational(message.TimeNumerator, message.TimeDenominator);
            slot.Count = Math.Min(message.People.Count, _maxPeople);
            for (int p = 0; p < slot.Count; p++)
            {
                Person3D person = message.People[p];
                slot.Ids[p] = person.Id;
                for (int i = 0; i < _points.Length; i++)
                    slot.Points[(p * _points.Length) + i] = person.Points[i];
            }
            _count++;
        }
    }

    /// <summary>One set read from the bus, waiting for its pictures.</summary>
    private sealed class Pending(int maxPeople, int markers)
    {
        public Rational Time;
        public int Count;
        public int[] Ids { get; } = new int[maxPeople];
        public double[] Points { get; } = new double[maxPeople * markers * 3];
    }
}
