using Broadcast3D.Calibration.Intrinsics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;
using OpenCvSharp;
using OpenCvSharp.Aruco;

namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>
/// Extrinsic calibration from a board seen by the cameras, in one or more placements photographed by every camera
/// at the same moments: per camera and placement the board's pose by PnP (distortion removed first); camera and
/// placement poses chained from the placement most cameras saw (the world); then a joint Levenberg–Marquardt over
/// every camera pose and every other placement's pose on all corners' reprojection errors. Stateless, thread-safe.
/// </summary>
public static class BoardCalibrator
{
    private const string Advice = "place the board (flat, whole in the picture) where two or more cameras see it and photograph it with every camera at the same moment; repeat in further places so that every camera shares a placement with another";

    /// <summary>
    /// Detects the board in every picture: <paramref name="images"/>[camera][placement], the same number of pictures
    /// per camera (placement i is every camera's i-th picture). Null where the board is not found whole.
    /// </summary>
    /// <exception cref="InputFormatException">Cameras hold different numbers of pictures.</exception>
    public static IReadOnlyList<IReadOnlyList<BoardView?>> Detect(IReadOnlyList<IReadOnlyList<CalibrationImage>> images, BoardSpec board, string source)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(board);
        if (images.Any(i => i.Count != images[0].Count))
        {
            throw new InputFormatException(source, $"the cameras hold {string.Join(", ", images.Select(i => i.Count))} pictures; give every camera the same number, the i-th of each taken at the same moment (one board placement)");
        }

        var options = new IntrinsicOptions();
        using CharucoDetector? charuco = board.Kind == BoardKind.Charuco ? IntrinsicCalibrator.CreateCharucoDetector(board) : null;
        var result = new List<IReadOnlyList<BoardView?>>();
        foreach (IReadOnlyList<CalibrationImage> camera in images)
        {
            var views = new BoardView?[camera.Count];
            for (int i = 0; i < camera.Count; i++)
            {
                (Point2f[]? corners, Point3f[]? objects, _) = IntrinsicCalibrator.Detect(camera[i], board, charuco, options);
                if (corners is not null && charuco is null)
                {
                    corners = Oriented(camera[i], corners, board);
                }

                views[i] = corners is null || objects is null
                    ? null
                    : new BoardView([.. corners.Select(p => ((double)p.X, (double)p.Y))], [.. objects.Select(p => new Vector3d(p.X, p.Y, p.Z))]);
            }

            result.Add(views);
        }

