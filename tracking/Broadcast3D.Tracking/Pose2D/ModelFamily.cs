namespace Broadcast3D.Tracking.Pose2D;

/// <summary>Model families with an adapter: the family fixes the pre/post-processing (MODELS.md).</summary>
public enum ModelFamily
{
    /// <summary>Person detector, mmdeploy end2end export (NMS inside).</summary>
    RtmDet,
    /// <summary>Person detector, COCO-80 raw anchors.</summary>
    Yolox,
    /// <summary>Bottom-up people + COCO-17, used as a detector.</summary>
    MoveNetMultiPose,
    /// <summary>Top-down 33 keypoints (lite, full, heavy).</summary>
    BlazePose,
    /// <summary>Top-down COCO-17 (Lightning, Thunder).</summary>
    MoveNet,
    /// <summary>Top-down SimCC (bring your own model).</summary>
    RtmPose,
}
