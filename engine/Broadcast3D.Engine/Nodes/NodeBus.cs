using Broadcast3D.Engine.Nodes.Wire;
using Google.Protobuf;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Broadcast3D.Engine.Nodes;

/// <summary>
/// One node's connection to the bus (NATS.Net over a <c>nats-server</c> with JetStream): the two streams, publishing
/// with message ids (acknowledged by the server: a publish returns once the message is stored, and says whether it
/// was a duplicate) and reading them back. The client reconnects by itself after an outage; a publish during one
/// waits and retries. Thread-safe as NATS.Net's connection is; one instance per node.
/// </summary>
public sealed class NodeBus : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly NatsJSContext _js;
    private readonly BusOptions _options;

    // NATS.Net's default (2 s) was too short for a server that is up on a machine at load 40: a new node's connect
    // timed out in the suite. A refused connection (no server) still fails at once.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private NodeBus(BusOptions options, NatsConnection connection)
    {
        _options = options;
        _connection = connection;
        _js = new NatsJSContext(connection);
    }

    /// <summary>The bus's settings.</summary>
    public BusOptions Options => _options;

    /// <summary>Messages published that the server had stored already (a re-sent frame, de-duplicated by its id).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    private long _duplicates;

    /// <summary>
    /// Connects to <see cref="BusOptions.Url"/> and creates (or updates) both streams. Throws
    /// <see cref="ArgumentException"/> for bad options and <see cref="NodeException"/> naming the URL when
    /// the server cannot be reached or has no JetStream (start it with <c>-js</c>).
    /// </summary>
    public static async Task<NodeBus> ConnectAsync(BusOptions options, string clientName, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var connection = new NatsConnection(new NatsOpts
        {
            Url = options.Url, Name = clientName,
            // Reconnect for as long as the node runs: a server restart is an outage to ride out, not a failure.
            MaxReconnectRetry = -1, ReconnectWaitMin = TimeSpan.FromMilliseconds(100), ReconnectWaitMax = TimeSpan.FromSeconds(1),
            ConnectTimeout = ConnectTimeout,
        });
        var bus = new NodeBus(options, connection);
        try
        {
            await connection.ConnectAsync().ConfigureAwait(false);
            await bus.EnsureStreamsAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or NatsJSException or TimeoutException)
        {
            await bus.DisposeAsync().ConfigureAwait(false);
            throw new NodeException($"bus {options.Url}: {e.Message} (is nats-server running there with -js?)", e);
        }
        return bus;
    }

    /// <summary>
    /// Connects a reader (<c>b3d run</c> on the bus) to <see cref="BusOptions.Url"/> without creating or changing
    /// the streams: their retention is the fusion node's to set. Throws <see cref="NodeException"/> naming the URL
    /// when the server cannot be reached. <see cref="Disconnects"/> counts the outages the client rides out after;
    /// <paramref name="disconnected"/> (optional) is called on NATS.Net's thread at each.
    /// </summary>
    public static async Task<NodeBus> ConnectReaderAsync(BusOptions options, string clientName, Action? disconnected = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var connection = new NatsConnection(new NatsOpts
        {
            Url = options.Url, Name = clientName,
            MaxReconnectRetry = -1, ReconnectWaitMin = TimeSpan.FromMilliseconds(100), ReconnectWaitMax = TimeSpan.FromSeconds(1),
            ConnectTimeout = ConnectTimeout,
        });
        var bus = new NodeBus(options, connection);
        connection.ConnectionDisconnected += (_, _) =>
        {
            Interlocked.Increment(ref bus._disconnects);
            disconnected?.Invoke();
            return default;
        };
        try
        {
            await connection.ConnectAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            await bus.DisposeAsync().ConfigureAwait(false);
            throw new NodeException($"bus {options.Url}: {e.Message} (is nats-server running there with -js?)", e);
        }
        cancellation.ThrowIfCancellationRequested();
        return bus;
    }

    /// <summary>Times the connection was lost after it was made (reader connections: <see cref="ConnectReaderAsync"/>).</summary>
    public long Disconnects => Interlocked.Read(ref _disconnects);

    private long _disconnects;

    /// <summary>Publishes a camera's 2D with its message id; waits for the server's acknowledgement.</summary>
    public Task Publish2DAsync(CameraPoses2D message, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return PublishAsync(NodeWire.Subject2D(message.Camera), message.ToByteArray(),
            NodeWire.MessageId2D(message.Camera, message.Segment, message.Frame), cancellation);
    }

    /// <summary>Publishes a frame set's 3D with its message id; waits for the server's acknowledgement.</summary>
    public Task Publish3DAsync(FrameSet3D message, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return PublishAsync(NodeWire.Subject3D, message.ToByteArray(), NodeWire.MessageId3D(message.Segment, message.Frame), cancellation);
    }

    /// <summary>
    /// Publishes a frame set's 3D already serialised (<paramref name="data"/>: the caller's buffer, read until the
    /// server acknowledged) with the message id of its <paramref name="segment"/> and <paramref name="frame"/>.
    /// </summary>
    public Task Publish3DAsync(ReadOnlyMemory<byte> data, long segment, long frame, CancellationToken cancellation = default) =>
        PublishAsync(NodeWire.Subject3D, data, NodeWire.MessageId3D(segment, frame), cancellation);

    /// <summary>
    /// Publishes raw bytes on a subject of the streams (tests: a malformed message) and waits for the server's
    /// acknowledgement. Through an outage it keeps trying, every 100 ms, for up to <see cref="BusOptions.OutageTimeout"/>
    /// (the client reconnects meanwhile; the message id makes a retry safe: a message stored before the outage is
    /// answered as a duplicate, counted in <see cref="Duplicates"/>). Throws <see cref="NodeException"/> naming the
    /// subject when the outage lasts longer, <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public async Task PublishAsync(string subject, ReadOnlyMemory<byte> data, string messageId, CancellationToken cancellation = default)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            PubAckResponse ack;
            try
            {
                ack = await _js.PublishAsync(subject, data, opts: new NatsJSPubOpts { MsgId = messageId }, cancellationToken: cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NatsException or NatsJSException or TimeoutException && !cancellation.IsCancellationRequested)
            {
                if (System.Diagnostics.Stopwatch.GetElapsedTime(start) > _options.OutageTimeout)
                    throw new NodeException($"bus {_options.Url}: publishing on {subject} failed for {_options.OutageTimeout.TotalSeconds:0} s ({e.Message})", e);
                Interlocked.Increment(ref _retries);
                await Task.Delay(100, cancellation).ConfigureAwait(false);
                continue;
            }
            // A duplicate is a success: the server has the message already (a re-sent frame, a retry after an outage).
            if (ack.Duplicate)
            {
                Interlocked.Increment(ref _duplicates);
                return;
            }
            ack.EnsureSuccess();
            return;
        }
    }

    /// <summary>Publishes retried after an error (an outage).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    private long _retries;

    /// <summary>
    /// The stream's messages on <paramref name="subject"/> (a filter, wildcards allowed) in stream order, from the
    /// first kept or only those newer than what was already read, as NATS.Net's ordered consumer delivers them (it
    /// recreates itself after an outage, resuming after the last message it delivered). Runs until cancelled.
    /// </summary>
    /// <typeparam name="T">The payload as NATS.Net's raw serialiser hands it over: <c>byte[]</c> (a new array per
    /// message), or <see cref="NatsMemoryOwner{T}"/> of bytes (pooled: the reader disposes each).</typeparam>
    public async IAsyncEnumerable<NatsJSMsg<T>> ConsumeAsync<T>(string stream, string subject,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
    {
        INatsJSConsumer consumer = await _js.CreateOrderedConsumerAsync(stream,
            new NatsJSOrderedConsumerOpts { FilterSubjects = [subject], DeliverPolicy = ConsumerConfigDeliverPolicy.All }, cancellation).ConfigureAwait(false);
        await foreach (NatsJSMsg<T> message in consumer.ConsumeAsync<T>(cancellationToken: cancellation).ConfigureAwait(false))
            yield return message;
    }

    /// <summary>
    /// As <see cref="ConsumeAsync{T}"/>, starting after stream sequence <paramref name="afterSequence"/> when it is above
    /// 0 (a reader that reconnects resumes where it was), else at the messages stored since <paramref name="since"/>.
    /// Throws <see cref="NatsJSException"/> when the stream does not exist (yet).
    /// </summary>
    public async IAsyncEnumerable<NatsJSMsg<byte[]>> ConsumeFromAsync(string stream, string subject, ulong afterSequence, DateTimeOffset since,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var options = afterSequence > 0
            ? new NatsJSOrderedConsumerOpts { FilterSubjects = [subject], DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence, OptStartSeq = afterSequence + 1 }
            : new NatsJSOrderedConsumerOpts { FilterSubjects = [subject], DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartTime, OptStartTime = since };
        INatsJSConsumer consumer = await _js.CreateOrderedConsumerAsync(stream, options, cancellation).ConfigureAwait(false);
        await foreach (NatsJSMsg<byte[]> message in consumer.ConsumeAsync<byte[]>(cancellationToken: cancellation).ConfigureAwait(false))
            yield return message;
    }

    /// <summary>Every message the stream keeps on <paramref name="subject"/> now, in stream order (then returns).</summary>
    public async Task<List<(string Subject, byte[] Data)>> ReadAllAsync(string stream, string subject, CancellationToken cancellation = default)
    {
        INatsJSStream info = await _js.GetStreamAsync(stream, cancellationToken: cancellation).ConfigureAwait(false);
        ulong last = info.Info.State.LastSeq;
        var all = new List<(string, byte[])>();
        if (info.Info.State.Messages == 0)
            return all;
        INatsJSConsumer consumer = await _js.CreateOrderedConsumerAsync(stream,
            new NatsJSOrderedConsumerOpts { FilterSubjects = [subject], DeliverPolicy = ConsumerConfigDeliverPolicy.All }, cancellation).ConfigureAwait(false);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        await foreach (NatsJSMsg<byte[]> message in consumer.ConsumeAsync<byte[]>(cancellationToken: done.Token).ConfigureAwait(false))
        {
            all.Add((message.Subject, message.Data ?? []));
            if (message.Metadata is { } meta && (meta.Sequence.Stream >= last || meta.NumPending == 0))
                break;
        }
        return all;
    }

    /// <summary>Frame of the newest 3D frame set kept, or null when the stream has none (a fresh fusion node).</summary>
    public async Task<long?> Last3DFrameAsync(CancellationToken cancellation = default) =>
        await LastAsync(NodeWire.Stream3D, NodeWire.Subject3D, cancellation).ConfigureAwait(false) is { } data
        && NodeWire.TryDecode3D(data, out FrameSet3D set, out _) ? set.Frame : null;

    /// <summary>
    /// Frame of camera <paramref name="camera"/>'s newest 2D kept, or null when there is none or its source had ended
    /// (a fresh start).
    /// </summary>
    public async Task<long?> Last2DFrameAsync(string camera, CancellationToken cancellation = default) =>
        await LastAsync(NodeWire.Stream2D, NodeWire.Subject2D(camera), cancellation).ConfigureAwait(false) is { } data
        && NodeWire.TryDecode2D(data, out CameraPoses2D poses, out _) && !poses.EndOfStream ? poses.Frame : null;

    private async Task<byte[]?> LastAsync(string stream, string subject, CancellationToken cancellation)
    {
        INatsJSStream info = await _js.GetStreamAsync(stream, cancellationToken: cancellation).ConfigureAwait(false);
        if (info.Info.State.Messages == 0)
            return null;
        // The stream's own "last message on this subject" (a direct get), not a consumer: Debian's nats-server 2.9
        // ignores the consumer's filter_subjects (a 2.10 field), so a consumer asked for the last of a subject with
        // none answered with the stream's last message on another subject, and a camera node starting after the
        // others took their newest frame for its own and skipped its first frames (the fusion then waited forever).
        try
        {
            StreamMsgGetResponse last = await info.GetAsync(new StreamMsgGetRequest { LastBySubj = subject }, cancellation).ConfigureAwait(false);
            return last.Message.Subject == subject && last.Message.Data is { } data ? data.ToArray() : null;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null; // nothing on this subject yet: nothing to resume from
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync().ConfigureAwait(false);

    private async Task EnsureStreamsAsync(CancellationToken cancellation)
    {
        await _js.CreateOrUpdateStreamAsync(new StreamConfig(NodeWire.Stream2D, [NodeWire.Subject2DPrefix + ">"])
        {
            Storage = StreamConfigStorage.File, MaxAge = _options.Retention2D, DuplicateWindow = _options.DuplicateWindow,
        }, cancellation).ConfigureAwait(false);
        await _js.CreateOrUpdateStreamAsync(new StreamConfig(NodeWire.Stream3D, [NodeWire.Subject3D])
        {
            Storage = StreamConfigStorage.File, MaxAge = _options.Retention3D, DuplicateWindow = _options.DuplicateWindow,
        }, cancellation).ConfigureAwait(false);
    }
}
