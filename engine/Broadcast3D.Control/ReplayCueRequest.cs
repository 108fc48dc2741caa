namespace Broadcast3D.Control;

/// <summary><c>POST /api/replay/cue</c>: the camera to cue, and whether the virtual camera draws the clip's carved meshes.</summary>
/// <param name="Camera">A camera name of the run (as in its configuration).</param>
/// <param name="Mesh"><c>carved</c> (build the clip's athlete meshes off the channel thread) or <c>none</c> (capsules); null: the configuration's <c>replay.mesh</c>.</param>
public sealed record ReplayCueRequest(string Camera, string? Mesh = null);
