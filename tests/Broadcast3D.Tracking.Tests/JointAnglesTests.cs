using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Biomechanics;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Filtering;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Tests;

public sealed class JointAnglesTests
{
    internal static readonly string[] Names =
    [
        "RHip", "RKnee", "RAnkle", "RBigToe", "RHeel", "LHip", "LKnee", "LAnkle", "LBigToe", "LHeel",
        "Neck", "Head", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist",
    ];

    // A constructed athlete facing +X, Y up, right side on +Z: the zero pose with optional rotations of single segments.
    internal static TrcData Pose(double hipFlexion = 0, double kneeFlexion = 0, double ankleDorsi = 0, double abduction = 0, double elbow = 0, double lean = 0)
    {
        double r = Math.PI / 180;
        Vector3d rHip = new(0, 1, 0.1), lHip = new(0, 1, -0.1);
        Vector3d midHip = new(0, 1, 0);
        Vector3d neck = midHip + (0.5 * new Vector3d(Math.Sin(lean * r), Math.Cos(lean * r), 0));
        // Right leg in the sagittal plane (thigh rotated forward by hipFlexion), left leg abducted (to −Z).
        Vector3d thigh = 0.45 * new Vector3d(Math.Sin(hipFlexion * r), -Math.Cos(hipFlexion * r), 0);
        Vector3d rKnee = rHip + thigh;
        double shankAngle = (hipFlexion - kneeFlexion) * r;
        Vector3d rAnkle = rKnee + (0.42 * new Vector3d(Math.Sin(shankAngle), -Math.Cos(shankAngle), 0));
        double footAngle = shankAngle + ((90 + ankleDorsi) * r);
        Vector3d foot = 0.2 * new Vector3d(Math.Sin(footAngle), -Math.Cos(footAngle), 0);
        Vector3d rHeel = rAnkle - (0.25 * foot), rToe = rHeel + foot;
        Vector3d lKnee = lHip + (0.45 * new Vector3d(0, -Math.Cos(abduction * r), -Math.Sin(abduction * r)));
        Vector3d lAnkle = lKnee + new Vector3d(0, -0.42, 0);
        Vector3d lHeel = lAnkle + new Vector3d(-0.05, -0.05, 0), lToe = lHeel + new Vector3d(0.2, 0, 0);
        Vector3d rSh = neck + new Vector3d(0, -0.05, 0.18), lSh = neck + new Vector3d(0, -0.05, -0.18);
        Vector3d rEl = rSh + new Vector3d(0, -0.3, 0);
        Vector3d rWr = rEl + (0.25 * new Vector3d(Math.Sin(elbow * r), -Math.Cos(elbow * r), 0));
        Vector3d lEl = lSh + new Vector3d(0, -0.3, 0), lWr = lEl + new Vector3d(0, -0.25, 0);
        Vector3d[] p = [rHip, rKnee, rAnkle, rToe, rHeel, lHip, lKnee, lAnkle, lToe, lHeel, neck, neck + new Vector3d(0, 0.2, 0), rSh, rEl, rWr, lSh, lEl, lWr];
        return new TrcData(Names, 60, [1], [1 / 60.0], [.. p.SelectMany(v => new[] { v.X, v.Y, v.Z })]);
    }

    private static double Angle(TrcData trc, string name) =>
        JointAngles.Compute(trc)[JointAngles.Definitions.Select(d => d.Name).ToList().IndexOf(name)][0];

    [TestCase("right_hip_flexion", 30.0)]
    [TestCase("right_knee_flexion", 45.0)]
    [TestCase("right_ankle_dorsiflexion", 15.0)]
    [TestCase("left_hip_abduction", 20.0)]
    [TestCase("right_elbow_flexion", 60.0)]
    [TestCase("trunk_lean", 10.0)]
    public void Compute_ConstructedPose_GivesKnownAngleAndSign(string name, double degrees)
    {
        TrcData zero = Pose();
        TrcData posed = name switch
        {
            "right_hip_flexion" => Pose(hipFlexion: degrees),
            "right_knee_flexion" => Pose(kneeFlexion: degrees),
            "right_ankle_dorsiflexion" => Pose(ankleDorsi: degrees),
            "left_hip_abduction" => Pose(abduction: degrees),
            "right_elbow_flexion" => Pose(elbow: degrees),
            _ => Pose(lean: degrees),
        };

        Assert.Multiple(() =>
        {
            Assert.That(Angle(zero, name), Is.EqualTo(0).Within(1e-9), "zero pose");
            Assert.That(Angle(posed, name), Is.EqualTo(degrees).Within(1e-9), "positive direction");
        });
    }

    [Test]
    public void Compute_ZeroPose_SegmentsAndOtherAnglesAsDefined()
    {
        TrcData zero = Pose();

        Assert.Multiple(() =>
        {
            Assert.That(Angle(zero, "right_shank_to_horizontal"), Is.EqualTo(90).Within(1e-9));
            Assert.That(Angle(zero, "right_foot_to_horizontal"), Is.EqualTo(0).Within(1e-9));
            Assert.That(Angle(zero, "right_shoulder_elevation"), Is.EqualTo(0).Within(1e-9));
            Assert.That(Angle(zero, "pelvis_rotation"), Is.EqualTo(0).Within(1e-9));
            Assert.That(Angle(zero, "trunk_to_vertical"), Is.EqualTo(0).Within(1e-9));
        });
    }

    [Test]
    public void Compute_MissingKnee_GivesNaNNotZero()
    {
        TrcData posed = Pose(kneeFlexion: 30);
        posed.Coordinates[3] = double.NaN;

        Assert.That(Angle(posed, "right_knee_flexion"), Is.NaN);
    }

    [Test]
    public void Compute_OurTriangulationVsReferenceTrc_KneeAndHipFlexionAgree()
    {
        // Our triangulation of the trial's 2D (Butterworth 6 Hz) against the reference filtered TRC.
        string trial = SharedAssets.BalancingTrial;
        var calibration = CalibrationToml.Read(SharedAssets.CalibrationToml, LengthUnit.Auto, out _);
        TrialTriangulationResult ours = TrialTriangulation.Run(calibration, Path.Combine(trial, "pose-associated"),
            new TrialTriangulationOptions { FrameRate = 60, Filter = ButterworthFilter.FromPose2SimSettings(4, 6.0, 60) });
        TrcData reference = ReferenceTrials.ReferenceTrc(trial, "_0-100_filt_butterworth.trc");

        double[][] a = JointAngles.Compute(ours.Trc), b = JointAngles.Compute(reference);
        var names = JointAngles.Definitions.Select(d => d.Name).ToList();
        foreach (string name in new[] { "right_knee_flexion", "left_knee_flexion", "right_hip_flexion", "left_hip_flexion" })
        {
            int i = names.IndexOf(name);
            double[] d = [.. Enumerable.Range(0, a[i].Length).Select(f => a[i][f] - b[i][f]).Where(double.IsFinite)];
            double rmse = Math.Sqrt(d.Average(x => x * x));
            TestContext.Out.WriteLine($"{name}: RMSE {rmse:G3}°, median |Δ| {BvhReconstruction.Quantile([.. d.Select(Math.Abs)], 0.5):G3}° over {d.Length} frames");
            Assert.That(d, Has.Length.EqualTo(100));
            Assert.That(rmse, Is.LessThan(1e-12), name); // measured ≈ 1e-13°: the same algorithm and filter, float rounding only
        }
    }
}
