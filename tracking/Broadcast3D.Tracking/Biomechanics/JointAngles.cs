using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>
/// Joint and segment angles (degrees) per frame from Pose2Sim markers in a Y-up TRC, following Sports2D's
/// conventions where it has one (knee and elbow 0 when straight, flexion positive; ankle 0 with the foot
/// perpendicular to the shank, dorsiflexion positive; hip 0 with the thigh in line with the trunk, flexion positive;
/// segments measured from the horizontal). Sports2D works in the image plane; here the sagittal angles are taken in
/// the body's sagittal plane (normal = the right axis RHip − LHip), the frontal ones in its frontal plane (normal =
/// the forward axis up × right); each definition is in <see cref="Definitions"/>. Coordinates are taken in metres
/// (TRC units <c>mm</c> are converted). A frame where any marker of an angle is missing gives NaN.
/// Stateless and thread-safe.
/// </summary>
public static class JointAngles
{
    /// <summary>Angle names (OpenSim-style, snake case) with their definitions, in output order.</summary>
    public static IReadOnlyList<(string Name, string Definition)> Definitions { get; } =
    [
        ("right_hip_flexion", "signed angle from the trunk-down line (Neck→mid-hip) to the thigh (RHip→RKnee) about the right axis, sagittal plane; 0 thigh in line with the trunk, + thigh forward"),
        ("left_hip_flexion", "same with LHip→LKnee"),
        ("right_knee_flexion", "signed angle from the thigh (RHip→RKnee) to the shank (RKnee→RAnkle) about the left axis, sagittal plane; 0 straight, + shank behind the thigh line"),
        ("left_knee_flexion", "same on the left"),
        ("right_ankle_dorsiflexion", "signed angle from the shank (RKnee→RAnkle) to the foot (RHeel→RBigToe) about the right axis, sagittal plane, minus 90; 0 foot perpendicular to the shank, + toes up"),
        ("left_ankle_dorsiflexion", "same on the left"),
        ("right_hip_abduction", "angle from the trunk-down line to the thigh about the forward axis, frontal plane; 0 in line, + thigh away from the midline"),
        ("left_hip_abduction", "same on the left"),
        ("right_elbow_flexion", "180 minus the 3-D angle RShoulder–RElbow–RWrist; 0 straight"),
        ("left_elbow_flexion", "same on the left"),
        ("right_shoulder_elevation", "3-D angle between the upper arm (RShoulder→RElbow) and the trunk-down line; 0 arm along the trunk, 90 horizontal, 180 overhead"),
        ("left_shoulder_elevation", "same on the left"),
        ("trunk_lean", "signed angle from vertical (+Y) to the trunk (mid-hip→Neck) about the left axis, sagittal plane; 0 upright, + forward"),
        ("pelvis_rotation", "angle about vertical (+Y, right-hand rule) from the TRC +Z axis to the right axis (LHip→RHip) in the horizontal plane, −180…180; 0 when the right hip is on the +Z side"),
        ("right_foot_to_horizontal", "elevation of RHeel→RBigToe above the horizontal plane (−90…90)"),
        ("left_foot_to_horizontal", "elevation of LHeel→LBigToe"),
        ("right_shank_to_horizontal", "elevation of RAnkle→RKnee"),
        ("left_shank_to_horizontal", "elevation of LAnkle→LKnee"),
        ("right_thigh_to_horizontal", "elevation of RKnee→RHip"),
        ("left_thigh_to_horizontal", "elevation of LKnee→LHip"),
        ("trunk_to_vertical", "3-D angle between the trunk (mid-hip→Neck) and vertical (0…180)"),
        ("right_arm_to_horizontal", "elevation of RElbow→RShoulder"),
        ("left_arm_to_horizontal", "elevation of LElbow→LShoulder"),
        ("right_forearm_to_horizontal", "elevation of RWrist→RElbow"),
        ("left_forearm_to_horizontal", "elevation of LWrist→LElbow"),
    ];

    private static readonly Vector3d Up = new(0, 1, 0);

