namespace Broadcast3D.Tracking.Meshes;

/// <summary>A camera left out of one carving: its index in the rig, its name and why (for the report).</summary>
public readonly record struct CameraSkip(int Camera, string Name, string Reason);
