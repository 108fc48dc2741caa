namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// One camera's part in a run's meshes (counted per 3D person and frame set): carved from it, no mask of the person
/// in it (left out), the person partly outside its picture (carved where seen), left out for another reason (a
/// fisheye calibration, not carved).
/// </summary>
public sealed record MeshCameraCounts(string Name, int FramesCarved, int FramesWithoutMask, int FramesPartlyOutOfFrame, int FramesLeftOutOtherwise);
