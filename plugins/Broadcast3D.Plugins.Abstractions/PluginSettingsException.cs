namespace Broadcast3D.Plugins;

/// <summary>A plugin's settings are invalid: every error, each starting with its field path (e.g. <c>plugins.settings.trails.samples</c>).</summary>
public sealed class PluginSettingsException : Exception
{
    /// <summary>Errors at <paramref name="path"/>.</summary>
    public PluginSettingsException(string path, IReadOnlyList<string> errors)
        : base(string.Join("; ", errors ?? throw new ArgumentNullException(nameof(errors))))
    {
        Path = path;
        Errors = errors;
    }

    /// <summary>The settings' path.</summary>
    public string Path { get; }

    /// <summary>Every error, each naming its field.</summary>
    public IReadOnlyList<string> Errors { get; }
}
