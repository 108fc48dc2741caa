using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Broadcast3D.Plugins;

/// <summary>
/// A plugin's settings: its JSON object from the configuration (<c>plugins.settings.NAME</c>), read field by field
/// with a fallback for a field left out. A value of the wrong type or out of range records an error naming the full
/// field path, what was found and what is allowed, and returns the fallback, so a plugin reads every field and the
/// user sees every mistake at once (<see cref="ThrowIfInvalid"/>, which the host calls after
/// <see cref="IPlugin.Configure"/>, also names each field no read asked for: a typo). Not thread-safe.
/// </summary>
public sealed class PluginSettings
{
    private readonly JsonElement? _section;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];

    /// <summary>Settings at <paramref name="path"/> (e.g. "plugins.settings.trails") from <paramref name="section"/> (null: all defaults).</summary>
    /// <exception cref="PluginSettingsException"><paramref name="section"/> is not a JSON object.</exception>
    public PluginSettings(string path, JsonElement? section)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        if (section is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) } s)
            throw new PluginSettingsException(path, [$"{path}: must be an object of settings, not {s.ValueKind}"]);
        _section = section is { ValueKind: JsonValueKind.Object } ? section : null;
    }

    /// <summary>Settings at <paramref name="path"/> parsed from <paramref name="json"/> (a JSON object).</summary>
    /// <exception cref="PluginSettingsException">Not valid JSON or not an object.</exception>
    public static PluginSettings Parse(string path, string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return new PluginSettings(path, document.RootElement.Clone());
        }
        catch (JsonException ex)
        {
            throw new PluginSettingsException(path, [$"{path}: not valid JSON ({ex.Message})"]);
        }
    }

    /// <summary>The settings' path in the configuration.</summary>
    public string Path { get; }

    /// <summary>The settings as given (compact JSON; "{}" when none).</summary>
    public string Json => _section is { } s ? s.GetRawText() : "{}";

    /// <summary>Errors so far, each starting with the field's path.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>A true/false field.</summary>
    public bool Bool(string field, bool fallback)
    {
        if (Find(field) is not { } v)
            return fallback;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return v.GetBoolean();
        return Error(field, v, "true or false", fallback);
    }

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double Number(string field, double fallback, double min, double max)
    {
        if (Find(field) is not { } v)
            return fallback;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && d >= min && d <= max)
            return d;
        return Error(field, v, string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}"), fallback);
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Integer(string field, int fallback, int min, int max)
    {
        if (Find(field) is not { } v)
            return fallback;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) && i >= min && i <= max)
            return i;
        return Error(field, v, string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}"), fallback);
    }

    /// <summary>A non-empty string.</summary>
    public string Text(string field, string fallback)
    {
        if (Find(field) is not { } v)
            return fallback;
        if (v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s)
            return s;
        return Error(field, v, "a non-empty string", fallback);
    }

    /// <summary>A colour: "#RRGGBB" or "#RRGGBBAA" (hex), as straight RGBA 0–1.</summary>
    public Vector4 Colour(string field, Vector4 fallback)
    {
        if (Find(field) is not { } v)
            return fallback;
        if (v.ValueKind == JsonValueKind.String && v.GetString() is { } s && s.Length is 7 or 9 && s[0] == '#' &&
            uint.TryParse(s.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint hex))
        {
            uint rgba = s.Length == 7 ? (hex << 8) | 0xFF : hex;
            return new Vector4((rgba >> 24) / 255f, ((rgba >> 16) & 0xFF) / 255f, ((rgba >> 8) & 0xFF) / 255f, (rgba & 0xFF) / 255f);
        }
        return Error(field, v, "a colour \"#RRGGBB\" or \"#RRGGBBAA\"", fallback);
    }

    /// <summary>A point in world metres: [x, y, z], or [x, y] on the floor (z = 0).</summary>
    public Vector3 Point(string field, Vector3 fallback)
    {
        if (Find(field) is not { } v)
            return fallback;
        if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() is 2 or 3)
        {
            Span<float> xyz = stackalloc float[3];
            int n = 0;
            foreach (JsonElement c in v.EnumerateArray())
            {
                if (c.ValueKind != JsonValueKind.Number || !c.TryGetDouble(out double d) || !double.IsFinite(d))
                    return Error(field, v, "[x, y] or [x, y, z] in metres", fallback);
                xyz[n++] = (float)d;
            }
            return new Vector3(xyz[0], xyz[1], xyz[2]);
        }
        return Error(field, v, "[x, y] or [x, y, z] in metres", fallback);
    }

    /// <summary>
    /// A previous attempt's recorded 3D (SDK 1.1): the field is the path of a TRC file (Pose2Sim's, or a Broadcast3D
    /// export; relative to the configuration file's folder), which the host reads now, so a missing or unreadable
    /// file is an error at this field like any other. Null when the field is left out or the file does not read.
    /// </summary>
    public RecordedAttempt? Attempt(string field)
    {
        if (Find(field) is not { } v)
            return null;
        if (v.ValueKind != JsonValueKind.String || v.GetString() is not { Length: > 0 } given)
            return Error<RecordedAttempt?>(field, v, "the path of a .trc file", null);
        if (AttemptReader is null)
        {
            AddError(field, "this host cannot read recorded attempts");
            return null;
        }
        string path = System.IO.Path.GetFullPath(System.IO.Path.Combine(BaseDirectory, given));
        try
        {
            return AttemptReader(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidDataException)
        {
            AddError(field, $"{path} does not read as a recorded attempt ({ex.Message}); give a .trc file of 3D joints in metres");
            return null;
        }
    }

    /// <summary>The folder relative paths are resolved against (the configuration file's); set by the host.</summary>
    internal string BaseDirectory { get; set; } = Environment.CurrentDirectory;

    /// <summary>Reads a recorded attempt from a full path (throws on a missing or malformed file); set by the host.</summary>
    internal Func<string, RecordedAttempt>? AttemptReader { get; set; }

    /// <summary>Records an error of the plugin's own (e.g. two fields that contradict each other) at <paramref name="field"/>.</summary>
    public void AddError(string field, string message) => _errors.Add($"{Path}.{field}: {message}");

    /// <summary>Fields given in the configuration that no read asked for (misspelt or not this plugin's).</summary>
    public IReadOnlyList<string> UnreadFields()
    {
        var unread = new List<string>();
        if (_section is { } s)
        {
            foreach (JsonProperty p in s.EnumerateObject())
            {
                if (!_read.Contains(p.Name))
                    unread.Add(p.Name);
            }
        }
        return unread;
    }

    /// <summary>Throws every error recorded, and every field not read, at once.</summary>
    /// <exception cref="PluginSettingsException">There was at least one.</exception>
    public void ThrowIfInvalid()
    {
        var all = new List<string>(_errors);
        IReadOnlyList<string> unread = UnreadFields();
        if (unread.Count > 0)
        {
            string known = _read.Count == 0 ? "none" : string.Join(", ", _read.Order(StringComparer.Ordinal));
            foreach (string field in unread)
                all.Add($"{Path}.{field}: unknown setting (this plugin reads: {known})");
        }
        if (all.Count > 0)
            throw new PluginSettingsException(Path, all);
    }

    private JsonElement? Find(string field)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        _read.Add(field);
        return _section is { } s && s.TryGetProperty(field, out JsonElement v) && v.ValueKind != JsonValueKind.Null ? v : null;
    }

    private T Error<T>(string field, JsonElement found, string allowed, T fallback)
    {
        string text = found.GetRawText();
        _errors.Add($"{Path}.{field}: must be {allowed}, got {(text.Length > 40 ? text[..40] + "…" : text)}");
        return fallback;
    }
}
