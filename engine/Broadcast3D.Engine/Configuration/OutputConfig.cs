namespace Broadcast3D.Engine.Configuration;

/// <summary>One programme output; <paramref name="Target"/> is the NDI source name, file path or stream URL.</summary>
public sealed record OutputConfig(OutputKind Kind, string Target, bool Alpha);
