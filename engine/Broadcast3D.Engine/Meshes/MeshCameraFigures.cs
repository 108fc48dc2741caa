namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// One camera's figures: silhouette IoU (the mesh drawn into this camera against its mask) and leave-one-out IoU
/// (the mesh carved without this camera, drawn into it), medians over frames; frames it carved, frames it had no
/// mask of the person, frames the person was partly outside its picture (carved where seen).
/// </summary>
public sealed record MeshCameraFigures(string Name, string Video, double? SilhouetteIoU, double? LeaveOneOutIoU,
    int FramesCarved, int FramesWithoutMask, int FramesPartlyOutOfFrame);
