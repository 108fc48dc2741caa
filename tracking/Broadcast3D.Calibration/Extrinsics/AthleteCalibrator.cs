using System.Globalization;
using Broadcast3D.Calibration.Sync;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;
using OpenCvSharp;

namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>
/// Extrinsic calibration from the athletes themselves: with known intrinsics, the synchronised 2D keypoints of
/// people moving through the volume are the correspondences. Camera 0 and the camera sharing most keypoints with it
/// are related by an essential matrix (RANSAC, OpenCV); every further camera is chained on by PnP (RANSAC) against
/// the points triangulated so far; then rounds of triangulation (inliers within the threshold) and a joint bundle
/// adjustment over poses and points (<see cref="BundleAdjuster"/>). Metric scale from a known keypoint distance or
/// the athlete's height; floor (z = 0, Z up) from the feet's lowest positions. Stateless, thread-safe.
/// </summary>
public static class AthleteCalibrator
{
    private static readonly int[] Feet = [19, 20, 21, 22, 23, 24];
    private const int Neck = 17;
    private static readonly (int, int) Shoulders = (5, 6);
    private const int Head = 18;

    /// <summary>Poses the cameras of <paramref name="intrinsics"/> from <paramref name="poses"/>.</summary>
    /// <param name="intrinsics">K and distortion per camera (poses ignored), in the order of the 2D folders.</param>
    /// <param name="poses">Each camera's BODY_25B keypoints, synchronised, same frame count.</param>
    /// <param name="options">Settings; null = defaults.</param>
    /// <param name="source">The 2D folder, named in errors.</param>
    /// <exception cref="InputFormatException">Camera counts or frame counts differ, a camera shares too few
    /// keypoints with the others, or the motion is degenerate: the message says what to capture instead.</exception>
    /// <exception cref="ArgumentException">Both a known distance and a known height, or a height outside 0.5–2.5 m.</exception>
    public static AthleteCalibrationResult Calibrate(CameraRig intrinsics, IReadOnlyList<PoseSeries> poses, AthleteCalibrationOptions? options, string source)
    {
        ArgumentNullException.ThrowIfNull(intrinsics);
        ArgumentNullException.ThrowIfNull(poses);
        options ??= new AthleteCalibrationOptions();
        if (options.KnownDistance is not null && options.KnownHeight is not null)
        {
            throw new ArgumentException("give either a known distance or a known height for the metric scale, not both", nameof(options));
        }

        if (options.KnownHeight is double h && !(h >= 0.5 && h <= 2.5))
        {
            throw new ArgumentException($"a known height of {h} m: give the athlete's standing height in metres, 0.5 to 2.5", nameof(options));
        }

        int cameras = intrinsics.Count;
        if (poses.Count != cameras)
        {
            throw new InputFormatException(source, $"{poses.Count} camera folder(s) but the intrinsics have {cameras} cameras; give one 2D folder per camera, in calibration order");
        }

        if (cameras < 2)
        {
            throw new InputFormatException(source, "one camera: extrinsics need two or more cameras filming the same athlete");
        }

        int frames = poses[0].Frames.Count;
        if (poses.Any(p => p.Frames.Count != frames))
        {
            throw new InputFormatException(source, "the cameras hold different frame counts; synchronise them first (b3d sync) and give the same frames to every camera");
        }

        int together = Enumerable.Range(0, frames).Count(f => poses.Count(p => p.Frames[f] is not null) >= 2);
        if (together < options.MinFrames)
        {
            throw new InputFormatException(source,
                $"the athlete is seen by two or more cameras in only {together} frames (at least {options.MinFrames} needed); film the athlete moving through the volume for several seconds");
        }

        // A still athlete is one rigid pose: a handful of points, too few depths for a pose per camera.
        foreach (PoseSeries pose in poses)
        {
            _ = MotionSync.Signals(pose, options.FrameRate, new SyncOptions(), source);
        }

        const int keypoints = 25;
        int points = frames * keypoints;
        (double[][] u, double[][] confidence) = Undistorted(intrinsics, poses, options.LikelihoodThreshold, points, keypoints);
        var model = new Model(intrinsics, u, confidence, points);

        // Initial pair: camera 0 and the camera seeing most of what camera 0 sees.
        int partner = Enumerable.Range(1, cameras - 1).MaxBy(c => model.Shared(0, c));
        if (model.Shared(0, partner) < options.MinSharedPoints)
        {
            throw new InputFormatException(source,
                $"{intrinsics.Cameras[0].Name} shares at most {model.Shared(0, partner)} keypoints with another camera (at least {options.MinSharedPoints} needed); film the athlete moving through the part of the volume every camera sees, for several seconds");
        }

        InitialPair(model, partner, options, source);
        var registered = new List<int> { 0, partner };
        while (registered.Count < cameras)
        {
            model.Triangulate(registered, options.InlierPixels);
            int next = Enumerable.Range(0, cameras).Where(c => !registered.Contains(c)).MaxBy(c => model.SharedWithPoints(c));
            int shared = model.SharedWithPoints(next);
            if (shared < options.MinSharedPoints)
            {
                throw new InputFormatException(source,
                    $"{intrinsics.Cameras[next].Name} sees only {shared} keypoints that other cameras see too (at least {options.MinSharedPoints} needed); film the athlete where this camera overlaps the others");
            }

            model.Resect(next, options.InlierPixels);
            registered.Add(next);
        }

        for (int round = 0; round < options.BundleRounds; round++)
        {
            // Triangulating again from every observation lets keypoints rejected by the chained poses back in.
            model.Triangulate(registered, options.InlierPixels);
            model.Adjust(options.InlierPixels, options.RobustPixels, options.RefineFocal, options.MaxIterations);
        }

        // The floor's normal is "up" for the height too, so it is found whenever either needs it.
        (Matrix3d floorFit, Vector3d floorOrigin) = options.FloorFromFeet || options.KnownHeight is not null
            ? model.Floor(Feet, Neck, Shoulders, keypoints, source)
            : (Matrix3d.Identity, default);
        (Matrix3d floorRotation, Vector3d origin) = options.FloorFromFeet ? (floorFit, floorOrigin) : (Matrix3d.Identity, default);

        double scale = 1;
        if (options.KnownDistance is KnownDistance known)
        {
            double measured = model.MedianDistance(known.From, known.To, keypoints);
            if (!double.IsFinite(measured) || measured <= 0)
            {
                throw new InputFormatException(source, $"{known}: the two keypoints are never triangulated in the same frame; pick keypoints every camera sees well (e.g. RHip-RKnee)");
            }

            scale = known.Metres / measured;
        }
        else if (options.KnownHeight is double height)
        {
            double measured = model.StandingHeight(Head, Feet, new Vector3d(floorFit.M20, floorFit.M21, floorFit.M22), keypoints);
            if (!double.IsFinite(measured) || measured <= 0)
            {
                throw new InputFormatException(source, "--height: the head and feet are never triangulated in the same frame; film the athlete's whole body in every camera");
            }

            scale = height / measured;
        }

        var result = new Camera[cameras];
        for (int c = 0; c < cameras; c++)
        {
            // World' = s·Q·(X − o): R' = R·Qᵀ, t' = s·(t + R·o).
            Camera k = intrinsics.Cameras[c];
            Matrix3d r = model.Rotation[c] * floorRotation.Transpose();
            Vector3d t = scale * (model.Translation[c] + (model.Rotation[c] * origin));
            result[c] = new Camera(k.Name, k.ImageWidth, k.ImageHeight, model.K[c], k.Distortion, Rodrigues.FromMatrix(r), t);
        }

        (double[] rms, double[] share) = model.Errors();
        return new AthleteCalibrationResult(new CameraRig(result, adjusted: true, errorPixels: rms.Max()), rms, share, model.TriangulatedCount, scale);
    }

