using Broadcast3D.Calibration.Extrinsics;
using Broadcast3D.Calibration.Sync;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Tests;

/// <summary>Extrinsics from the athlete of the Balancing trial against the Qualisys calibration and reference TRC (issue #19).</summary>
public sealed class AthleteCalibrationTests
{
    private static string Pose2d => Path.Combine(SharedAssets.BalancingTrial, "pose-associated");

    [Test]
    public void Calibrate_BalancingTrial_CameraCentresAndTrialNearQualisys()
    {
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        TrcData reference = TrcFile.Read(Path.Combine(SharedAssets.BalancingTrial, "pose-3d", "S00_P00_T01_BalancingTrial_0-100.trc"));
        // The "tape measure": the reference's median right thigh (RHip-RKnee) length.
        double thigh = MedianDistance(reference, "RHip", "RKnee");
        var options = new AthleteCalibrationOptions { KnownDistance = KnownDistance.Parse(FormattableString.Invariant($"RHip-RKnee={thigh}")) };

        AthleteCalibrationResult result = AthleteCalibrator.Calibrate(qualisys, PoseSeries.ReadOpenPose(Pose2d), options, Pose2d);

        Similarity alignment = Similarity.Fit([.. result.Rig.Cameras.Select(c => c.PositionMetres)], [.. qualisys.Cameras.Select(c => c.PositionMetres)]);
        double[] centreErrors = [.. result.Rig.Cameras.Select((c, i) => (alignment.Apply(c.PositionMetres) - qualisys.Cameras[i].PositionMetres).Length)];
        TrcData ours = TrialTriangulation.Run(result.Rig, Pose2d, new TrialTriangulationOptions()).Trc;
        double[] trialErrors = TrialErrors(ours, reference, alignment);
        double median = Percentile(trialErrors, 0.5), p90 = Percentile(trialErrors, 0.9);
        TestContext.Out.WriteLine($"RMS per camera {string.Join(", ", result.RmsPixels.Select(r => r.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))} px, inliers {string.Join(", ", result.InlierShare.Select(s => s.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))}, {result.Points} points");
        TestContext.Out.WriteLine($"similarity scale {alignment.Scale:F4} (1 = our metric scale is Qualisys'), camera centres after alignment: {string.Join(", ", centreErrors.Select(e => $"{100 * e:F1}"))} cm");
        TestContext.Out.WriteLine($"trial vs reference TRC after the same alignment: median {1000 * median:F1} mm, p90 {1000 * p90:F1} mm over {trialErrors.Length} marker positions");
        Vector3d ourUp = alignment.Rotation * new Vector3d(0, 0, 1);
        double tilt = Math.Acos(Math.Clamp(ourUp.Z, -1, 1)) * 180 / Math.PI;
        TestContext.Out.WriteLine($"floor tilt vs Qualisys {tilt:F1}°; camera heights {string.Join(", ", result.Rig.Cameras.Select(c => c.PositionMetres.Z.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))} m (Qualisys {string.Join(", ", qualisys.Cameras.Select(c => c.PositionMetres.Z.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))})");

        // Measured 2.3-4.0 cm, 33.3 / 58.4 mm and 11.9° on the 2-core VM with the bundle adjustment (docs/calib2.md):
        // the issue's aim of 2 cm and 20 mm is not reached on 100 frames of balancing; these bounds catch a regression.
        Assert.Multiple(() =>
        {
            Assert.That(centreErrors, Is.All.LessThan(0.05), "camera centres, m");
            Assert.That(median, Is.LessThan(0.04), "trial median, m");
            Assert.That(p90, Is.LessThan(0.07), "trial p90, m");
            Assert.That(alignment.Scale, Is.EqualTo(1).Within(0.05), "metric scale from the known distance");
            Assert.That(tilt, Is.LessThan(20), "floor from the feet, degrees");
        });
    }

    [Test]
    public void Calibrate_KnownHeight_ScaleMatchesQualisys()
    {
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        TrcData reference = TrcFile.Read(Path.Combine(SharedAssets.BalancingTrial, "pose-3d", "S00_P00_T01_BalancingTrial_0-100.trc"));
        // The athlete's "measured" height: the same statistic on the reference TRC (Y up there), so a scale of 1
        // means the height was turned into the scale correctly.
        double height = StandingHeight(reference);
        var options = new AthleteCalibrationOptions { KnownHeight = height };

        AthleteCalibrationResult result = AthleteCalibrator.Calibrate(qualisys, PoseSeries.ReadOpenPose(Pose2d), options, Pose2d);

        Similarity alignment = Similarity.Fit([.. result.Rig.Cameras.Select(c => c.PositionMetres)], [.. qualisys.Cameras.Select(c => c.PositionMetres)]);
        TestContext.Out.WriteLine($"height {height:F3} m from the reference; similarity scale {alignment.Scale:F4}");
        Assert.That(alignment.Scale, Is.EqualTo(1).Within(0.05), "metric scale from the known height");
    }

