namespace Broadcast3D.Engine.Control;

/// <summary>A camera's reader counters.</summary>
/// <param name="Name">The camera's name in the configuration.</param>
/// <param name="State">Reader state (e.g. Running, Reconnecting).</param>
/// <param name="FramesRead">Frames decoded.</param>
/// <param name="Dropped">Frames dropped from its live queue (the ingest was behind).</param>
/// <param name="Reconnects">Times the source was opened again.</param>
/// <param name="Failures">Open or decode failures.</param>
/// <param name="LastError">The last failure's message, or null.</param>
public sealed record CameraState(string Name, string State, long FramesRead, long Dropped, int Reconnects, int Failures, string? LastError);
