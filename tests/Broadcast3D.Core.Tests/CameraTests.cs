using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Core.Tests;

public sealed class CameraTests
{
    // cam_01 of the Pose2Sim demo (Calib_qualisys.toml) with the raw Qualisys distortion (Calib.qca.txt).
    private static readonly Camera Demo = new(
        "cam_01", 1088, 1920,
        new Matrix3d(1681.244873046875, 0, 532.97369384375, 0, 1681.075439453125, 948.137390140625, 0, 0, 1),
        LensDistortion.FromOpenCv([-0.046183, 0.139983, 0.000608, 0.00069], isFisheye: false),
        new Vector3d(1.6882754799999993, 1.0483220499999997, -0.41955852000000016),
        new Vector3d(0.3211048899999996, 0.9563320600000009, 2.8907130499999996));

    [Test]
    public void Rodrigues_RandomRotations_RoundTripWithin1e13()
    {
        var random = new Random(42);
        for (int i = 0; i < 1000; i++)
        {
            var axis = new Vector3d(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5);
            double angle = random.NextDouble() * 3.0; // below π: the vector is unique
            Vector3d r = (angle / axis.Length) * axis;

            Vector3d back = Rodrigues.FromMatrix(Rodrigues.ToMatrix(r));

            // acos is ill-conditioned as θ → π, in OpenCV's formula too: a few 1e-14 there.
            Assert.That((back - r).Length, Is.LessThan(1e-13), $"rotation {i}");
        }
    }

    [Test]
    public void Rodrigues_HalfTurnAndZero_FollowOpenCvSpecialCases()
    {
        Vector3d halfTurn = Rodrigues.FromMatrix(new Matrix3d(1, 0, 0, 0, -1, 0, 0, 0, -1));
        Vector3d zero = Rodrigues.FromMatrix(Matrix3d.Identity);

        Assert.Multiple(() =>
        {
            Assert.That((halfTurn - new Vector3d(Math.PI, 0, 0)).Length, Is.LessThan(1e-15));
            Assert.That(zero, Is.EqualTo(default(Vector3d)));
            Assert.That(Rodrigues.ToMatrix(default), Is.EqualTo(Matrix3d.Identity));
        });
    }

    [Test]
    public void ToMatrix_DemoRotation_IsOrthonormal()
    {
        Matrix3d r = Demo.Rotation;
        Matrix3d product = r * r.Transpose();
        Span<double> values = stackalloc double[9], identity = stackalloc double[9];
        product.CopyTo(values);
        Matrix3d.Identity.CopyTo(identity);
        for (int i = 0; i < 9; i++)
        {
            Assert.That(values[i], Is.EqualTo(identity[i]).Within(1e-15));
        }
    }

    [Test]
    public void ProjectionMatrix_Demo_AgreesWithPinholeProjection()
    {
        double[] p = Demo.ProjectionMatrix();
        var point = new Vector3d(0.1, -0.2, 1.1);

        double w = (p[8] * point.X) + (p[9] * point.Y) + (p[10] * point.Z) + p[11];
        double u = ((p[0] * point.X) + (p[1] * point.Y) + (p[2] * point.Z) + p[3]) / w;
        double v = ((p[4] * point.X) + (p[5] * point.Y) + (p[6] * point.Z) + p[7]) / w;
        (double pu, double pv) = Demo.ProjectPinhole(point);

        Assert.Multiple(() =>
        {
            Assert.That(u, Is.EqualTo(pu).Within(1e-9));
            Assert.That(v, Is.EqualTo(pv).Within(1e-9));
            Assert.That(pu, Is.InRange(0, 1088), "the demo athlete is in cam_01's picture");
            Assert.That(pv, Is.InRange(0, 1920));
        });
    }

    // Of the 500 seeded points (seed 1), those that land in the image: a change that pushes them out of view fails
    // instead of comparing nothing.
    private const int PointsInImage = 336;

    [Test]
    public void Undistort_ProjectedPointsAcrossTheImage_InvertsDistortionWithin1e9Pixels()
    {
        var random = new Random(1);
        int inImage = 0;
        for (int i = 0; i < 500; i++)
        {
            var point = new Vector3d((random.NextDouble() - 0.5) * 2, (random.NextDouble() - 0.5) * 2, random.NextDouble() * 2);
            (double du, double dv) = Demo.Project(point);
            if (du is < 0 or > 1088 || dv is < 0 or > 1920)
            {
                continue;
            }

            inImage++;
            (double u, double v) = Demo.Undistort(du, dv);
            (double pu, double pv) = Demo.ProjectPinhole(point);
            Assert.That(Math.Abs(u - pu) + Math.Abs(v - pv), Is.LessThan(1e-9), $"point {i}");
        }

        TestContext.Out.WriteLine($"{inImage} of 500 points inverted");
        Assert.That(inImage, Is.EqualTo(PointsInImage), "points that landed in the image (the others are not compared)");
    }

    [Test]
    public void Distort_OnTheXAxis_FollowsOpenCvRadialAndTangentialTerms()
    {
        var d = LensDistortion.FromOpenCv([-0.05, 0.1, 0.001, 0.002, 0.01], isFisheye: false);

        (double xd, double yd) = d.Distort(0.2, 0);

        // OpenCV: x(1 + k1r² + k2r⁴ + k3r⁶) + 2p1xy + p2(r² + 2x²), y(…) + p1(r² + 2y²) + 2p2xy, with y = 0, r² = x².
        double r2 = 0.04;
        Assert.Multiple(() =>
        {
            Assert.That(xd, Is.EqualTo((0.2 * (1 + (-0.05 * r2) + (0.1 * r2 * r2) + (0.01 * r2 * r2 * r2))) + (0.002 * 3 * r2)).Within(1e-16));
            Assert.That(yd, Is.EqualTo(0.001 * r2).Within(1e-18));
            Assert.That(d.Distort(0, 0), Is.EqualTo((0.0, 0.0)));
        });
    }

    [Test]
    public void PositionMetres_Demo_MapsToCameraOrigin()
    {
        Vector3d origin = Demo.WorldToCamera(Demo.PositionMetres);

        Assert.That(origin.Length, Is.LessThan(1e-15));
        Assert.That(Demo.PositionMetres.Length, Is.EqualTo(Demo.TranslationMetres.Length).Within(1e-12));
    }

    [Test]
    public void Constructor_MalformedIntrinsics_Throws()
    {
        var badK = new Matrix3d(1500, 0, 960, 0, 1500, 540, 0, 0, 2);

        var ex = Assert.Throws<ArgumentException>(() => _ = new Camera("c", 1920, 1080, badK, LensDistortion.None, default, default));

        Assert.That(ex!.Message, Does.Contain("'c'").And.Contain("intrinsic matrix"));
    }

    [Test]
    public void FromOpenCv_ThreeCoefficients_Throws()
    {
        Assert.Throws<ArgumentException>(() => LensDistortion.FromOpenCv([0.1, 0.2, 0.3], false));
    }

    [Test]
    public void Project_FisheyeCamera_IsRefused()
    {
        var fisheye = new Camera("f", 100, 100, new Matrix3d(50, 0, 50, 0, 50, 50, 0, 0, 1), LensDistortion.None with { IsFisheye = true }, default, new Vector3d(0, 0, 1));

        Assert.Throws<NotSupportedException>(() => fisheye.Project(default));
    }

    [Test]
    public void Calibration_DuplicateNames_Throws()
    {
        Assert.Throws<ArgumentException>(() => _ = new CameraRig([Demo, Demo]));
    }
}
