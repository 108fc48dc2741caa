namespace Broadcast3D.Engine.Replay;

/// <summary>
/// A replay request that cannot be served (a mark-out before the mark-in, a time outside the recording, a camera
/// without pictures there, a missing or corrupt segment): the message names the clip, camera and time, and what
/// to do. Bad input (exit code 1 in the CLI).
/// </summary>
public sealed class ReplayException(string message, Exception? inner = null) : IOException(message, inner);
