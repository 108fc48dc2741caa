namespace Broadcast3D.Engine.Plugins;

/// <summary>
/// A plugin found by the <see cref="PluginCatalog"/>: its name, own version, kind ("overlay", "analytics" or
/// "overlay, analytics"), where it came from ("built-in" or the assembly's path), the SDK version it was built against,
/// what it does and its settings as configured ("{}" for defaults).
/// </summary>
public sealed record PluginInfo(string Name, string Version, string Kind, string Source, string SdkVersion, string Description, string Settings);
