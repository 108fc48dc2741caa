using System.Text.Json;
using System.Text.Json.Nodes;
using Broadcast3D.Engine.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Broadcast3D.Control;

/// <summary>
/// The overlay plugins by name (issue #16's run-time settings): <c>GET /api/plugins</c> lists them with their
/// settings on air, <c>PUT /api/plugins/{name}/settings</c> replaces one's settings, checked by the plugin itself
/// (errors name the field's path in the body). On/off by name is <c>POST /api/overlays</c> with the plugin's name as
/// <c>kind</c>.
/// </summary>
public static class PluginEndpoints
{
    /// <summary>Maps the endpoints on <paramref name="api"/> (the <c>/api</c> group).</summary>
    public static void MapPlugins(this IEndpointRouteBuilder api, LiveControl control, EventStream events)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(events);
        api.MapGet("/plugins", () => Results.Json(control.Plugins(), ControlJson.Options))
            .WithSummary("The overlay plugins (built-in and external): name, version, source, description, on for everyone, settings on air (JSON text).")
            .Produces<IReadOnlyList<PluginState>>();

        api.MapPut("/plugins/{name}/settings", (string name, HttpRequest request) => ControlEndpoints.Command<JsonObject>(request, events,
                settings => control.ConfigurePluginAsync(name, JsonSerializer.SerializeToElement(settings, ControlJson.Options))))
            .WithSummary("Replaces an overlay plugin's settings (the object its configuration's plugins.settings.NAME holds), checked by the plugin: every error names its field; invalid settings change nothing. On air from the next frame.")
            .Accepts<JsonObject>("application/json").Produces<ControlAck>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(422).ProducesProblem(503);
    }
}
