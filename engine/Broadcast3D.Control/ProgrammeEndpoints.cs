using Broadcast3D.Engine.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Broadcast3D.Control;

/// <summary><c>POST /api/programme</c>: the programme camera, cut through the programme's delay like its pictures.</summary>
public static class ProgrammeEndpoints
{
    /// <summary>Maps the endpoint on <paramref name="api"/> (the <c>/api</c> group).</summary>
    public static void MapProgramme(this IEndpointRouteBuilder api, LiveControl control, EventStream events)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(events);
        // The acknowledgement comes once the cut is on air: up to the delay line's length after the request.
        api.MapPost("/programme", (HttpRequest request) => ControlEndpoints.Command<ProgrammeRequest>(request, events, r => control.CutAsync(r.Camera),
                control.CutTimeout))
            .WithSummary("Cuts the programme to a camera by name: its pictures enter the delay line at the next frame; the acknowledgement's appliedAtFrame is the first programme frame showing it, graphics drawn through its calibration.")
            .Accepts<ProgrammeRequest>("application/json").Produces<ControlAck>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(503);
    }
}
