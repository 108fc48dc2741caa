namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// A pipeline configuration is invalid. The message names the file, the field path (e.g.
/// <c>cameras[2].source</c>) and what to do.
/// </summary>
public sealed class ConfigException(string message) : Exception(message);
