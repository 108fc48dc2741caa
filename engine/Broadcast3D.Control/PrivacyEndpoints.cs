using Broadcast3D.Engine.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Broadcast3D.Control;

/// <summary>
/// The consent endpoints under <c>/api/privacy</c> (issue #21): the registry's identities and the links of tracks to
/// them, read (each read audited: it is personal data) and changed by the operator. A link takes effect on the next
/// programme frame (the blur reads the registry per picture).
/// </summary>
public static class PrivacyEndpoints
{
    /// <summary>Maps the endpoints; <paramref name="who"/> is the audit log's <c>who</c> of every request (the token's name).</summary>
    public static void MapPrivacy(this IEndpointRouteBuilder routes, LivePrivacy privacy, string who)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(privacy);
        RouteGroupBuilder api = routes.MapGroup("/api/privacy").WithTags("privacy");
        ConsentRegistry registry = privacy.Registry;

        api.MapGet("/identities", () =>
            {
                privacy.Audit.Write(who, "api-read", "/api/privacy/identities", $"{registry.Identities.Count} identities");
                return Results.Json(registry.Identities.Select(i => new
                {
                    id = i.Id, name = i.Name, team = i.Team, bib = i.Bib,
                    consents = Enum.GetValues<Consents>().Where(c => c != Consents.None && i.Consents.HasFlag(c)).Select(c => c.ToString().ToLowerInvariant()),
                }), ControlJson.Options);
            })
            .WithSummary("The consent registry's identities (id, name, team, bib, consents); every read is audited.");

        api.MapGet("/links", () =>
            {
                privacy.Audit.Write(who, "api-read", "/api/privacy/links", null);
                return Results.Json(registry.Links().Select(l => new { trackId = l.TrackId, identity = l.IdentityId, byOperator = l.ByOperator }), ControlJson.Options);
            })
            .WithSummary("Which track is which identity, and whether the operator or a rule linked it; every read is audited.");

        api.MapPost("/links", async (HttpRequest request) =>
            {
                (LinkRequest? body, IResult? problem) = await ControlJson.ReadAsync<LinkRequest>(request);
                if (problem is not null)
                    return problem;
                if (registry.Find(body!.Identity ?? "") is null)
                {
                    return Problems.Invalid("identity", $"'{body.Identity}' is not in the consent registry; use one of {string.Join(", ", registry.Identities.Select(i => i.Id))}",
                        StatusCodes.Status404NotFound);
                }
                registry.Link(body.TrackId, body.Identity!);
                privacy.Audit.Write(who, "link", $"track {body.TrackId}", body.Identity);
                return Results.Json(new { trackId = body.TrackId, identity = body.Identity }, ControlJson.Options);
            })
            .WithSummary("Links a track to an identity ({\"trackId\": 3, \"identity\": \"ath-07\"}); a rule never replaces it.")
            .Accepts<LinkRequest>("application/json").ProducesProblem(400).ProducesProblem(404);

        api.MapDelete("/links/{trackId:int}", (int trackId) =>
            {
                if (!registry.Unlink(trackId))
                    return Problems.Invalid("trackId", $"track {trackId} is linked to nobody; GET /api/privacy/links lists the links", StatusCodes.Status404NotFound);
                privacy.Audit.Write(who, "unlink", $"track {trackId}", null);
                return Results.NoContent();
            })
            .WithSummary("Removes a track's link (the person is blurred again under the default blur).")
            .ProducesProblem(404);
    }
}
