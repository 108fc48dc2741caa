using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;
using OpenCvSharp;

namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>
/// The state of <see cref="AthleteCalibrator"/>: undistorted observations (pixels, NaN when unseen) per camera and
/// point (frame × keypoint), camera poses, triangulated points and inlier flags. Not thread-safe; one per call.
/// </summary>
internal sealed class Model
{
    private readonly double[][] _observations;
    private readonly double[][] _confidence;
    private readonly bool[][] _inlier;
    private readonly double[] _points;

    public Model(CameraRig intrinsics, double[][] observations, double[][] confidence, int points)
    {
        Intrinsics = intrinsics;
        K = [.. intrinsics.Cameras.Select(c => c.Intrinsics)];
        _observations = observations;
        _confidence = confidence;
        PointCount = points;
        int cameras = intrinsics.Count;
        Rotation = new Matrix3d[cameras];
        Translation = new Vector3d[cameras];
        Registered = new bool[cameras];
        Array.Fill(Rotation, Matrix3d.Identity);
        Registered[0] = true;
        _points = new double[points * 3];
        Array.Fill(_points, double.NaN);
        _inlier = [.. observations.Select(o => Enumerable.Range(0, points).Select(p => double.IsFinite(o[2 * p])).ToArray())];
    }

    public CameraRig Intrinsics { get; }

    /// <summary>Each camera's K: the intrinsics' until a bundle adjustment refines the focal lengths.</summary>
    public Matrix3d[] K { get; }

    public int PointCount { get; }

    public Matrix3d[] Rotation { get; }

    public Vector3d[] Translation { get; }

    public bool[] Registered { get; }

    public int TriangulatedCount => Enumerable.Range(0, PointCount).Count(p => double.IsFinite(_points[3 * p]));

    public bool Seen(int camera, int point) => double.IsFinite(_observations[camera][2 * point]);

    public int Shared(int a, int b) => Enumerable.Range(0, PointCount).Count(p => Seen(a, p) && Seen(b, p));

    public int SharedWithPoints(int camera) => Enumerable.Range(0, PointCount).Count(p => Seen(camera, p) && double.IsFinite(_points[3 * p]));

    public Point2d Normalised(int camera, int point)
    {
        Matrix3d k = K[camera];
        double y = (_observations[camera][(2 * point) + 1] - k.M12) / k.M11;
        return new Point2d((_observations[camera][2 * point] - k.M02 - (k.M01 * y)) / k.M00, y);
    }

    /// <summary>
    /// Triangulates every point seen by two or more registered cameras (linear least squares over its inlier
    /// views), then flags as outliers the observations reprojecting beyond <paramref name="threshold"/> pixels and
    /// triangulates once more without them.
    /// </summary>
    public void Triangulate(IReadOnlyList<int> registered, double threshold)
    {
        for (int c = 0; c < _inlier.Length; c++)
        {
            for (int p = 0; p < PointCount; p++)
            {
                _inlier[c][p] = Seen(c, p);
            }
        }

        for (int pass = 0; pass < 2; pass++)
        {
            for (int p = 0; p < PointCount; p++)
            {
                Vector3d? x = Solve(registered, p);
                _points[3 * p] = x?.X ?? double.NaN;
                _points[(3 * p) + 1] = x?.Y ?? double.NaN;
                _points[(3 * p) + 2] = x?.Z ?? double.NaN;
                if (x is null || pass == 1)
                {
                    continue;
                }

                foreach (int c in registered)
                {
                    if (_inlier[c][p] && Error(c, p, x.Value) > threshold)
                    {
                        _inlier[c][p] = false;
                    }
                }
            }
        }
    }

