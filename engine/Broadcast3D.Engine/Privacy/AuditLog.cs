using System.Text;
using System.Text.Json;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// The audit log (issue #21): one JSON object per line — <c>when</c> (UTC, ISO 8601), <c>who</c> (the control API
/// token's name, or <c>cli:USER</c> for a command), <c>what</c> (<c>export</c>, <c>report</c>, <c>replay-export</c>,
/// <c>api-read</c>, <c>retention-delete</c>, ...), <c>subject</c> (the file or endpoint) and <c>detail</c>. The file is
/// only ever appended to (opened in append mode for each line, flushed before returning), so an entry written is on
/// disk even if the process dies next. Thread-safe within the process; several processes may append (each line is
/// one write).
/// </summary>
public sealed class AuditLog
{
    private static readonly JsonWriterOptions s_options = new() { Indented = false };
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;

    /// <summary>A log appending to <paramref name="path"/> (created with its folder on the first entry).</summary>
    public AuditLog(string path, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>The <c>who</c> of a command line run: <c>cli:</c> and the user's login name.</summary>
    public static string CommandLineUser => "cli:" + Environment.UserName;

    /// <summary>Appends one entry.</summary>
    /// <exception cref="IOException">The log cannot be written (the message names it): the caller must not go on with an unlogged access.</exception>
    public void Write(string who, string what, string subject, string? detail = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        ArgumentNullException.ThrowIfNull(subject);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, s_options))
        {
            json.WriteStartObject();
            json.WriteString("when", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("who", who);
            json.WriteString("what", what);
            json.WriteString("subject", subject);
            if (detail is not null)
                json.WriteString("detail", detail);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        try
        {
            lock (_lock)
            {
                if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } folder)
                    Directory.CreateDirectory(folder);
                using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"{Path}: cannot append to the audit log ({ex.Message}); make it writable or set privacy.auditLog", ex);
        }
    }

    /// <summary>Every entry of the log at <paramref name="path"/> as raw JSON lines (none when it does not exist).</summary>
    public static IReadOnlyList<string> ReadLines(string path) =>
        File.Exists(path) ? [.. File.ReadAllLines(path, Encoding.UTF8).Where(l => l.Length > 0)] : [];
}
