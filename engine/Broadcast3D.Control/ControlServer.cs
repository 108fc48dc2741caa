using System.Net;
using System.Threading.RateLimiting;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Broadcast3D.Control;

/// <summary>
/// The control server of <c>b3d run</c>: Kestrel with the REST API (<see cref="ControlEndpoints"/>), the event
/// WebSocket (<see cref="EventStream"/>), the OpenAPI document (<c>/openapi/v1.json</c>) and the web panel (<c>/</c>).
/// Secure by default: loopback unless configured, and a non-loopback address without a token is refused; with a
/// token every <c>/api</c> request must carry it (<c>Authorization: Bearer</c>, or the WebSocket subprotocol
/// <c>bearer.TOKEN</c>, since browsers cannot set headers on a WebSocket), else 401 before anything is read or done.
/// Bodies are limited to <see cref="MaxRequestBodyBytes"/>, each client address to
/// <see cref="RequestsPerSecondPerClient"/> requests a second (429 beyond), and no CORS policy is set, so browsers
/// refuse other sites' scripts. ASP.NET's own logging is off: nothing it could print (headers, URLs) reaches a log.
/// Start once, dispose to stop.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    /// <summary>Largest request body, bytes: a command is a small JSON object.</summary>
    public const int MaxRequestBodyBytes = 16 * 1024;

    /// <summary>
    /// Requests a second allowed per client address (a burst of up to a second's worth at once): far above a panel
    /// or Stream Deck (a few a second) and the 500/s load harness, low enough to bound a runaway script.
    /// </summary>
    public const int RequestsPerSecondPerClient = 1000;

    private readonly WebApplication _app;
    private readonly EventStream _events;

    private ControlServer(WebApplication app, EventStream events, Uri address)
    {
        _app = app;
        _events = events;
        Address = address;
    }

    /// <summary>Where the server listens (the actual port when the configuration asked for port 0).</summary>
    public Uri Address { get; }

    /// <summary>
    /// Starts listening on <paramref name="config"/>'s address for <paramref name="control"/>; returns once Kestrel
    /// accepts connections.
    /// </summary>
    /// <exception cref="ConfigException">A non-loopback bind without a token, or the address cannot be bound (in use, not this machine's).</exception>
    public static async Task<ControlServer> StartAsync(ControlConfig config, ControlToken? token, LiveControl control, Serilog.ILogger? log = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(control);
        log ??= Serilog.Log.Logger;
        bool loopback = config.Host == "localhost" || (IPAddress.TryParse(config.Host, out IPAddress? ip) && IPAddress.IsLoopback(ip));
        if (!loopback && token is null)
        {
            throw new ConfigException($"control.bind: {config.Bind} is reachable from other machines and no token is set; set {ControlToken.EnvironmentVariable} " +
                                      "or control.tokenFile (anyone on the network could otherwise change the programme), or bind 127.0.0.1");
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "b3d", ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024; // a bearer token and a few headers, no cookies
            if (config.Host == "localhost")
                kestrel.ListenLocalhost(config.Port);
            else
                kestrel.Listen(IPAddress.Parse(config.Host), config.Port);
        });
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Broadcast3D control API";
            document.Info.Description = "Commands to a running `b3d run`, applied between frames. Send the token as `Authorization: Bearer TOKEN`.";
            return Task.CompletedTask;
        }));
        // Errors produced before an endpoint runs (415 from content-type matching, 429 from the limiter, 404, 405) as
        // problem+json too; the ones about the body name it.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = problem =>
        {
            if (problem.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
            {
                problem.ProblemDetails.Detail = "body: must be JSON (Content-Type: application/json)";
                problem.ProblemDetails.Extensions["field"] = "body";
            }
            else if (problem.ProblemDetails.Status == StatusCodes.Status429TooManyRequests)
            {
                problem.ProblemDetails.Detail = $"more than {RequestsPerSecondPerClient} requests a second from this address; slow down";
            }
        });
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
                {
                    // A second's worth at once: a client that was held up (GC, a loaded machine) catches up without a 429.
                    TokenLimit = RequestsPerSecondPerClient,
                    TokensPerPeriod = RequestsPerSecondPerClient / 10,
                    ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });
        WebApplication app = builder.Build();
        var events = new EventStream(control);
        app.UseStatusCodePages();
        app.UseRateLimiter();
        // Before the token check, which reads the WebSocket subprotocols this middleware exposes.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.Use(async (context, next) =>
        {
            if (token is not null && context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) && !Authorized(context, token))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Problem(detail: $"send the control token as 'Authorization: Bearer TOKEN' (WebSocket: subprotocol 'bearer.TOKEN'); it is set by {ControlToken.EnvironmentVariable} or control.tokenFile",
                    statusCode: StatusCodes.Status401Unauthorized, title: "token required").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        app.MapOpenApi();
        ControlEndpoints.Map(app, control, events);
        if (control.Privacy is { } privacy)
            app.MapPrivacy(privacy, token is null ? "local (no token)" : $"token:{Path.GetFileName(token.Source)}");
        PanelFiles.Map(app);
        try
        {
            await app.StartAsync(cancellation);
        }
        catch (IOException ex)
        {
            await events.DisposeAsync();
            await app.DisposeAsync();
            throw new ConfigException($"control.bind: cannot listen on {config.Bind}: {ex.Message} (another program uses the port, or the address is not this machine's)");
        }
        string listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var address = new Uri(listening.Replace("://[::]:", "://localhost:", StringComparison.Ordinal));
        log.Information("control API on {Address:l} (panel at /, OpenAPI at /openapi/v1.json); {Auth:l}", address,
            token is null ? "no token: anyone on this machine can drive it" : $"token from {token.Source}");
        return new ControlServer(app, events, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static bool Authorized(HttpContext context, ControlToken token)
    {
        string? header = context.Request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return token.Matches(header.AsSpan(7).Trim());
        if (context.WebSockets.IsWebSocketRequest)
        {
            foreach (string protocol in context.WebSockets.WebSocketRequestedProtocols)
            {
                if (protocol.StartsWith("bearer.", StringComparison.Ordinal))
                    return token.Matches(protocol.AsSpan(7));
            }
        }
        return false;
    }
}