    /// <summary>Poses camera <paramref name="camera"/> on the triangulated points it sees (PnP RANSAC, then iterative PnP on all of them).</summary>
    public void Resect(int camera, double threshold)
    {
        var world = new List<Point3d>();
        var image = new List<Point2d>();
        for (int p = 0; p < PointCount; p++)
        {
            if (Seen(camera, p) && double.IsFinite(_points[3 * p]))
            {
                world.Add(new Point3d(_points[3 * p], _points[(3 * p) + 1], _points[(3 * p) + 2]));
                image.Add(new Point2d(_observations[camera][2 * p], _observations[camera][(2 * p) + 1]));
            }
        }

        if (world.Count < 6)
        {
            return;
        }

        Matrix3d k = K[camera];
        double[,] kArray = { { k.M00, k.M01, k.M02 }, { k.M10, k.M11, k.M12 }, { 0, 0, 1 } };
        using var objectPoints = Mat.FromArray(world);
        using var imagePoints = Mat.FromArray(image);
        using var kMat = Mat.FromArray(kArray);
        using var distortion = new Mat();
        Vector3d rv = Registered[camera] ? Rodrigues.FromMatrix(Rotation[camera]) : default;
        Vector3d tv = Translation[camera];
        using var rvec = Mat.FromArray(new[] { rv.X, rv.Y, rv.Z });
        using var tvec = Mat.FromArray(new[] { tv.X, tv.Y, tv.Z });
        Cv2.SolvePnPRansac(objectPoints, imagePoints, kMat, distortion, rvec, tvec, false, 1000, (float)threshold, 0.999, null, SolvePnPMethod.EPNP);
        Cv2.SolvePnP(objectPoints, imagePoints, kMat, distortion, rvec, tvec, true, SolvePnPMethod.Iterative);
        Rotation[camera] = Rodrigues.ToMatrix(new Vector3d(rvec.At<double>(0), rvec.At<double>(1), rvec.At<double>(2)));
        Translation[camera] = new Vector3d(tvec.At<double>(0), tvec.At<double>(1), tvec.At<double>(2));
        Registered[camera] = true;
    }

    /// <summary>
    /// Joint bundle adjustment (<see cref="BundleAdjuster"/>) over the registered cameras and every triangulated
    /// point, on the inlier observations weighted by their confidence; then the inliers are flagged again at
    /// <paramref name="threshold"/> pixels against the adjusted points and cameras, and points left with fewer than
    /// two inlier views are dropped.
    /// </summary>
    public void Adjust(double threshold, double robustPixels, bool refineFocal, int maxIterations)
    {
        var observations = new List<(int, int, double, double, double)>();
        for (int p = 0; p < PointCount; p++)
        {
            if (!double.IsFinite(_points[3 * p]))
            {
                continue;
            }

            for (int c = 0; c < _observations.Length; c++)
            {
                if (Registered[c] && _inlier[c][p])
                {
                    observations.Add((c, p, _observations[c][2 * p], _observations[c][(2 * p) + 1], _confidence[c][p]));
                }
            }
        }

        var adjuster = new BundleAdjuster(Rotation, Translation, K, _points, observations, robustPixels, refineFocal);
        adjuster.Solve(maxIterations);
        for (int p = 0; p < PointCount; p++)
        {
            if (Point(p) is not Vector3d x)
            {
                continue;
            }

            int views = 0;
            for (int c = 0; c < _observations.Length; c++)
            {
                _inlier[c][p] = Registered[c] && Seen(c, p) && Error(c, p, x) <= threshold;
                views += _inlier[c][p] ? 1 : 0;
            }

            if (views < 2)
            {
                _points[3 * p] = _points[(3 * p) + 1] = _points[(3 * p) + 2] = double.NaN;
            }
        }
    }

    /// <summary>Median over frames of the distance between keypoints <paramref name="a"/> and <paramref name="b"/>.</summary>
    public double MedianDistance(int a, int b, int keypoints)
    {
        var distances = new List<double>();
        for (int f = 0; f < PointCount / keypoints; f++)
        {
            Vector3d? pa = Point((f * keypoints) + a), pb = Point((f * keypoints) + b);
            if (pa is Vector3d x && pb is Vector3d y)
            {
                distances.Add((x - y).Length);
            }
        }

        return distances.Count == 0 ? double.NaN : Median(distances);
    }

    /// <summary>
    /// The 95th percentile over frames of the height of keypoint <paramref name="head"/> above the frame's lowest
    /// <paramref name="feet"/> keypoint along <paramref name="up"/> (unit vector), model units; NaN when no frame
    /// has both. A high percentile, not the median: an athlete crouches or leans more often than stands taller.
    /// </summary>
    public double StandingHeight(int head, int[] feet, Vector3d up, int keypoints)
    {
        var heights = new List<double>();
        for (int f = 0; f < PointCount / keypoints; f++)
        {
            if (Point((f * keypoints) + head) is not Vector3d top)
            {
                continue;
            }

            double lowest = double.PositiveInfinity;
            foreach (int k in feet)
            {
                if (Point((f * keypoints) + k) is Vector3d p)
                {
                    lowest = Math.Min(lowest, Vector3d.Dot(p, up));
                }
            }

            if (double.IsFinite(lowest))
            {
                heights.Add(Vector3d.Dot(top, up) - lowest);
            }
        }

        return heights.Count == 0 ? double.NaN : Percentile([.. heights], 0.95);
    }