    [Test]
    public void Calibrate_SyntheticWalkThroughQualisysCameras_RecoversCameraCentres()
    {
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        (IReadOnlyList<PoseSeries> poses, double thigh) = SyntheticWalk(qualisys, frames: 200, noisePixels: 1.0);
        var options = new AthleteCalibrationOptions { KnownDistance = new KnownDistance(12, 14, thigh) };

        AthleteCalibrationResult result = AthleteCalibrator.Calibrate(qualisys, poses, options, "synthetic walk");

        Similarity alignment = Similarity.Fit([.. result.Rig.Cameras.Select(c => c.PositionMetres)], [.. qualisys.Cameras.Select(c => c.PositionMetres)]);
        double[] centreErrors = [.. result.Rig.Cameras.Select((c, i) => (alignment.Apply(c.PositionMetres) - qualisys.Cameras[i].PositionMetres).Length)];
        Vector3d ourUp = alignment.Rotation * new Vector3d(0, 0, 1);
        double tilt = Math.Acos(Math.Clamp(ourUp.Z, -1, 1)) * 180 / Math.PI;
        TestContext.Out.WriteLine($"synthetic: centres {string.Join(", ", centreErrors.Select(e => $"{100 * e:F2}"))} cm, scale {alignment.Scale:F4}, floor tilt {tilt:F2}°, RMS {string.Join(", ", result.RmsPixels.Select(r => r.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))} px");
        Assert.Multiple(() =>
        {
            Assert.That(centreErrors, Is.All.LessThan(0.01), "camera centres, m");
            Assert.That(alignment.Scale, Is.EqualTo(1).Within(0.01), "metric scale");
            Assert.That(tilt, Is.LessThan(2), "floor from feet walking over a flat floor, degrees");
            Assert.That(result.RmsPixels, Is.All.LessThan(1.6), "reprojection of 1 px noise, px");
        });
    }

    [Test]
    public void Calibrate_DistanceAndHeightBoth_Throws()
    {
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        var options = new AthleteCalibrationOptions { KnownHeight = 1.8, KnownDistance = new KnownDistance(12, 14, 0.4) };
        var ex = Assert.Throws<ArgumentException>(() => AthleteCalibrator.Calibrate(qualisys, PoseSeries.ReadOpenPose(Pose2d), options, Pose2d));
        Assert.That(ex!.Message, Does.Contain("not both"));
    }

    [Test]
    public void Calibrate_StaticTrial_ThrowsSayingToFilmMotion()
    {
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        string pose2d = Path.Combine(SharedAssets.StaticTrial, "pose-associated");
        var ex = Assert.Throws<InputFormatException>(() => AthleteCalibrator.Calibrate(qualisys, PoseSeries.ReadOpenPose(pose2d), null, pose2d));
        Assert.That(ex!.Message, Does.Contain(pose2d).And.Contain("film the athlete"));
    }

    [Test]
    public void Calibrate_CameraCountDiffers_ThrowsNamingBoth()
    {
        CameraRig qualisys = CalibrationToml.Read(SharedAssets.CalibrationToml);
        IReadOnlyList<PoseSeries> three = [.. PoseSeries.ReadOpenPose(Pose2d).Take(3)];
        var ex = Assert.Throws<InputFormatException>(() => AthleteCalibrator.Calibrate(qualisys, three, null, Pose2d));
        Assert.That(ex!.Message, Does.Contain("3 camera folder(s) but the intrinsics have 4 cameras"));
    }

    [TestCase("RKnee-RAnkle=0.42", 14, 16, 0.42)]
    [TestCase("lhip-LKNEE=0.4", 11, 13, 0.4)]
    public void Parse_KnownDistance_ReadsKeypointsAndMetres(string text, int from, int to, double metres) =>
        Assert.That(KnownDistance.Parse(text), Is.EqualTo(new KnownDistance(from, to, metres)));

