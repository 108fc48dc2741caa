namespace Broadcast3D.Core.Skeletons;

/// <summary>
/// The keypoint layouts the pose models emit. Orders are the models' output orders: OpenPose BODY_25B
/// (OpenPose <c>poseParameters</c>, 17 = upper neck, 18 = head top, named Neck and Head as Pose2Sim does),
/// COCO-17 (the COCO keypoint challenge order, used by RTMPose/MoveNet) and BlazePose-33 (MediaPipe Pose
/// landmarks; foot_index is named BigToe as in Pose2Sim).
/// </summary>
public static class SkeletonCatalog
{
    private static readonly string[] Coco17Names =
    [
        "Nose", "LEye", "REye", "LEar", "REar", "LShoulder", "RShoulder", "LElbow", "RElbow", "LWrist", "RWrist",
        "LHip", "RHip", "LKnee", "RKnee", "LAnkle", "RAnkle",
    ];

    private static readonly (string, string)[] LimbBones =
    [
        ("LShoulder", "LElbow"), ("LElbow", "LWrist"), ("RShoulder", "RElbow"), ("RElbow", "RWrist"),
        ("LHip", "LKnee"), ("LKnee", "LAnkle"), ("RHip", "RKnee"), ("RKnee", "RAnkle"),
        ("LShoulder", "RShoulder"), ("LHip", "RHip"), ("LShoulder", "LHip"), ("RShoulder", "RHip"),
    ];

    private static readonly (string, string)[] FaceBones =
    [
        ("Nose", "LEye"), ("Nose", "REye"), ("LEye", "LEar"), ("REye", "REar"),
    ];

    /// <summary>OpenPose BODY_25B: 25 keypoints (COCO-17, then Neck, Head and six foot points).</summary>
    public static SkeletonDefinition Body25B { get; } = new(
        "BODY_25B",
        [.. Coco17Names, "Neck", "Head", "LBigToe", "LSmallToe", "LHeel", "RBigToe", "RSmallToe", "RHeel"],
        [
            .. LimbBones, .. FaceBones,
            ("Neck", "Head"), ("Neck", "LShoulder"), ("Neck", "RShoulder"), ("Neck", "Nose"),
            ("LAnkle", "LHeel"), ("LAnkle", "LBigToe"), ("LBigToe", "LSmallToe"),
            ("RAnkle", "RHeel"), ("RAnkle", "RBigToe"), ("RBigToe", "RSmallToe"),
        ]);

    /// <summary>COCO-17.</summary>
    public static SkeletonDefinition Coco17 { get; } = new("COCO_17", Coco17Names, [.. LimbBones, .. FaceBones]);

    /// <summary>MediaPipe BlazePose: 33 landmarks.</summary>
    public static SkeletonDefinition BlazePose33 { get; } = new(
        "BLAZEPOSE_33",
        [
            "Nose", "LEyeInner", "LEye", "LEyeOuter", "REyeInner", "REye", "REyeOuter", "LEar", "REar",
            "MouthL", "MouthR", "LShoulder", "RShoulder", "LElbow", "RElbow", "LWrist", "RWrist",
            "LPinky", "RPinky", "LIndex", "RIndex", "LThumb", "RThumb", "LHip", "RHip", "LKnee", "RKnee",
            "LAnkle", "RAnkle", "LHeel", "RHeel", "LBigToe", "RBigToe",
        ],
        [
            .. LimbBones, .. FaceBones, ("MouthL", "MouthR"),
            ("LWrist", "LPinky"), ("LWrist", "LIndex"), ("LWrist", "LThumb"), ("LPinky", "LIndex"),
            ("RWrist", "RPinky"), ("RWrist", "RIndex"), ("RWrist", "RThumb"), ("RPinky", "RIndex"),
            ("LAnkle", "LHeel"), ("LHeel", "LBigToe"), ("LAnkle", "LBigToe"),
            ("RAnkle", "RHeel"), ("RHeel", "RBigToe"), ("RAnkle", "RBigToe"),
        ]);

    /// <summary>
    /// The 21 markers Pose2Sim triangulates from BODY_25B, in its TRC column order (eyes and ears are unused).
    /// </summary>
    public static IReadOnlyList<string> Pose2SimBody25BMarkers { get; } =
    [
        "RHip", "RKnee", "RAnkle", "RBigToe", "RSmallToe", "RHeel", "LHip", "LKnee", "LAnkle", "LBigToe",
        "LSmallToe", "LHeel", "Neck", "Head", "Nose", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist",
    ];

    /// <summary>Looks a layout up by name (case-insensitive: <c>BODY_25B</c>, <c>COCO_17</c>/<c>COCO</c>, <c>BLAZEPOSE_33</c>/<c>BLAZEPOSE</c>).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static SkeletonDefinition FromName(string name) => name.ToUpperInvariant() switch
    {
        "BODY_25B" => Body25B,
        "COCO_17" or "COCO" or "COCO17" => Coco17,
        "BLAZEPOSE_33" or "BLAZEPOSE" => BlazePose33,
        _ => throw new ArgumentException($"Unknown skeleton '{name}'; known: BODY_25B, COCO_17, BLAZEPOSE_33.", nameof(name)),
    };
}
