using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Broadcast3D.Engine.Control;
using Microsoft.AspNetCore.Http;

namespace Broadcast3D.Control;

/// <summary>
/// <c>/api/events</c>: every connected WebSocket gets the state 10 times a second and each command's
/// acknowledgement or error as they happen, as versioned JSON text messages
/// (<c>{"v": 1, "type": "state"|"ack"|"error", "data": ...}</c>). A message is serialised once for all clients;
/// each client has a small queue that drops its oldest message when the client reads too slowly, so a stuck panel
/// never holds the server or the other clients. Thread-safe.
/// </summary>
public sealed class EventStream : IAsyncDisposable
{
    /// <summary>Version of the message format (the <c>v</c> member); bumped when a member changes meaning or goes away.</summary>
    public const int Version = 1;

    /// <summary>Clients served at once; more are refused with 503 (the panel is a handful of tablets, not an audience).</summary>
    public const int MaxClients = 200;

    /// <summary>The WebSocket subprotocol of this format.</summary>
    public const string Subprotocol = "b3d.v1";

    private const int ClientQueue = 16; // 1.6 s of state: a client further behind only needs the newest
    private static readonly TimeSpan s_statePeriod = TimeSpan.FromMilliseconds(100);

    private readonly LiveControl _control;
    private readonly Lock _gate = new();
    private readonly List<Channel<byte[]>> _clients = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _stateLoop;

    /// <summary>Starts the 10 Hz state messages of <paramref name="control"/> and relays its acknowledgements.</summary>
    public EventStream(LiveControl control)
    {
        ArgumentNullException.ThrowIfNull(control);
        _control = control;
        _control.Applied += OnApplied;
        _stateLoop = Task.Run(StateLoopAsync);
    }

    /// <summary>Clients connected now.</summary>
    public int Clients
    {
        get
        {
            lock (_gate)
                return _clients.Count;
        }
    }

    /// <summary>Sends an error message (a refused command) to every client.</summary>
    public void PublishError(string path, int status, string detail, string? field) =>
        Broadcast(Serialize("error", new { path, status, field, detail }));

    /// <summary>Serves one WebSocket request until the client closes or the server stops.</summary>
    public async Task ServeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Problems.Invalid("Upgrade", "this is a WebSocket endpoint; connect with a WebSocket client", StatusCodes.Status400BadRequest)
                .ExecuteAsync(context);
            return;
        }
        var queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(ClientQueue)
            { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            if (_clients.Count >= MaxClients)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            _clients.Add(queue);
        }
        try
        {
            bool asked = context.WebSockets.WebSocketRequestedProtocols.Contains(Subprotocol);
            using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync(asked ? Subprotocol : null);
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, context.RequestAborted);
            queue.Writer.TryWrite(Serialize("state", _control.State()));
            Task receiving = ReceiveAsync(socket, done);
            try
            {
                await foreach (byte[] message in queue.Reader.ReadAllAsync(done.Token))
                    await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, done.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // The client went away or the server stops.
            }
            done.Cancel();
            await receiving;
            // Answers the client's close, or closes first when the server stops.
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The handshake or close failed: the client is gone.
        }
        finally
        {
            lock (_gate)
                _clients.Remove(queue);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _control.Applied -= OnApplied;
        await _stop.CancelAsync();
        await _stateLoop;
        _stop.Dispose();
    }

    /// <summary>Reads until the client closes; clients send nothing else (commands are HTTP requests).</summary>
    private static async Task ReceiveAsync(WebSocket socket, CancellationTokenSource done)
    {
        byte[] buffer = new byte[1024];
        try
        {
            while (!done.IsCancellationRequested)
            {
                WebSocketReceiveResult r = await socket.ReceiveAsync(buffer, done.Token);
                if (r.MessageType == WebSocketMessageType.Close)
                    break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // closing
        }
        await done.CancelAsync();
    }

    private async Task StateLoopAsync()
    {
        using var timer = new PeriodicTimer(s_statePeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (Clients > 0)
                    Broadcast(Serialize("state", _control.State()));
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private void OnApplied(ControlAck ack) => Broadcast(Serialize("ack", ack));

    private void Broadcast(byte[] message)
    {
        lock (_gate)
        {
            foreach (Channel<byte[]> client in _clients)
                client.Writer.TryWrite(message);
        }
    }

    private static byte[] Serialize<T>(string type, T data) =>
        JsonSerializer.SerializeToUtf8Bytes(new EventMessage<T>(Version, type, data), ControlJson.Options);
}