    [TestCase("RKnee=0.42", "give A-B=METRES")]
    [TestCase("RKnee-Tail=0.42", "unknown keypoint 'Tail'")]
    [TestCase("RKnee-RAnkle=42", "must be in metres")]
    public void Parse_BadKnownDistance_ThrowsSayingWhy(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => KnownDistance.Parse(text));
        Assert.That(ex!.Message, Does.Contain(expected));
    }

    /// <summary>
    /// An "athlete" of 25 keypoints (a stiff body 1.7 m tall, feet on the floor) walking a 1.5 m circle and turning
    /// with it, seen through the Qualisys cameras (lens distortion included) with Gaussian pixel noise. Returns the
    /// 2D per camera and the RHip–RKnee distance.
    /// </summary>
    private static (IReadOnlyList<PoseSeries> Poses, double Thigh) SyntheticWalk(CameraRig rig, int frames, double noisePixels)
    {
        var random = new Random(19);
        // Body frame: x forward, y left, z up, metres; feet (19-24) on z = 0, head top (18) at 1.7 m.
        var body = new Vector3d[25];
        for (int k = 0; k < 25; k++)
        {
            body[k] = new Vector3d((random.NextDouble() - 0.5) * 0.3, (random.NextDouble() - 0.5) * 0.5, 0.1 + (random.NextDouble() * 1.5));
        }

        body[12] = new Vector3d(0, -0.1, 0.95);
        body[14] = new Vector3d(0.02, -0.1, 0.5);
        body[18] = new Vector3d(0, 0, 1.7);
        double[] footX = [0.15, 0.12, -0.08];
        for (int k = 19; k < 25; k++)
        {
            body[k] = new Vector3d(footX[(k - 19) % 3], k < 22 ? 0.1 : -0.1, 0);
        }

        Vector3d centre = default;
        foreach (Camera c in rig.Cameras)
        {
            centre += c.PositionMetres;
        }

        centre = (1.0 / rig.Count) * centre;
        var series = rig.Cameras.Select(_ => new double[]?[frames]).ToArray();
        for (int f = 0; f < frames; f++)
        {
            double a = 2 * Math.PI * f / frames;
            double heading = a + (Math.PI / 2);
            var at = new Vector3d(centre.X + (1.5 * Math.Cos(a)), centre.Y + (1.5 * Math.Sin(a)), 0);
            for (int c = 0; c < rig.Count; c++)
            {
                var keypoints = new double[75];
                for (int k = 0; k < 25; k++)
                {
                    Vector3d b = body[k];
                    var world = new Vector3d(at.X + (b.X * Math.Cos(heading)) - (b.Y * Math.Sin(heading)), at.Y + (b.X * Math.Sin(heading)) + (b.Y * Math.Cos(heading)), b.Z);
                    (double u, double v) = rig.Cameras[c].Project(world);
                    keypoints[3 * k] = u + (noisePixels * Gaussian(random));
                    keypoints[(3 * k) + 1] = v + (noisePixels * Gaussian(random));
                    keypoints[(3 * k) + 2] = 0.9;
                }

                series[c][f] = keypoints;
            }
        }

        return ([.. series.Select((s, c) => new PoseSeries(rig.Cameras[c].Name, s))], (body[12] - body[14]).Length);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>The 95th percentile over frames of Head's height above the frame's lowest foot marker (TRC: Y up).</summary>
    private static double StandingHeight(TrcData trc)
    {
        var names = trc.MarkerNames.ToList();
        int head = names.IndexOf("Head");
        int[] feet = [.. new[] { "RBigToe", "RSmallToe", "RHeel", "LBigToe", "LSmallToe", "LHeel" }.Select(n => names.IndexOf(n))];
        var heights = new List<double>();
        for (int f = 0; f < trc.FrameCount; f++)
        {
            double lowest = feet.Select(k => trc[f, k, 1]).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();
            double h = trc[f, head, 1] - lowest;
            if (double.IsFinite(h))
            {
                heights.Add(h);
            }
        }

        return Percentile([.. heights], 0.95);
    }

    private static double[] TrialErrors(TrcData ours, TrcData reference, Similarity alignment)
    {
        double[] a = ours.ToWorldZUp(), b = reference.ToWorldZUp();
        var errors = new List<double>();
        for (int i = 0; i < a.Length; i += 3)
        {
            var p = new Vector3d(a[i], a[i + 1], a[i + 2]);
            var q = new Vector3d(b[i], b[i + 1], b[i + 2]);
            if (double.IsFinite(p.Length) && double.IsFinite(q.Length) && p.Length > 0 && q.Length > 0)
            {
                errors.Add((alignment.Apply(p) - q).Length);
            }
        }

        return [.. errors];
    }

    private static double MedianDistance(TrcData trc, string a, string b)
    {
        int ia = trc.MarkerNames.ToList().IndexOf(a), ib = trc.MarkerNames.ToList().IndexOf(b);
        var d = new List<double>();
        for (int f = 0; f < trc.FrameCount; f++)
        {
            double dx = trc[f, ia, 0] - trc[f, ib, 0], dy = trc[f, ia, 1] - trc[f, ib, 1], dz = trc[f, ia, 2] - trc[f, ib, 2];
            double length = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
            if (double.IsFinite(length))
            {
                d.Add(length);
            }
        }

        return Percentile([.. d], 0.5);
    }

    private static double Percentile(double[] values, double q)
    {
        double[] sorted = [.. values.Order()];
        return sorted[(int)Math.Round(q * (sorted.Length - 1))];
    }
}