    private static (double[][] Observations, double[][] Confidence) Undistorted(CameraRig intrinsics, IReadOnlyList<PoseSeries> poses, double threshold, int points, int keypoints)
    {
        var result = new double[intrinsics.Count][];
        var confidence = new double[intrinsics.Count][];
        for (int c = 0; c < intrinsics.Count; c++)
        {
            Camera camera = intrinsics.Cameras[c];
            var obs = new double[points * 2];
            var weight = new double[points];
            Array.Fill(obs, double.NaN);
            for (int f = 0; f < poses[c].Frames.Count; f++)
            {
                if (poses[c].Frames[f] is not double[] frame)
                {
                    continue;
                }

                for (int k = 0; k < Math.Min(keypoints, frame.Length / 3); k++)
                {
                    if (frame[(3 * k) + 2] >= threshold)
                    {
                        // Distortion removed once here; from then on every camera is a pinhole camera.
                        (double x, double y) = camera.Distortion.IsZero ? (frame[3 * k], frame[(3 * k) + 1]) : camera.Undistort(frame[3 * k], frame[(3 * k) + 1]);
                        int p = (f * keypoints) + k;
                        obs[2 * p] = x;
                        obs[(2 * p) + 1] = y;
                        weight[p] = frame[(3 * k) + 2];
                    }
                }
            }

            result[c] = obs;
            confidence[c] = weight;
        }

        return (result, confidence);
    }

