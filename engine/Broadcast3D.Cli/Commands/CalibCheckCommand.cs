using System.CommandLine;
using System.Globalization;
using Broadcast3D.Calibration.Check;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d calib check CALIB --pose2d DIR</c>: each camera's reprojection error on a trial, and a warning for a camera
/// that looks moved since the calibration (exit code 0 either way: the check itself succeeded).
/// </summary>
internal static class CalibCheckCommand
{
    public static Command Create()
    {
        var calib = new Argument<string>("calib") { Description = "The calibration TOML to check." };
        var pose2d = new Option<string>("--pose2d") { Description = "Folder of a trial's OpenPose JSON folders, one per camera, in calibration order.", Required = true };
        var fps = new Option<double>("--fps") { Description = "The cameras' frame rate.", DefaultValueFactory = _ => 60 };
        var command = new Command("check", "Reprojection error per camera on a trial; warns when a camera moved since calibration.") { calib, pose2d, fps };
        command.SetAction(parse => Run(parse.GetValue(calib)!, parse.GetValue(pose2d)!, parse.GetValue(fps)));
        return command;
    }

    private static int Run(string calib, string pose2d, double fps)
    {
        if (!(fps > 0) || fps > 1000)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--fps {fps}: give the cameras' frame rate, above 0 and at most 1000"));
        }

        CameraRig rig = CalibrationToml.Read(calib);
        IReadOnlyList<CameraCheck> checks = CalibrationCheck.Run(rig, pose2d, fps);
        foreach (CameraCheck c in checks)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Camera}\tmedian {c.MedianPixels:F1} px\tmean {c.MeanPixels:F1} px\t{c.Observations} observations{(c.Drifted ? "\tWARNING: drifted" : "")}"));
        }

        foreach (CameraCheck c in checks.Where(c => c.Drifted))
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warning: {c.Camera} reprojects {c.MedianPixels:F1} px off (median), more than {CalibrationCheck.DriftFactor}× the cameras' typical error: it has probably moved since {calib} was made; recalibrate its extrinsics (b3d calib extrinsics)"));
        }

        return 0;
    }
}