    /// <summary>Angles for every frame: <c>result[angle][frame]</c>, in <see cref="Definitions"/> order; NaN where a marker is missing.</summary>
    public static double[][] Compute(TrcData trc)
    {
        ArgumentNullException.ThrowIfNull(trc);
        var m = new MarkerSet(trc);
        var result = new double[Definitions.Count][];
        for (int a = 0; a < result.Length; a++)
        {
            result[a] = new double[trc.FrameCount];
        }

        for (int f = 0; f < trc.FrameCount; f++)
        {
            Vector3d rHip = m.Get("RHip", f), lHip = m.Get("LHip", f), neck = m.Get("Neck", f);
            Vector3d midHip = 0.5 * (rHip + lHip);
            Vector3d right = rHip - lHip;
            Vector3d forward = Rotations.Cross(Up, right); // Y-up: up × right = forward (e.g. Y × Z = X)
            Vector3d down = midHip - neck;
            int i = 0;
            foreach (string s in new[] { "R", "L" })
            {
                result[i++][f] = Signed(down, m.Get($"{s}Knee", f) - m.Get($"{s}Hip", f), right);
            }

            i = 2;
            foreach (string s in new[] { "R", "L" })
            {
                result[i++][f] = -Signed(m.Get($"{s}Knee", f) - m.Get($"{s}Hip", f), m.Get($"{s}Ankle", f) - m.Get($"{s}Knee", f), right);
            }

            foreach (string s in new[] { "R", "L" })
            {
                result[i++][f] = Signed(m.Get($"{s}Ankle", f) - m.Get($"{s}Knee", f), m.Get($"{s}BigToe", f) - m.Get($"{s}Heel", f), right) - 90;
            }

            foreach (string s in new[] { "R", "L" })
            {
                double about = Signed(down, m.Get($"{s}Knee", f) - m.Get($"{s}Hip", f), forward);
                result[i++][f] = s == "R" ? -about : about;
            }

            foreach (string s in new[] { "R", "L" })
            {
                result[i++][f] = 180 - Between(m.Get($"{s}Shoulder", f) - m.Get($"{s}Elbow", f), m.Get($"{s}Wrist", f) - m.Get($"{s}Elbow", f));
            }

            foreach (string s in new[] { "R", "L" })
            {
                result[i++][f] = Between(m.Get($"{s}Elbow", f) - m.Get($"{s}Shoulder", f), down);
            }

            result[i++][f] = -Signed(Up, neck - midHip, right);
            result[i++][f] = PelvisRotation(right);
            foreach ((string from, string to) in new[] { ("Heel", "BigToe"), ("Ankle", "Knee"), ("Knee", "Hip") })
            {
                result[i++][f] = Elevation(m.Get("R" + to, f) - m.Get("R" + from, f));
                result[i++][f] = Elevation(m.Get("L" + to, f) - m.Get("L" + from, f));
            }

            result[i++][f] = Between(neck - midHip, Up);
            foreach ((string from, string to) in new[] { ("Elbow", "Shoulder"), ("Wrist", "Elbow") })
            {
                result[i++][f] = Elevation(m.Get("R" + to, f) - m.Get("R" + from, f));
                result[i++][f] = Elevation(m.Get("L" + to, f) - m.Get("L" + from, f));
            }
        }

        return result;
    }

    /// <summary>Signed angle (degrees) from <paramref name="a"/> to <paramref name="b"/> after projecting both on the plane normal to <paramref name="axis"/>; positive anticlockwise about the axis.</summary>
    public static double Signed(Vector3d a, Vector3d b, Vector3d axis)
    {
        Vector3d n = (1 / axis.Length) * axis;
        Vector3d pa = a - (Vector3d.Dot(a, n) * n), pb = b - (Vector3d.Dot(b, n) * n);
        return Math.Atan2(Vector3d.Dot(n, Rotations.Cross(pa, pb)), Vector3d.Dot(pa, pb)) * 180 / Math.PI;
    }

    private static double Between(Vector3d a, Vector3d b) =>
        Math.Acos(Math.Clamp(Vector3d.Dot(a, b) / (a.Length * b.Length), -1, 1)) * 180 / Math.PI;

    private static double Elevation(Vector3d v) => Math.Asin(Math.Clamp(Vector3d.Dot(v, Up) / v.Length, -1, 1)) * 180 / Math.PI;

    // A rotation θ about +Y takes +Z to (sin θ, 0, cos θ).
    private static double PelvisRotation(Vector3d right) => Math.Atan2(right.X, right.Z) * 180 / Math.PI;
}
