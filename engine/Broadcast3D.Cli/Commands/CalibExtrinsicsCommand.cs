using System.CommandLine;
using System.Globalization;
using Broadcast3D.Calibration.Extrinsics;
using Broadcast3D.Calibration.Intrinsics;
using Broadcast3D.Calibration.Sync;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d calib extrinsics --intrinsics IN.toml (--pose2d DIR [--distance A-B=METRES | --height M] | --board SPEC
/// --images DIR | --points FILE) --out OUT.toml</c>: poses the cameras from the athletes' synchronised 2D keypoints,
/// from a board seen by the cameras, or from scene points with known coordinates. Nothing is written when the
/// capture does not allow it.
/// </summary>
internal static class CalibExtrinsicsCommand
{
    public static Command Create()
    {
        var intrinsics = new Option<string>("--intrinsics") { Description = "Calibration TOML giving each camera's K and distortion (b3d calib intrinsics; poses ignored), in the order of the 2D folders.", Required = true };
        var pose2d = new Option<string?>("--pose2d") { Description = "Folder of synchronised OpenPose JSON folders, one per camera (extrinsics from the athletes)." };
        var board = new Option<string?>("--board") { Description = "Extrinsics from a board: " + BoardSpec.Syntax + "; with --images." };
        var images = new Option<string?>("--images") { Description = "With --board: one folder of pictures per camera (calibration order by name), the i-th picture of every camera taken at the same moment." };
        var points = new Option<string?>("--points") { Description = "Extrinsics from 6 or more scene points with known coordinates: a TOML file with [world] (metres) and one table per camera (pixels)." };
        var output = new Option<string>("--out") { Description = "Calibration TOML to write (metres, Z up, floor at z = 0).", Required = true };
        var distance = new Option<string?>("--distance") { Description = "A known distance between two BODY_25B keypoints for the metric scale, e.g. RKnee-RAnkle=0.42 (without it the first two cameras are one unit apart)." };
        var height = new Option<double?>("--height") { Description = "The athlete's standing height in metres for the metric scale, e.g. 1.78 (instead of --distance)." };
        var fps = new Option<double>("--fps") { Description = "The cameras' frame rate.", DefaultValueFactory = _ => 60 };
        var noFloor = new Option<bool>("--no-floor") { Description = "Keep camera 0's frame instead of setting the floor from the feet." };
        var command = new Command("extrinsics", "Pose the cameras from the athletes (known intrinsics; essential matrices, PnP, bundle adjustment).")
        {
            intrinsics, pose2d, board, images, points, output, distance, height, fps, noFloor,
        };
        command.SetAction(parse =>
        {
            string? pose = parse.GetValue(pose2d), boardSpec = parse.GetValue(board), folder = parse.GetValue(images), file = parse.GetValue(points);
            if ((pose is null ? 0 : 1) + (boardSpec is null ? 0 : 1) + (file is null ? 0 : 1) != 1)
            {
                throw new UsageException("give one of --pose2d DIR (the athletes), --board SPEC with --images DIR (a board), or --points FILE (scene points)");
            }

            if ((boardSpec is null) != (folder is null))
            {
                throw new UsageException("--board and --images go together: the board's spec and the folder of its pictures, one subfolder per camera");
            }

            if (pose is null && (parse.GetValue(distance) is not null || parse.GetValue(height) is not null || parse.GetValue(noFloor)))
            {
                throw new UsageException("--distance, --height and --no-floor are for --pose2d only: a board or scene points already give the scale and the floor");
            }

            return boardSpec is not null ? RunBoard(parse.GetValue(intrinsics)!, boardSpec, folder!, parse.GetValue(output)!)
                : file is not null ? RunPoints(parse.GetValue(intrinsics)!, file, parse.GetValue(output)!)
                : Run(parse.GetValue(intrinsics)!, pose!, parse.GetValue(output)!, parse.GetValue(distance), parse.GetValue(height), parse.GetValue(fps), parse.GetValue(noFloor));
        });
        return command;
    }

    private static int Run(string intrinsicsFile, string pose2d, string output, string? distance, double? height, double fps, bool noFloor)
    {
        if (distance is not null && height is not null)
        {
            throw new UsageException("--distance and --height both set the metric scale: give one of them");
        }

        if (height is double h && !(h >= 0.5 && h <= 2.5))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--height {h}: give the athlete's standing height in metres, 0.5 to 2.5"));
        }

        KnownDistance? known = null;
        if (distance is not null)
        {
            try
            {
                known = KnownDistance.Parse(distance);
            }
            catch (FormatException ex)
            {
                throw new UsageException($"--distance {ex.Message}");
            }
        }

        if (!(fps > 0) || fps > 1000)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--fps {fps}: give the cameras' frame rate, above 0 and at most 1000"));
        }

        string outputFile = CliChecks.OutputFile(output);
        CameraRig intrinsics = CalibrationToml.Read(intrinsicsFile);
        var options = new AthleteCalibrationOptions { KnownDistance = known, KnownHeight = height, FloorFromFeet = !noFloor, FrameRate = fps };
        AthleteCalibrationResult result = AthleteCalibrator.Calibrate(intrinsics, PoseSeries.ReadOpenPose(pose2d), options, pose2d);
        for (int c = 0; c < result.Rig.Count; c++)
        {
            Camera camera = result.Rig.Cameras[c];
            Vector3d p = camera.PositionMetres;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{camera.Name}: centre ({p.X:F3}, {p.Y:F3}, {p.Z:F3}) {(known is null && height is null ? "units" : "m")}, RMS {result.RmsPixels[c]:F2} px, {100 * result.InlierShare[c]:F0} % of its keypoints inliers"));
        }

        CalibrationToml.Write(result.Rig, outputFile);
        string scale = (known, height) switch
        {
            (KnownDistance k, _) => string.Create(CultureInfo.InvariantCulture, $"metric scale from {k} ({result.ScaleMetresPerUnit:F4} m per unit)"),
            (_, double metres) => string.Create(CultureInfo.InvariantCulture, $"metric scale from the athlete's height {metres} m ({result.ScaleMetresPerUnit:F4} m per unit)"),
            _ => "no --distance or --height, so the scale is arbitrary (the first two cameras are one unit apart)",
        };
        Console.Out.WriteLine($"Wrote {output}: {result.Points} points; {scale}.");
        return 0;
    }

    private static int RunBoard(string intrinsicsFile, string spec, string folder, string output)
    {
        BoardSpec board;
        try
        {
            board = BoardSpec.Parse(spec);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--board {ex.Message}");
        }

        string outputFile = CliChecks.OutputFile(output);
        CameraRig intrinsics = CalibrationToml.Read(intrinsicsFile);
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"--images {folder}: the folder does not exist");
        }

        string[] folders = [.. Directory.GetDirectories(folder).Where(CalibrationImages.HoldsImages).Order(StringComparer.Ordinal)];
        if (folders.Length != intrinsics.Count)
        {
            throw new UsageException($"--images {folder}: {folders.Length} folder(s) of pictures but {intrinsicsFile} has {intrinsics.Count} cameras; give one folder per camera, named so that they sort in calibration order");
        }

        IReadOnlyList<IReadOnlyList<CalibrationImage>> pictures = [.. folders.Select(CalibrationImages.ReadFolder)];
        for (int c = 0; c < intrinsics.Count; c++)
        {
            Camera camera = intrinsics.Cameras[c];
            CalibrationImage first = pictures[c][0];
            if (first.Width != camera.ImageWidth || first.Height != camera.ImageHeight)
            {
                throw new InputFormatException(folders[c], $"pictures are {first.Width}×{first.Height} but {camera.Name} is calibrated at {camera.ImageWidth}×{camera.ImageHeight}; photograph the board at the calibrated size");
            }
        }

        IReadOnlyList<IReadOnlyList<BoardView?>> views = BoardCalibrator.Detect(pictures, board, folder);
        BoardCalibrationResult result = BoardCalibrator.Calibrate(intrinsics, views, folder);
        for (int c = 0; c < result.Rig.Count; c++)
        {
            Camera camera = result.Rig.Cameras[c];
            Vector3d p = camera.PositionMetres;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{camera.Name}: centre ({p.X:F3}, {p.Y:F3}, {p.Z:F3}) m, RMS {result.RmsPixels[c]:F2} px, board in {views[c].Count(v => v is not null)} of {views[c].Count} picture(s)"));
        }

        CalibrationToml.Write(result.Rig, outputFile);
        Console.Out.WriteLine($"Wrote {output}: {result.Placements} board placement(s); the world is the board of picture {result.ReferencePlacement + 1} (origin at its first corner, Z up).");
        return 0;
    }

    private static int RunPoints(string intrinsicsFile, string file, string output)
    {
        string outputFile = CliChecks.OutputFile(output);
        CameraRig intrinsics = CalibrationToml.Read(intrinsicsFile);
        (CameraRig rig, IReadOnlyList<double> rms) = ScenePointsCalibrator.Calibrate(intrinsics, ScenePoints.Read(file), file);
        for (int c = 0; c < rig.Count; c++)
        {
            Vector3d p = rig.Cameras[c].PositionMetres;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rig.Cameras[c].Name}: centre ({p.X:F3}, {p.Y:F3}, {p.Z:F3}) m, RMS {rms[c]:F2} px"));
        }

        CalibrationToml.Write(rig, outputFile);
        Console.Out.WriteLine($"Wrote {output}: cameras posed on the points of {file}.");
        return 0;
    }
}
