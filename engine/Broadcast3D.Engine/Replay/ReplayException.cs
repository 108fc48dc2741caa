namespace Broadcast3D.Engine.Replay;

/// <summary>
/// A replay request that cannot be served (a mark-out before the mark-in, a time outside the recording, a camera
/// without pictures there, a missing or corrupt segment): the message names the clip, camera and time, and what
/// to do. Bad input (exit code 1 in the CLI).
/// </summary>
public sealed class ReplayException(string message, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>
    /// The request field at fault when a command names it (<c>speed</c>, <c>at</c>, <c>camera</c>, <c>frames</c>), for
    /// the control API's problem+json; null when no field is (a corrupt segment).
    /// </summary>
    public string? Field { get; init; }

    /// <summary>True when the field names something that does not exist (a camera not in the recording).</summary>
    public bool NotFound { get; init; }
}