        return result;
    }

    /// <summary>
    /// A chessboard's corners in one order for every camera. OpenCV may list them from either end (the pattern looks
    /// the same turned by 180°), which for several cameras means several boards. With an odd × even count of squares
    /// the squares at two corners of the board are black and at the other two white: the list is reversed when the
    /// square beyond its first corner is lighter than the square beyond its last. A board whose four corner squares
    /// share a colour stays ambiguous (the README says to use an odd × even board or ChArUco).
    /// </summary>
    private static Point2f[] Oriented(CalibrationImage image, Point2f[] corners, BoardSpec board)
    {
        int columns = board.Columns;
        double first = Beyond(image, corners[0], corners[1], corners[columns]);
        double last = Beyond(image, corners[^1], corners[^2], corners[^(columns + 1)]);
        return first > last ? [.. corners.Reverse()] : corners;
    }

    /// <summary>Mean grey of a small patch half a square beyond <paramref name="corner"/>, away from its two neighbours.</summary>
    private static double Beyond(CalibrationImage image, Point2f corner, Point2f alongRow, Point2f alongColumn)
    {
        double x = corner.X - (0.5 * (alongRow.X - corner.X)) - (0.5 * (alongColumn.X - corner.X));
        double y = corner.Y - (0.5 * (alongRow.Y - corner.Y)) - (0.5 * (alongColumn.Y - corner.Y));
        double sum = 0;
        int count = 0;
        for (int dy = -1; dy <= 1; dy++)
        {
            for (int dx = -1; dx <= 1; dx++)
            {
                int px = (int)Math.Round(x) + dx, py = (int)Math.Round(y) + dy;
                if (px >= 0 && px < image.Width && py >= 0 && py < image.Height)
                {
                    sum += image.Gray[(py * image.Width) + px];
                    count++;
                }
            }
        }

        return count == 0 ? 128 : sum / count;
    }

    /// <summary>Poses the cameras of <paramref name="intrinsics"/> from <paramref name="views"/>[camera][placement].</summary>
    /// <param name="intrinsics">K and distortion per camera (poses ignored), in the order of <paramref name="views"/>.</param>
    /// <param name="views">Per camera and placement the detected board, or null.</param>
    /// <param name="source">The pictures' folder, named in errors.</param>
    /// <exception cref="InputFormatException">Camera or placement counts differ, no placement is seen by two
    /// cameras, or a camera never sees a placement that links it to the others; nothing is posed.</exception>
    public static BoardCalibrationResult Calibrate(CameraRig intrinsics, IReadOnlyList<IReadOnlyList<BoardView?>> views, string source)
    {
        ArgumentNullException.ThrowIfNull(intrinsics);
        ArgumentNullException.ThrowIfNull(views);
        int cameras = intrinsics.Count;
        if (views.Count != cameras)
        {
            throw new InputFormatException(source, $"{views.Count} camera folder(s) but the intrinsics have {cameras} cameras; give one picture folder per camera, in calibration order");
        }

        int placements = views[0].Count;
        if (views.Any(v => v.Count != placements))
        {
            throw new InputFormatException(source, $"the cameras hold {string.Join(", ", views.Select(v => v.Count))} pictures; give every camera the same number, the i-th of each taken at the same moment");
        }

        int[] seenBy = [.. Enumerable.Range(0, placements).Select(i => Enumerable.Range(0, cameras).Count(c => views[c][i] is not null))];
        int reference = Array.IndexOf(seenBy, seenBy.Max());
        if (seenBy[reference] < 2)
        {
            throw new InputFormatException(source, $"the board is never seen by two cameras at once; {Advice}");
        }

        for (int c = 0; c < cameras; c++)
        {
            if (views[c].All(v => v is null))
            {
                throw new InputFormatException(source, $"{intrinsics.Cameras[c].Name} never sees the board whole; {Advice}");
            }
        }

        // Per view: board → camera by PnP on undistorted pixels.
        var undistorted = new (double U, double V)[cameras][][];
        var local = new (Matrix3d R, Vector3d T)?[cameras, placements];
        for (int c = 0; c < cameras; c++)
        {
            Camera camera = intrinsics.Cameras[c];
            undistorted[c] = new (double U, double V)[placements][];
            for (int i = 0; i < placements; i++)
            {
                if (views[c][i] is not BoardView view)
                {
                    continue;
                }

                if (view.Pixels.Count != view.Corners.Count || view.Pixels.Count < 4)
                {
                    throw new InputFormatException(source, $"{camera.Name}, picture {i + 1}: {view.Pixels.Count} pixels for {view.Corners.Count} board corners; a view needs 4 or more corners, one pixel each");
                }

                undistorted[c][i] = [.. view.Pixels.Select(p => camera.Distortion.IsZero ? p : camera.Undistort(p.U, p.V))];
                local[c, i] = Pnp.Solve(camera.Intrinsics, view.Corners, undistorted[c][i]);
            }
        }

        // Chain: placement poses P (board → world) and camera poses C (world → camera) from the reference placement.
        var placementPose = new (Matrix3d R, Vector3d T)?[placements];
        var cameraPose = new (Matrix3d R, Vector3d T)?[cameras];
        placementPose[reference] = (Matrix3d.Identity, default);
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int c = 0; c < cameras; c++)
            {
                for (int i = 0; i < placements; i++)
                {
                    if (local[c, i] is not (Matrix3d lr, Vector3d lt))
                    {
                        continue;
                    }

                    if (cameraPose[c] is null && placementPose[i] is (Matrix3d pr, Vector3d pt))
                    {
                        // C = L·P⁻¹: R = Lr·Prᵀ, t = Lt − R·Pt.
                        Matrix3d r = lr * pr.Transpose();
                        cameraPose[c] = (r, lt - (r * pt));
                        changed = true;
                    }
                    else if (placementPose[i] is null && cameraPose[c] is (Matrix3d cr, Vector3d ct))
                    {
                        // P = C⁻¹·L: R = Crᵀ·Lr, t = Crᵀ·(Lt − Ct).
                        placementPose[i] = (cr.Transpose() * lr, cr.Transpose() * (lt - ct));
                        changed = true;
                    }
                }
            }
        }

        for (int c = 0; c < cameras; c++)
        {
            if (cameraPose[c] is null)
            {
                throw new InputFormatException(source, $"{intrinsics.Cameras[c].Name} sees the board only in placements no camera linked to the others sees; {Advice}");
            }
        }

        Refine(intrinsics, views, undistorted, cameraPose, placementPose, reference);

        // Z up towards the cameras: the board's own z points into the board when its corners run one way round.
        double meanZ = cameraPose.Average(p => -(p!.Value.R.Transpose() * p.Value.T).Z);
        var flip = meanZ < 0 ? new Matrix3d(1, 0, 0, 0, -1, 0, 0, 0, -1) : Matrix3d.Identity;
        var result = new Camera[cameras];
        var rms = new double[cameras];
        for (int c = 0; c < cameras; c++)
        {
            Camera k = intrinsics.Cameras[c];
            (Matrix3d r, Vector3d t) = cameraPose[c]!.Value;
            result[c] = new Camera(k.Name, k.ImageWidth, k.ImageHeight, k.Intrinsics, k.Distortion, Rodrigues.FromMatrix(r * flip), t);
            var world = new List<Vector3d>();
            var pixels = new List<(double U, double V)>();
            for (int i = 0; i < placements; i++)
            {
                if (views[c][i] is BoardView view && placementPose[i] is (Matrix3d pr, Vector3d pt))
                {
                    world.AddRange(view.Corners.Select(x => flip * ((pr * x) + pt)));
                    pixels.AddRange(view.Pixels);
                }
            }

            rms[c] = ScenePointsCalibrator.Rms(result[c], world, pixels);
        }

        return new BoardCalibrationResult(new CameraRig(result, adjusted: true, errorPixels: rms.Max()), rms, placementPose.Count(p => p is not null), reference);
    }

    /// <summary>Joint Levenberg–Marquardt over every camera pose and every placement pose but the reference's.</summary>
    private static void Refine(CameraRig intrinsics, IReadOnlyList<IReadOnlyList<BoardView?>> views, (double U, double V)[][][] undistorted,
        (Matrix3d R, Vector3d T)?[] cameraPose, (Matrix3d R, Vector3d T)?[] placementPose, int reference)
    {
        int cameras = cameraPose.Length, placements = placementPose.Length;
        int[] placementSlot = new int[placements];
        int slots = 0;
        for (int i = 0; i < placements; i++)
        {
            placementSlot[i] = i == reference || placementPose[i] is null ? -1 : slots++;
        }

        var x = new double[6 * (cameras + slots)];
        for (int c = 0; c < cameras; c++)
        {
            Write(x, 6 * c, cameraPose[c]!.Value);
        }

        for (int i = 0; i < placements; i++)
        {
            if (placementSlot[i] >= 0)
            {
                Write(x, 6 * (cameras + placementSlot[i]), placementPose[i]!.Value);
            }
        }

        int count = 0;
        for (int c = 0; c < cameras; c++)
        {
            for (int i = 0; i < placements; i++)
            {
                count += views[c][i] is BoardView v && placementPose[i] is not null ? 2 * v.Corners.Count : 0;
            }
        }

        void Residuals(double[] state, double[] r)
        {
            int o = 0;
            for (int c = 0; c < cameras; c++)
            {
                (Matrix3d cr, Vector3d ct) = Read(state, 6 * c);
                Matrix3d k = intrinsics.Cameras[c].Intrinsics;
                for (int i = 0; i < placements; i++)
                {
                    if (views[c][i] is not BoardView view || placementPose[i] is null)
                    {
                        continue;
                    }

                    (Matrix3d pr, Vector3d pt) = placementSlot[i] < 0 ? (Matrix3d.Identity, default) : Read(state, 6 * (cameras + placementSlot[i]));
                    for (int j = 0; j < view.Corners.Count; j++)
                    {
                        Vector3d xc = (cr * ((pr * view.Corners[j]) + pt)) + ct;
                        double iz = xc.Z > 1e-9 ? 1 / xc.Z : 1e9;
                        r[o++] = (k.M00 * xc.X * iz) + (k.M01 * xc.Y * iz) + k.M02 - undistorted[c][i][j].U;
                        r[o++] = (k.M11 * xc.Y * iz) + k.M12 - undistorted[c][i][j].V;
                    }
                }
            }
        }

        DenseLevenbergMarquardt.Minimise(Residuals, x, count, 100);
        for (int c = 0; c < cameras; c++)
        {
            cameraPose[c] = Read(x, 6 * c);
        }

        for (int i = 0; i < placements; i++)
        {
            if (placementSlot[i] >= 0)
            {
                placementPose[i] = Read(x, 6 * (cameras + placementSlot[i]));
            }
        }
    }

    private static void Write(double[] x, int o, (Matrix3d R, Vector3d T) pose)
    {
        Vector3d r = Rodrigues.FromMatrix(pose.R);
        (x[o], x[o + 1], x[o + 2], x[o + 3], x[o + 4], x[o + 5]) = (r.X, r.Y, r.Z, pose.T.X, pose.T.Y, pose.T.Z);
    }

    private static (Matrix3d R, Vector3d T) Read(double[] x, int o) =>
        (Rodrigues.ToMatrix(new Vector3d(x[o], x[o + 1], x[o + 2])), new Vector3d(x[o + 3], x[o + 4], x[o + 5]));
}