    private static void InitialPair(Model model, int partner, AthleteCalibrationOptions options, string source)
    {
        var a = new List<Point2d>();
        var b = new List<Point2d>();
        for (int p = 0; p < model.PointCount; p++)
        {
            if (model.Seen(0, p) && model.Seen(partner, p))
            {
                a.Add(model.Normalised(0, p));
                b.Add(model.Normalised(partner, p));
            }
        }

        double focal = 0.5 * (model.Intrinsics.Cameras[0].Intrinsics.M00 + model.Intrinsics.Cameras[partner].Intrinsics.M00);
        using var pa = Mat.FromArray(a);
        using var pb = Mat.FromArray(b);
        using var identity = Mat.Eye(3, 3, MatType.CV_64F).ToMat();
        using var mask = new Mat();
        using Mat e = Cv2.FindEssentialMat(pa, pb, identity, EssentialMatMethod.Ransac, 0.999, options.InlierPixels / focal, mask);
        if (e.Empty() || e.Rows != 3)
        {
            throw new InputFormatException(source, $"{model.Intrinsics.Cameras[0].Name} and {model.Intrinsics.Cameras[partner].Name}: no relative pose fits the keypoints; film the athlete moving across the volume, not only turning on the spot");
        }

        using var r = new Mat();
        using var t = new Mat();
        int inliers = Cv2.RecoverPose(e, pa, pb, identity, r, t, mask);
        if (inliers < options.MinSharedPoints / 2)
        {
            throw new InputFormatException(source, string.Create(CultureInfo.InvariantCulture,
                $"{model.Intrinsics.Cameras[0].Name} and {model.Intrinsics.Cameras[partner].Name}: only {inliers} of {a.Count} shared keypoints agree with one relative pose; the motion is degenerate (too little depth or all in one plane): film the athlete walking through the whole volume"));
        }

        model.Rotation[partner] = new Matrix3d(r.At<double>(0, 0), r.At<double>(0, 1), r.At<double>(0, 2), r.At<double>(1, 0), r.At<double>(1, 1), r.At<double>(1, 2), r.At<double>(2, 0), r.At<double>(2, 1), r.At<double>(2, 2));
        model.Translation[partner] = new Vector3d(t.At<double>(0), t.At<double>(1), t.At<double>(2));
        model.Registered[partner] = true;
    }
}
