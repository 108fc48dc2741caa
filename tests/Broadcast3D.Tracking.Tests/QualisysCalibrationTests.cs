using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Tracking.Tests;

public sealed class QualisysCalibrationTests
{
    private static string QcaPath => SharedAssets.Data("pose2sim-demo/S00_Calibration/Calib.qca.txt");

    [Test]
    public void Read_DemoWithPose2SimDistortion_MatchesReferenceTomlWithin1e14()
    {
        CameraRig imported = QualisysCalibration.Read(QcaPath, QualisysDistortion.Pose2Sim);
        CameraRig reference = CalibrationToml.Read(SharedAssets.CalibrationToml);

        double max = MaxDifference(imported, reference, includeDistortion: true);
        TestContext.Out.WriteLine($"Qualisys (÷64) vs Calib_qualisys.toml: max |Δ| = {max:E3}");
        Assert.That(max, Is.LessThanOrEqualTo(1e-14), "measured 6.7e-16");
    }

    [Test]
    public void Read_DemoWithRawDistortion_KeepsQtmCoefficientsAndMatchesEverythingElse()
    {
        CameraRig imported = QualisysCalibration.Read(QcaPath);
        CameraRig reference = CalibrationToml.Read(SharedAssets.CalibrationToml);

        Assert.Multiple(() =>
        {
            Assert.That(MaxDifference(imported, reference, includeDistortion: false), Is.LessThanOrEqualTo(1e-14));
            // cam_01 in Calib.qca.txt: radialDistortion1 = -0.046183, tangentalDistortion2 = 0.00069.
            Assert.That(imported.Cameras[0].Distortion.K1, Is.EqualTo(-0.046183));
            Assert.That(imported.Cameras[0].Distortion.P2, Is.EqualTo(0.00069));
            Assert.That(reference.Cameras[0].Distortion.K1 * 64, Is.EqualTo(-0.046183).Within(1e-15));
        });
    }

    [Test]
    public void Read_MissingAttribute_NamesElementAndAttribute()
    {
        using var folder = new TempFolder();
        string text = File.ReadAllText(QcaPath).Replace("focalLengthU=", "focalLengthX=", StringComparison.Ordinal);
        string path = Path.Combine(folder.Path, "broken.qca.txt");
        File.WriteAllText(path, text);

        var ex = Assert.Throws<CalibrationFormatException>(() => QualisysCalibration.Read(path));
        Assert.That(ex!.Message, Does.Contain("broken.qca.txt").And.Contain("focalLengthU").And.Contain("<intrinsic>"));
    }

    internal static double MaxDifference(CameraRig a, CameraRig b, bool includeDistortion)
    {
        Assert.That(a.Cameras.Select(c => c.Name), Is.EqualTo(b.Cameras.Select(c => c.Name)));
        double max = 0;
        void Track(double x, double y) => max = Math.Max(max, Math.Abs(x - y));
        var kp = new double[9];
        var kq = new double[9];
        for (int i = 0; i < a.Count; i++)
        {
            Camera p = a.Cameras[i], q = b.Cameras[i];
            Track(p.ImageWidth, q.ImageWidth);
            Track(p.ImageHeight, q.ImageHeight);
            p.Intrinsics.CopyTo(kp);
            q.Intrinsics.CopyTo(kq);
            for (int k = 0; k < 9; k++)
            {
                Track(kp[k], kq[k]);
            }

            if (includeDistortion)
            {
                double[] dp = p.Distortion.ToOpenCv(), dq = q.Distortion.ToOpenCv();
                Assert.That(dp, Has.Length.EqualTo(dq.Length));
                for (int k = 0; k < dp.Length; k++)
                {
                    Track(dp[k], dq[k]);
                }
            }

            Track(p.RotationVector.X, q.RotationVector.X);
            Track(p.RotationVector.Y, q.RotationVector.Y);
            Track(p.RotationVector.Z, q.RotationVector.Z);
            Track(p.TranslationMetres.X, q.TranslationMetres.X);
            Track(p.TranslationMetres.Y, q.TranslationMetres.Y);
            Track(p.TranslationMetres.Z, q.TranslationMetres.Z);
        }

        return max;
    }
}
