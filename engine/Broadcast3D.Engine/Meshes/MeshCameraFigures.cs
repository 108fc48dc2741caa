namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// One camera's figures: silhouette IoU (the mesh drawn into this camera against its mask) and leave-one-out IoU
/// (the mesh carved without this camera, drawn into it), medians over frames; frames it carved, frames it had no
/// mask of the person (left out), frames the person was partly outside its picture (carved where seen), frames it
/// was left out for another reason (a fisheye calibration); counted per 3D person and frame set, meshed or not.
/// </summary>
public sealed record MeshCameraFigures(string Name, string Video, double? SilhouetteIoU, double? LeaveOneOutIoU,
    int FramesCarved, int FramesWithoutMask, int FramesPartlyOutOfFrame)
{
    /// <summary>Frames this camera had a mask of the person but was left out (a fisheye calibration, not carved).</summary>
    public int FramesLeftOutOtherwise { get; init; }
}
