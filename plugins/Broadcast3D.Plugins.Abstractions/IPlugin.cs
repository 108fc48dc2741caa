namespace Broadcast3D.Plugins;

/// <summary>
/// What every plugin is: a name, a version and its settings. A plugin class has a public parameterless constructor
/// and implements <see cref="IOverlayPlugin"/> or <see cref="IAnalyticsPlugin"/> (or both). The host creates it, calls
/// <see cref="Configure"/> once, then calls it from one thread at a time (the channel's for overlays, the tracking
/// worker's for analytics). An exception escaping any call is caught by the host, counted and logged with
/// <see cref="Name"/>; after repeated failures the plugin is disabled and the programme goes on without it.
/// </summary>
public interface IPlugin
{
    /// <summary>
    /// Short unique name, lower case (<c>skeleton</c>, <c>ground-line</c>): the key of its settings
    /// (<c>plugins.settings.NAME</c>), of the overlay selection and of every log line about it.
    /// </summary>
    string Name { get; }

    /// <summary>The plugin's own version (free text, e.g. "1.2.0"), shown by <c>b3d plugins list</c>.</summary>
    string Version { get; }

    /// <summary>One line saying what it draws or measures.</summary>
    string Description { get; }

    /// <summary>
    /// Reads the plugin's settings. Every value is read through <paramref name="settings"/>, which records an error
    /// with its field path for a missing, mistyped or out-of-range value; the host then refuses the plugin with every
    /// error at once, and also names any field the plugin did not read. Called once per instance, before it draws or
    /// measures: settings changed at run time configure a new instance (on the control API's thread, before it is on
    /// air) that replaces the one on air between frames, so its state starts over.
    /// </summary>
    void Configure(PluginSettings settings);
}
