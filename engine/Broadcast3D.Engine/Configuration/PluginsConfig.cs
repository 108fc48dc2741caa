using System.Text.Json;

namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// The <c>plugins</c> section: folders holding external plugin assemblies (absolute, resolved against the config
/// file's folder), each plugin's settings object by plugin name (validated by the plugin when loaded), and the CPU
/// time a plugin may take per call before it is reported.
/// </summary>
public sealed record PluginsConfig(IReadOnlyList<string> Folders, IReadOnlyDictionary<string, JsonElement> Settings, double BudgetMilliseconds)
{
    /// <summary>Default per-call budget: an eighth of a 60 fps frame, so a handful of plugins fit in one.</summary>
    public const double DefaultBudgetMilliseconds = 2;

    /// <summary>The folder file paths in the settings are relative to (the configuration file's; default the current directory).</summary>
    public string BaseDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>No external plugin, default settings.</summary>
    public static PluginsConfig Default { get; } = new([], new Dictionary<string, JsonElement>(), DefaultBudgetMilliseconds);
}
