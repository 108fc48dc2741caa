using System.Text.Json;
using Broadcast3D.Plugins;

namespace Broadcast3D.Engine.Plugins;

/// <summary>
/// New settings for one plugin, already checked (<see cref="PluginCatalog.PrepareSettings"/>): the configured new
/// instances wait here until <see cref="Apply"/> puts them on air between frames. Apply once, on the hosts' thread.
/// </summary>
public sealed class PluginSettingsChange
{
    private readonly PluginCatalog _catalog;
    private readonly IOverlayPlugin? _overlay;
    private readonly IAnalyticsPlugin? _analytics;

    internal PluginSettingsChange(PluginCatalog catalog, string name, JsonElement settings, IOverlayPlugin? overlay, IAnalyticsPlugin? analytics) =>
        (_catalog, Name, Settings, _overlay, _analytics) = (catalog, name, settings, overlay, analytics);

    /// <summary>The plugin's name.</summary>
    public string Name { get; }

    /// <summary>The settings, as checked.</summary>
    public JsonElement Settings { get; }

    /// <summary>
    /// Puts the new instances in place of those on air (their state starts over: trails, detections) and records the
    /// settings as the plugin's, so a later reload keeps them. Call between frames on the channel thread.
    /// </summary>
    public void Apply(OverlayHost overlays, AnalyticsHost analytics)
    {
        ArgumentNullException.ThrowIfNull(overlays);
        ArgumentNullException.ThrowIfNull(analytics);
        if (_overlay is not null)
            overlays.Replace(_overlay);
        if (_analytics is not null)
            analytics.Replace(_analytics);
        _catalog.Remember(Name, Settings);
    }
}
