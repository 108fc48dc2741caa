namespace Broadcast3D.Engine.Plugins;

/// <summary>A plugin could not be created or configured; the message names the plugin and the cause.</summary>
public sealed class PluginLoadException(string message, Exception? inner = null) : Exception(message, inner);
