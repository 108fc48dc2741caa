using System.Text.Json;

namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// The one JSON reader of configuration-like files (the pipeline configuration, the consent registry): comments and
/// trailing commas allowed, a UTF-8 byte order mark ignored, and a syntax error reported as a
/// <see cref="ConfigException"/> naming the file, line and byte. Stateless and thread-safe.
/// </summary>
public static class ConfigJson
{
    private static readonly JsonDocumentOptions s_options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Parses <paramref name="json"/>, read from <paramref name="sourceName"/>; the caller disposes the document.</summary>
    /// <exception cref="ConfigException">Not valid JSON: the message names the source, the line and the byte.</exception>
    public static JsonDocument Parse(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        // Editors on Windows save UTF-8 with a byte order mark; it carries no meaning in JSON.
        if (json.StartsWith('\uFEFF'))
            json = json[1..];
        try
        {
            return JsonDocument.Parse(json, s_options);
        }
        catch (JsonException ex)
        {
            throw new ConfigException($"{sourceName}: not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}");
        }
    }
}
