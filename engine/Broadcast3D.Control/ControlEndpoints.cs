using Broadcast3D.Engine.Control;
using Broadcast3D.Engine.Scene;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Broadcast3D.Control;

/// <summary>
/// The REST endpoints under <c>/api</c>: one HTTP request per action (a Stream Deck button through Companion's generic
/// HTTP module), each command acknowledged with the programme frame that first shows it. Refusals are problem+json
/// naming the field (see <see cref="Problems"/>) and are also sent to the event stream.
/// </summary>
public static class ControlEndpoints
{
    /// <summary>How long a command may wait for the channel to apply it: a running channel takes one frame.</summary>
    private static readonly TimeSpan s_applyTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Maps the endpoints on <paramref name="routes"/>.</summary>
    public static void Map(IEndpointRouteBuilder routes, LiveControl control, EventStream events)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(events);
        RouteGroupBuilder api = routes.MapGroup("/api").WithTags("control");

        api.MapGet("/state", () => Results.Json(control.State(), ControlJson.Options))
            .WithSummary("Cameras with their counters, outputs, sync, tracking, latencies, channel counters, graphics on air and people.")
            .Produces<LiveState>();
        api.MapGet("/people", () => Results.Json(control.People(), ControlJson.Options))
            .WithSummary("The people last drawn: track id, name, pelvis position (m), speed (m/s), confidence (0–1).")
            .Produces<IReadOnlyList<PersonState>>();

        api.MapPost("/overlays", (HttpRequest request) => Command<OverlayRequest>(request, events, r =>
            {
                if (int.TryParse(r.Kind, out _))
                    throw new ControlCommandException("kind", $"'{r.Kind}' is not an overlay; use skeleton, labels, trails, speed or a plugin's name (GET /api/plugins)");
                // Any other overlay plugin (external ones included) by its name.
                return Enum.TryParse(r.Kind, ignoreCase: true, out OverlayKind kind) && Enum.IsDefined(kind)
                    ? control.SetOverlayAsync(kind, r.On, r.PersonId)
                    : control.SetOverlayAsync(r.Kind, r.On, r.PersonId);
            }))
            .WithSummary("Switches an overlay (skeleton, labels, trails, speed, or any overlay plugin by name) on or off, for everyone or one athlete (personId).")
            .Accepts<OverlayRequest>("application/json").Produces<ControlAck>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);

        api.MapPost("/highlight", (HttpRequest request) => Command<HighlightRequest>(request, events, r => control.HighlightAsync(r.PersonId)))
            .WithSummary("Highlights one athlete (personId), or nobody (personId null).")
            .Accepts<HighlightRequest>("application/json").Produces<ControlAck>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);

        api.MapPost("/people/{id:int}/name", (int id, HttpRequest request) => Command<NameRequest>(request, events, r => control.NameAsync(id, r.Name)))
            .WithSummary("Names a track id: the name replaces '#id' in its label and in lower thirds bound to it (null or empty: removed).")
            .Accepts<NameRequest>("application/json").Produces<ControlAck>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);

        api.MapPost("/lower-third", (HttpRequest request) => Command<LowerThirdRequest>(request, events,
                r => control.TakeLowerThirdAsync(r.Title, r.Subtitle, r.PersonId)))
            .WithSummary("Takes a lower third on air (title, subtitle; bound to personId, an empty title shows the athlete's name).")
            .Accepts<LowerThirdRequest>("application/json").Produces<ControlAck>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);

        api.MapPost("/lower-third/clear", (HttpRequest request) => Apply(request, events, control.ClearLowerThirdAsync))
            .WithSummary("Takes the lower third off air (no body).")
            .Produces<ControlAck>().ProducesProblem(503);

        api.MapPost("/delay", (HttpRequest request) => Command<DelayRequest>(request, events, r => control.SetDelayAsync(r.Frames, r.Auto)))
            .WithSummary("Sets the programme delay: {\"frames\": N} fixed (0 to maxDelayFrames), or {\"auto\": true} to follow the tracking latency.")
            .Accepts<DelayRequest>("application/json").Produces<ControlAck>().ProducesProblem(400).ProducesProblem(422).ProducesProblem(503);

        api.MapPreviews(control);
        api.MapProgramme(control, events);
        api.MapPlugins(control, events);

        api.MapReplay(control.Replay, events);

        api.Map("/events", events.ServeAsync)
            .WithSummary("WebSocket: {v, type: state|ack|error, data} — state at 10 Hz, each command's acknowledgement and each refusal.");
    }

    /// <summary>Reads the body strictly as <typeparamref name="T"/> and applies <paramref name="command"/> (see <see cref="Apply"/>).</summary>
    internal static async Task<IResult> Command<T>(HttpRequest request, EventStream events, Func<T, Task<ControlAck>> command, TimeSpan? timeout = null)
        where T : class
    {
        (T? body, IResult? problem) = await ControlJson.ReadAsync<T>(request);
        if (problem is not null)
        {
            events.PublishError(request.Path, StatusOf(problem), "invalid request", null);
            return problem;
        }
        return await Apply(request, events, () => command(body!), timeout);
    }

    /// <summary>
    /// Runs <paramref name="command"/> and answers its acknowledgement, or its refusal as problem+json (also sent to the
    /// event stream); waits at most <paramref name="timeout"/> (2 s: a running channel takes one frame) for it.
    /// </summary>
    internal static Task<IResult> Apply(HttpRequest request, EventStream events, Func<Task<ControlAck>> command, TimeSpan? timeout = null) =>
        Apply(request, events, command, ack => Results.Json(ack, ControlJson.Options), timeout);

    /// <summary>
    /// The one answer ladder of every command: <paramref name="command"/>'s result through <paramref name="answer"/>;
    /// refused → 404 (not found) or 422 naming the field, unavailable → 503, not applied within
    /// <paramref name="timeout"/> (default 2 s) → 503 telling the caller to check <paramref name="check"/>; each
    /// refusal also goes to the event stream. <paramref name="channel"/> names what applies it in that message.
    /// </summary>
    internal static async Task<IResult> Apply<T>(HttpRequest request, EventStream events, Func<Task<T>> command, Func<T, IResult> answer, TimeSpan? timeout = null,
        string channel = "the programme", string check = "GET /api/state")
    {
        try
        {
            T result = await command().WaitAsync(timeout ?? s_applyTimeout, request.HttpContext.RequestAborted);
            return answer(result);
        }
        catch (ControlCommandException ex)
        {
            events.PublishError(request.Path, ex.NotFound ? 404 : 422, ex.Detail, ex.Field);
            return Problems.Refused(ex);
        }
        catch (ControlUnavailableException ex)
        {
            events.PublishError(request.Path, 503, ex.Message, null);
            return Problems.Unavailable(ex.Message);
        }
        catch (TimeoutException)
        {
            string detail = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{channel} did not apply the command within {(timeout ?? s_applyTimeout).TotalSeconds:0.#} s (stopping or stalled); check {check}");
            events.PublishError(request.Path, 503, detail, null);
            return Problems.Unavailable(detail);
        }
    }

    private static int StatusOf(IResult result) => result is IStatusCodeHttpResult { StatusCode: { } status } ? status : 400;
}
