using System.CommandLine;
using System.Globalization;
using Broadcast3D.Calibration.Extrinsics;
using Broadcast3D.Calibration.Sync;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d calib extrinsics --intrinsics IN.toml --pose2d DIR --out OUT.toml [--distance A-B=METRES | --height M]</c>: poses the
/// cameras from the athletes' synchronised 2D keypoints. Nothing is written when the capture does not allow it.
/// </summary>
internal static class CalibExtrinsicsCommand
{
    public static Command Create()
    {
        var intrinsics = new Option<string>("--intrinsics") { Description = "Calibration TOML giving each camera's K and distortion (b3d calib intrinsics; poses ignored), in the order of the 2D folders.", Required = true };
        var pose2d = new Option<string>("--pose2d") { Description = "Folder of synchronised OpenPose JSON folders, one per camera.", Required = true };
        var output = new Option<string>("--out") { Description = "Calibration TOML to write (metres, Z up, floor at z = 0).", Required = true };
        var distance = new Option<string?>("--distance") { Description = "A known distance between two BODY_25B keypoints for the metric scale, e.g. RKnee-RAnkle=0.42 (without it the first two cameras are one unit apart)." };
        var height = new Option<double?>("--height") { Description = "The athlete's standing height in metres for the metric scale, e.g. 1.78 (instead of --distance)." };
        var fps = new Option<double>("--fps") { Description = "The cameras' frame rate.", DefaultValueFactory = _ => 60 };
        var noFloor = new Option<bool>("--no-floor") { Description = "Keep camera 0's frame instead of setting the floor from the feet." };
        var command = new Command("extrinsics", "Pose the cameras from the athletes (known intrinsics; essential matrices, PnP, bundle adjustment).")
        {
            intrinsics, pose2d, output, distance, height, fps, noFloor,
        };
        command.SetAction(parse => Run(parse.GetValue(intrinsics)!, parse.GetValue(pose2d)!, parse.GetValue(output)!, parse.GetValue(distance), parse.GetValue(height), parse.GetValue(fps), parse.GetValue(noFloor)));
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
            (_, double h) => string.Create(CultureInfo.InvariantCulture, $"metric scale from the athlete's height {h} m ({result.ScaleMetresPerUnit:F4} m per unit)"),
            _ => "no --distance or --height, so the scale is arbitrary (the first two cameras are one unit apart)",
        };
        Console.Out.WriteLine($"Wrote {output}: {result.Points} points; {scale}.");
        return 0;
    }
}
