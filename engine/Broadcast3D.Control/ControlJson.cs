using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Broadcast3D.Control;

/// <summary>
/// JSON of the control API: camelCase, enums as camelCase strings; requests are strict (an unknown field, a missing
/// required field, a null where none is allowed or a wrong type is refused, naming the field), so a typo in a
/// Companion button never turns into a silent default.
/// </summary>
public static partial class ControlJson
{
    /// <summary>Options for requests and responses (shared, immutable once used).</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>
    /// Reads the request body as <typeparamref name="T"/>: the value, or a problem (400 for malformed JSON, a wrong
    /// type, an unknown or missing field; 413 for a body over the server's limit; 415 for a body that is not JSON)
    /// whose <c>field</c> names the JSON field at fault.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
            return (null, Problems.Invalid("body", "must be JSON (Content-Type: application/json)", StatusCodes.Status415UnsupportedMediaType));
        try
        {
            T? value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted);
            return value is null ? (null, Problems.Invalid("body", "must be a JSON object, not null")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Invalid(FieldOf(ex), Describe(ex)));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.Invalid("body", $"larger than {ControlServer.MaxRequestBodyBytes} bytes; a command is a small JSON object",
                StatusCodes.Status413PayloadTooLarge));
        }
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            NumberHandling = JsonNumberHandling.Strict,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The JSON field a deserialisation error is about: the path's last member, a missing or unknown property named in the message, else <c>body</c>.</summary>
    private static string FieldOf(JsonException ex)
    {
        // The serializer names the member in its message for these two (the path is the object's).
        Match named = ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? UnmappedName().Match(ex.Message)
            : ex.Message.Contains("missing required properties", StringComparison.Ordinal) ? MissingName().Match(ex.Message) : Match.Empty;
        if (named.Success)
            return named.Groups[1].Value;
        string? path = ex.Path;
        if (string.IsNullOrEmpty(path) || path == "$")
            return "body";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>A message for the user: what is wrong at the field, without the .NET type names of the serializer's own message.</summary>
    private static string Describe(JsonException ex)
    {
        string m = ex.Message;
        if (m.Contains("could not be mapped", StringComparison.Ordinal))
            return "unknown field; see /openapi/v1.json for the fields of this request";
        if (m.Contains("missing required properties", StringComparison.Ordinal))
            return "required";
        if (m.Contains("null", StringComparison.OrdinalIgnoreCase) && m.Contains("non-nullable", StringComparison.OrdinalIgnoreCase))
            return "must not be null";
        bool atRoot = string.IsNullOrEmpty(ex.Path) || ex.Path == "$";
        if (m.Contains("could not be converted", StringComparison.Ordinal))
            return atRoot ? "must be a JSON object with the fields of this request (see /openapi/v1.json)" : "wrong type (see /openapi/v1.json)";
        if (!atRoot)
            return "wrong type (see /openapi/v1.json)" + (ex.LineNumber is { } line ? $" at line {line + 1}, byte {ex.BytePositionInLine + 1}" : "");
        return "not valid JSON" + (ex.LineNumber is { } l ? $" at line {l + 1}, byte {ex.BytePositionInLine + 1}" : "");
    }

    [GeneratedRegex("property '([^']+)'")]
    private static partial Regex UnmappedName();

    [GeneratedRegex("including: '([^']+)'")]
    private static partial Regex MissingName();
}
