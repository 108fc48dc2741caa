using System.Text.Json;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Plugins;

namespace Broadcast3D.Engine.Control;

/// <summary>Plugin settings at run time (issue #16), kept apart from the graphics commands.</summary>
public sealed partial class LiveControl
{
    // Checks a plugin's new settings (caller's thread) and returns what applies them (channel thread); null when no run.
    private Func<string, JsonElement, Action>? _pluginSettings;

    /// <summary>
    /// New settings for plugin <paramref name="name"/> (its whole <c>plugins.settings.NAME</c> object, e.g.
    /// <c>{"samples": 120}</c>; fields left out take their defaults, not the previous values). They are checked now,
    /// on the caller's thread, by configuring a new instance of the plugin: invalid settings are refused with every
    /// error and its field path, and nothing on air changes. Valid ones are posted and, between two frames on the
    /// channel thread, the new instance replaces the one on air (its state starts over: trails, detections); the task
    /// completes with the first frame drawn with them. Thread-safe.
    /// </summary>
    /// <exception cref="ControlCommandException">
    /// No plugin of that name (<c>name</c>, not found), or invalid settings (<c>settings</c>: every error, each with its
    /// field path such as <c>plugins.settings.trails.samples</c>).
    /// </exception>
    /// <exception cref="ControlUnavailableException">The programme is not running.</exception>
    public Task<ControlAck> ConfigurePluginAsync(string name, JsonElement settings)
    {
        ArgumentNullException.ThrowIfNull(name);
        Func<string, JsonElement, Action> prepare;
        lock (_gate)
            prepare = _pluginSettings ?? throw new ControlUnavailableException("the programme is not running (starting: models loading, or stopped); try again once it runs");
        if (settings.ValueKind != JsonValueKind.Object)
            throw new ControlCommandException("settings", $"must be an object of the plugin's settings, e.g. {{\"samples\": 120}}, not {settings.ValueKind}");
        Action apply;
        try
        {
            apply = prepare(name, settings);
        }
        catch (ArgumentException ex)
        {
            throw new ControlCommandException("name", ex.Message, notFound: true);
        }
        catch (PluginSettingsException ex)
        {
            throw new ControlCommandException("settings", string.Join("; ", ex.Errors));
        }
        catch (PluginLoadException ex)
        {
            throw new ControlCommandException("settings", ex.Message);
        }
        return PostAction($"plugin {name} settings {settings.GetRawText()}", apply);
    }

    /// <summary>
    /// Connects the run's plugins (called by the live pipeline with <see cref="Attach"/>; a harness may call it too):
    /// new settings are checked through <paramref name="catalog"/> and applied to <paramref name="overlays"/> and
    /// <paramref name="analytics"/>, which must be those the attached channel's tick runs. <see cref="Detach"/> forgets them.
    /// </summary>
    public void AttachPlugins(PluginCatalog catalog, OverlayHost overlays, AnalyticsHost analytics)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(overlays);
        ArgumentNullException.ThrowIfNull(analytics);
        lock (_gate)
        {
            _pluginSettings = (name, settings) =>
            {
                PluginSettingsChange change = catalog.PrepareSettings(name, settings);
                return () => change.Apply(overlays, analytics);
            };
        }
    }
}
