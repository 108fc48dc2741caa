namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>
/// Body segment inertial parameters of de Leva (1996, J Biomech 29:1223, adjusted Zatsiorsky–Seluyanov values,
/// males): mass as a fraction of body mass and centre of mass as a fraction of the length from the proximal to the
/// distal landmark, mapped onto Pose2Sim markers. Head: Head (vertex) → Neck (cervicale); trunk: Neck → mid-hip;
/// hands have no markers, so the hand's mass is placed at the wrist. Immutable.
/// </summary>
public static class SegmentParameters
{
    /// <summary>(segment, proximal marker, distal marker, mass fraction, CoM fraction from proximal); "MidHip" is the mid-point of the hips.</summary>
    public static IReadOnlyList<(string Segment, string Proximal, string Distal, double MassFraction, double ComFraction)> DeLeva1996Male { get; } =
    [
        ("head", "Head", "Neck", 0.0694, 0.5976),
        ("trunk", "Neck", "MidHip", 0.4346, 0.4486),
        ("right_upper_arm", "RShoulder", "RElbow", 0.0271, 0.5772),
        ("left_upper_arm", "LShoulder", "LElbow", 0.0271, 0.5772),
        ("right_forearm", "RElbow", "RWrist", 0.0162, 0.4574),
        ("left_forearm", "LElbow", "LWrist", 0.0162, 0.4574),
        ("right_hand", "RWrist", "RWrist", 0.0061, 0.0),
        ("left_hand", "LWrist", "LWrist", 0.0061, 0.0),
        ("right_thigh", "RHip", "RKnee", 0.1416, 0.4095),
        ("left_thigh", "LHip", "LKnee", 0.1416, 0.4095),
        ("right_shank", "RKnee", "RAnkle", 0.0433, 0.4459),
        ("left_shank", "LKnee", "LAnkle", 0.0433, 0.4459),
        ("right_foot", "RHeel", "RBigToe", 0.0137, 0.4415),
        ("left_foot", "LHeel", "LBigToe", 0.0137, 0.4415),
    ];
}
