using System.Collections.Concurrent;
using System.Globalization;
using Broadcast3D.Engine.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Broadcast3D.Control;

/// <summary>
/// <c>GET /api/preview/{source}</c> (also <c>{source}.jpg</c>): a scaled JPEG of the programme as drawn, of the replay
/// channel as drawn (204 while the run has no replay channel, as <c>GET /api/replay</c>), or of any camera's latest
/// picture (undelayed, no graphics), each source read from its channel at most twice a second
/// (<see cref="PreviewCache"/>) whatever the number of clients.
/// </summary>
public static class PreviewEndpoints
{
    /// <summary>The source name of the programme as drawn.</summary>
    public const string Programme = "programme";

    /// <summary>The source name of the replay channel as drawn.</summary>
    public const string Replay = "replay";

    /// <summary>Maps the endpoint on <paramref name="api"/> (the <c>/api</c> group).</summary>
    public static void MapPreviews(this IEndpointRouteBuilder api, LiveControl control)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(control);
        var caches = new ConcurrentDictionary<string, PreviewCache>(StringComparer.Ordinal);
        api.MapGet("/preview/{source}", async (HttpContext context, string source, int? width) =>
            {
                string name = source.EndsWith(".jpg", StringComparison.Ordinal) ? source[..^4] : source;
                int w = width ?? 320;
                if (w is < 16 or > PreviewCache.MaxWidth)
                    return Problems.Invalid("width", $"{w} pixels; give 16 to {PreviewCache.MaxWidth} (the height follows the picture's aspect)");
                if (name != Programme && name != Replay && !control.CameraNames.Contains(name))
                {
                    return Problems.Invalid("source", $"'{name}' is neither 'programme', 'replay' nor a camera of this run ({string.Join(", ", control.CameraNames)})",
                        StatusCodes.Status404NotFound);
                }
                // No replay channel is not a failure: a panel polling every source would log an error a second.
                if (name == Replay && !control.Replay.IsRunning)
                    return Results.NoContent();
                // One cache per source that exists (the check above bounds how many there are).
                PreviewCache cache = caches.GetOrAdd(name, n => new PreviewCache(n switch
                {
                    Programme => control.PreviewAsync,
                    Replay => control.Replay.PreviewAsync,
                    _ => () => control.CameraPreviewAsync(n),
                }));
                try
                {
                    (byte[] jpeg, long frame) = await cache.JpegAsync(w, context.RequestAborted);
                    context.Response.Headers.CacheControl = "no-store";
                    context.Response.Headers["X-B3d-Frame"] = frame.ToString(CultureInfo.InvariantCulture);
                    return Results.Bytes(jpeg, "image/jpeg");
                }
                catch (ControlUnavailableException ex)
                {
                    return Problems.Unavailable(ex.Message);
                }
                catch (TimeoutException)
                {
                    return Problems.Unavailable($"the {(name == Replay ? "replay channel" : "programme")} drew no frame within 2 s (stopping or stalled)");
                }
            })
            .WithSummary("A JPEG of 'programme' (as drawn), 'replay' (the replay channel as drawn; 204 without one) or of a camera by name (its latest picture, undelayed, no graphics), width pixels wide (16–640, default 320); a new picture at most twice a second per source, the programme frame in X-B3d-Frame.")
            .Produces(200, contentType: "image/jpeg").Produces(StatusCodes.Status204NoContent).ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);
    }
}
