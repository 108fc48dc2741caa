namespace Broadcast3D.Control;

/// <summary><c>POST /api/replay/cue</c> and <c>/api/replay/camera</c>: the camera to show.</summary>
/// <param name="Camera">A camera name of the run (as in its configuration).</param>
public sealed record ReplayCameraRequest(string Camera);
