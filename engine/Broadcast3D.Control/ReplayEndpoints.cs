using Broadcast3D.Engine.Control;
using Broadcast3D.Engine.Replay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Broadcast3D.Control;

/// <summary>
/// The replay endpoints under <c>/api/replay</c> (issue #14): mark in/out (at a time or the programme picture on air),
/// cue, play at a speed, pause, jog, stop, switch camera, a virtual camera shot; each answers the replay's state once the replay channel
/// applied it. Refusals are problem+json naming the field (<c>speed</c> outside (0, 2], <c>at</c> outside the recording
/// or a mark-out not after the mark-in, <c>camera</c> unknown: 404) and go to the event stream too; 503 while no
/// replay channel runs (no <c>replay</c> section).
/// </summary>
public static class ReplayEndpoints
{
    /// <summary>How long a command may wait for the replay channel: one frame, or a cue's decode up to the mark-in (a GOP).</summary>
    private static readonly TimeSpan s_applyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Maps the replay endpoints on <paramref name="api"/> (the <c>/api</c> group).</summary>
    public static void MapReplay(this RouteGroupBuilder api, ReplayControl replay, EventStream events)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(events);

        api.MapGet("/replay", () => replay.Status() is { } s
                ? Results.Json(ReplayStatus.Of(s.State, replay.Cameras, s.Errors, s.LastError, s.Rate), ControlJson.Options)
                : Results.NoContent())
            // 204, not 503, for a run without a replay channel: a state read that has nothing to report is not a
            // failure (a panel polling it would log an error a second); the commands answer 503.
            .WithSummary("The replay channel: camera cued, position, speed, marks, cameras, refusals (204: the run has no replay channel).")
            .Produces<ReplayStatus>().Produces(StatusCodes.Status204NoContent);

        api.MapPost("/replay/mark-in", (HttpRequest request) => Mark(request, events, replay, replay.MarkInAsync))
            .WithSummary("Marks in at {\"at\": \"HH:MM:SS:FF\" or \"12.5s\"}, or at the programme picture on air (no body or at null).")
            .Accepts<ReplayMarkRequest>("application/json").Produces<ReplayStatus>().ProducesProblem(400).ProducesProblem(422).ProducesProblem(503);

        api.MapPost("/replay/mark-out", (HttpRequest request) => Mark(request, events, replay, replay.MarkOutAsync))
            .WithSummary("Marks out (exclusive) at {\"at\": ...}, or at the programme picture on air (no body or at null).")
            .Accepts<ReplayMarkRequest>("application/json").Produces<ReplayStatus>().ProducesProblem(400).ProducesProblem(422).ProducesProblem(503);

        api.MapPost("/replay/cue", (HttpRequest request) => Command<ReplayCueRequest>(request, events, replay, r => replay.CueAsync(r.Camera, r.Mesh)))
            .WithSummary("Cues the marked clip on {\"camera\": NAME, \"mesh\": \"carved\" | \"none\"}, paused on its mark-in (decoded ahead, so play starts at the next frame); " +
                         "with carved meshes (replay.mesh by default) the clip's athlete meshes are built off the channel for the virtual camera.")
            .Accepts<ReplayCueRequest>("application/json").Produces<ReplayStatus>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(422).ProducesProblem(503);

        api.MapPost("/replay/play", (HttpRequest request) => Command<ReplayPlayRequest>(request, events, replay, r => replay.PlayAsync(r.Speed)))
            .WithSummary("Plays the cued clip at {\"speed\": S}, S in (0, 2] (1, 0.5, 0.33, 0.25, ...).")
            .Accepts<ReplayPlayRequest>("application/json").Produces<ReplayStatus>().ProducesProblem(400).ProducesProblem(422).ProducesProblem(503);

        api.MapPost("/replay/pause", (HttpRequest request) => Apply(request, events, replay, replay.PauseAsync))
            .WithSummary("Holds the picture (no body).").Produces<ReplayStatus>().ProducesProblem(503);

        api.MapPost("/replay/jog", (HttpRequest request) => Command<ReplayJogRequest>(request, events, replay, r => replay.JogAsync(r.Frames)))
            .WithSummary("Pauses and moves by {\"frames\": N} recorded frames (negative: back).")
            .Accepts<ReplayJogRequest>("application/json").Produces<ReplayStatus>().ProducesProblem(400).ProducesProblem(422).ProducesProblem(503);

        api.MapPost("/replay/stop", (HttpRequest request) => Apply(request, events, replay, replay.StopAsync))
            .WithSummary("Unloads the clip: the replay outputs go black (no body).").Produces<ReplayStatus>().ProducesProblem(503);

        api.MapPost("/replay/virtual", (HttpRequest request) => Command<ReplayVirtualRequest>(request, events, replay,
                r => replay.VirtualAsync(r.Move, r.Freeze, r.Dissolve, r.Athlete, r.Speed)))
            .WithSummary("Plays the cued clip through a virtual camera {\"move\": \"orbit\" | \"fly[:side|behind|front|top|DEGREES]\", \"freeze\": N, \"dissolve\": N, \"athlete\": ID, \"speed\": S}, then back to the real camera at the same instant.")
            .Accepts<ReplayVirtualRequest>("application/json").Produces<ReplayStatus>().ProducesProblem(400).ProducesProblem(422).ProducesProblem(503);

        api.MapPost("/replay/camera", (HttpRequest request) => Command<ReplayCameraRequest>(request, events, replay, r => replay.SwitchCameraAsync(r.Camera)))
            .WithSummary("Shows the same instant of the clip from {\"camera\": NAME}; playback goes on.")
            .Accepts<ReplayCameraRequest>("application/json").Produces<ReplayStatus>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(422).ProducesProblem(503);
    }

    /// <summary>A mark: the body is optional (none: the picture on air).</summary>
    private static async Task<IResult> Mark(HttpRequest request, EventStream events, ReplayControl replay, Func<string?, Task<ReplayState>> mark)
    {
        if (request.ContentLength is null or 0 && !request.HasJsonContentType())
            return await Apply(request, events, replay, () => mark(null));
        return await Command<ReplayMarkRequest>(request, events, replay, r => mark(r.At));
    }

    private static async Task<IResult> Command<T>(HttpRequest request, EventStream events, ReplayControl replay, Func<T, Task<ReplayState>> command)
        where T : class
    {
        (T? body, IResult? problem) = await ControlJson.ReadAsync<T>(request);
        if (problem is not null)
        {
            events.PublishError(request.Path, problem is IStatusCodeHttpResult { StatusCode: { } status } ? status : 400, "invalid request", null);
            return problem;
        }
        return await Apply(request, events, replay, () => command(body!));
    }

    private static Task<IResult> Apply(HttpRequest request, EventStream events, ReplayControl replay, Func<Task<ReplayState>> command) =>
        ControlEndpoints.Apply(request, events, command, state => replay.Status() is { } s
                ? Results.Json(ReplayStatus.Of(state, replay.Cameras, s.Errors, s.LastError, s.Rate), ControlJson.Options)
                : Problems.Unavailable("the replay channel stopped"),
            s_applyTimeout, "the replay channel", "GET /api/replay");
}