    /// <summary>
    /// The floor from the feet: "up" is the mean direction from the feet to the neck (or, in frames without a neck
    /// keypoint, as from 2D models that have none, the middle of the shoulders); the lowest quarter of the
    /// foot keypoints along it (the feet on the ground) are the floor. When they spread over more than half a body
    /// length (the athlete moved around) the floor's normal is their smallest principal axis (a plane fit);
    /// otherwise the feet stayed on a patch too small to tilt a plane on, and the normal is the mean body axis
    /// (athletes stand upright on average). Returns Q (rows: x, y, z axes of the new world in the current one) and
    /// the origin (the ground feet's centroid). X is camera 0's viewing direction laid on the floor.
    /// </summary>
    public (Matrix3d Rotation, Vector3d Origin) Floor(int[] feet, int neck, (int Left, int Right) shoulders, int keypoints, string source)
    {
        var foot = new List<Vector3d>();
        var bodyLengths = new List<double>();
        Vector3d up = default;
        for (int f = 0; f < PointCount / keypoints; f++)
        {
            Vector3d? n = Point((f * keypoints) + neck);
            if (n is null && Point((f * keypoints) + shoulders.Left) is Vector3d l && Point((f * keypoints) + shoulders.Right) is Vector3d r)
            {
                n = 0.5 * (l + r);
            }

            foreach (int k in feet)
            {
                if (Point((f * keypoints) + k) is Vector3d p)
                {
                    foot.Add(p);
                    if (n is Vector3d nv)
                    {
                        up += nv - p;
                        bodyLengths.Add((nv - p).Length);
                    }
                }
            }
        }

        if (foot.Count < 20 || up.Length == 0)
        {
            throw new InputFormatException(source, "too few feet and neck (or shoulder) keypoints were triangulated to find the floor; film the athlete's whole body, feet included, in every camera");
        }

        up = (1 / up.Length) * up;
        double[] heights = [.. foot.Select(p => Vector3d.Dot(p, up))];
        double cut = Percentile(heights, 0.25);
        Vector3d[] ground = [.. foot.Where(p => Vector3d.Dot(p, up) <= cut)];
        Vector3d centroid = default;
        foreach (Vector3d p in ground)
        {
            centroid += p;
        }

        centroid = (1.0 / ground.Length) * centroid;
        double[,] scatter = new double[3, 3];
        foreach (Vector3d p in ground)
        {
            Vector3d d = p - centroid;
            double[] v = [d.X, d.Y, d.Z];
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    scatter[i, j] += v[i] * v[j];
                }
            }
        }

        using var scatterMat = Mat.FromArray(scatter);
        using var values = new Mat();
        using var vectors = new Mat();
        Cv2.Eigen(scatterMat, values, vectors);
        // Eigenvalues come in descending order: the last vector is the plane's normal.
        double spread = Math.Sqrt(Math.Max(0, values.At<double>(1)) / ground.Length);
        var z = spread > 0.5 * Median(bodyLengths)
            ? new Vector3d(vectors.At<double>(2, 0), vectors.At<double>(2, 1), vectors.At<double>(2, 2))
            : up;
        if (Vector3d.Dot(z, up) < 0)
        {
            z = -z;
        }

        // Camera 0 looks along the third row of its rotation (its +Z axis in the world).
        Matrix3d r0 = Rotation[0];
        var view = new Vector3d(r0.M20, r0.M21, r0.M22);
        Vector3d x = view - (Vector3d.Dot(view, z) * z);
        x = (1 / x.Length) * x;
        Vector3d y = Cross(z, x);
        Vector3d origin = centroid;
        return (new Matrix3d(x.X, x.Y, x.Z, y.X, y.Y, y.Z, z.X, z.Y, z.Z), origin);
    }

    /// <summary>Per camera the RMS reprojection error over its inlier observations, pixels, and the inlier share.</summary>
    public (double[] Rms, double[] Share) Errors()
    {
        int cameras = _observations.Length;
        var rms = new double[cameras];
        var share = new double[cameras];
        for (int c = 0; c < cameras; c++)
        {
            double sum = 0;
            int inliers = 0, seen = 0;
            for (int p = 0; p < PointCount; p++)
            {
                if (!Seen(c, p) || Point(p) is not Vector3d x)
                {
                    continue;
                }

                seen++;
                if (_inlier[c][p])
                {
                    double e = Error(c, p, x);
                    sum += e * e;
                    inliers++;
                }
            }

            rms[c] = inliers > 0 ? Math.Sqrt(sum / inliers) : double.NaN;
            share[c] = seen > 0 ? inliers / (double)seen : 0;
        }

        return (rms, share);
    }

    private Vector3d? Point(int p) => double.IsFinite(_points[3 * p]) ? new Vector3d(_points[3 * p], _points[(3 * p) + 1], _points[(3 * p) + 2]) : null;

    private double Error(int camera, int point, Vector3d x)
    {
        Vector3d c = (Rotation[camera] * x) + Translation[camera];
        if (c.Z <= 0)
        {
            return double.PositiveInfinity;
        }

        Matrix3d k = K[camera];
        double u = (k.M00 * c.X / c.Z) + (k.M01 * c.Y / c.Z) + k.M02, v = (k.M11 * c.Y / c.Z) + k.M12;
        double du = u - _observations[camera][2 * point], dv = v - _observations[camera][(2 * point) + 1];
        return Math.Sqrt((du * du) + (dv * dv));
    }

    /// <summary>Linear triangulation in normalised coordinates over the inlier views of registered cameras.</summary>
    private Vector3d? Solve(IReadOnlyList<int> registered, int p)
    {
        Span<double> ata = stackalloc double[9];
        Span<double> atb = stackalloc double[3];
        ata.Clear();
        atb.Clear();
        int views = 0;
        foreach (int c in registered)
        {
            if (!_inlier[c][p])
            {
                continue;
            }

            Point2d n = Normalised(c, p);
            Matrix3d r = Rotation[c];
            Vector3d t = Translation[c];
            // x·(r2·X + t2) − (r0·X + t0) = 0 and y·(r2·X + t2) − (r1·X + t1) = 0.
            AddRow(ata, atb, (n.X * r.M20) - r.M00, (n.X * r.M21) - r.M01, (n.X * r.M22) - r.M02, t.X - (n.X * t.Z));
            AddRow(ata, atb, (n.Y * r.M20) - r.M10, (n.Y * r.M21) - r.M11, (n.Y * r.M22) - r.M12, t.Y - (n.Y * t.Z));
            views++;
        }

        if (views < 2)
        {
            return null;
        }

        var m = new Matrix3d(ata[0], ata[1], ata[2], ata[3], ata[4], ata[5], ata[6], ata[7], ata[8]);
        double det = (m.M00 * ((m.M11 * m.M22) - (m.M12 * m.M21))) - (m.M01 * ((m.M10 * m.M22) - (m.M12 * m.M20))) + (m.M02 * ((m.M10 * m.M21) - (m.M11 * m.M20)));
        if (Math.Abs(det) < 1e-12)
        {
            return null;
        }

        // Cramer's rule on the 3×3 normal equations.
        double x = Det(atb[0], m.M01, m.M02, atb[1], m.M11, m.M12, atb[2], m.M21, m.M22) / det;
        double y = Det(m.M00, atb[0], m.M02, m.M10, atb[1], m.M12, m.M20, atb[2], m.M22) / det;
        double z = Det(m.M00, m.M01, atb[0], m.M10, m.M11, atb[1], m.M20, m.M21, atb[2]) / det;
        return new Vector3d(x, y, z);
    }

    private static void AddRow(Span<double> ata, Span<double> atb, double a0, double a1, double a2, double b)
    {
        Span<double> a = [a0, a1, a2];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                ata[(3 * i) + j] += a[i] * a[j];
            }

            atb[i] += a[i] * b;
        }
    }

    private static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));

    private static Vector3d Cross(Vector3d a, Vector3d b) => new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    private static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[(n / 2) - 1] + values[n / 2]);
    }

    private static double Percentile(double[] values, double q)
    {
        double[] sorted = [.. values.Order()];
        return sorted[(int)Math.Clamp(q * (sorted.Length - 1), 0, sorted.Length - 1)];
    }
}
