using Broadcast3D.Engine.Control;
using Microsoft.AspNetCore.Http;

namespace Broadcast3D.Control;

/// <summary>The API's errors as <c>application/problem+json</c> (RFC 9457) with a <c>field</c> member naming the request field at fault.</summary>
public static class Problems
{
    /// <summary>A refused request: <paramref name="field"/> and what to do; status 400 unless given.</summary>
    public static IResult Invalid(string field, string detail, int status = StatusCodes.Status400BadRequest) =>
        Results.Problem(detail: $"{field}: {detail}", statusCode: status, title: TitleOf(status),
            extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>A command the engine refused (404 for an unknown athlete, else 422), naming its field.</summary>
    public static IResult Refused(ControlCommandException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return Invalid(ex.Field, ex.Detail, ex.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>The programme cannot take commands now (503).</summary>
    public static IResult Unavailable(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: TitleOf(StatusCodes.Status503ServiceUnavailable));

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "invalid request",
        StatusCodes.Status404NotFound => "not found",
        StatusCodes.Status413PayloadTooLarge => "request too large",
        StatusCodes.Status415UnsupportedMediaType => "not JSON",
        StatusCodes.Status422UnprocessableEntity => "command refused",
        StatusCodes.Status503ServiceUnavailable => "programme not running",
        _ => "error",
    };
}
