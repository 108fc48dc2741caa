using System.CommandLine;
using System.Globalization;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Filtering;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Triangulation;
using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d triangulate --calib C --pose2d DIR [--person N] [--filter butterworth|none] [--accelerator auto|cuda|opencl|cpu|reference] --out OUT.trc</c>: Pose2Sim's
/// triangulation of OpenPose BODY_25B folders to a TRC, with its per-keypoint reprojection summary.
/// </summary>
internal static class TriangulateCommand
{
    public static Command Create()
    {
        var calib = new Option<string>("--calib") { Description = "Calibration TOML (anipose/Pose2Sim layout).", Required = true };
        var pose2d = new Option<string>("--pose2d") { Description = "Folder with one OpenPose JSON folder per camera (camNN_json), in calibration order.", Required = true };
        var output = new Option<string>("--out") { Description = "TRC file to write (metres, Y-up).", Required = true };
        var person = new Option<int>("--person") { Description = "Index of the person in each JSON file's people array.", DefaultValueFactory = _ => 0 };
        var filter = new Option<string>("--filter") { Description = "butterworth (order 4, 6 Hz, zero phase) or none.", DefaultValueFactory = _ => "none" };
        filter.AcceptOnlyFromAmong("butterworth", "none");
        var units = new Option<string>("--units") { Description = "Calibration translation units: auto, m or mm.", DefaultValueFactory = _ => "auto" };
        units.AcceptOnlyFromAmong("auto", "m", "mm");
        var search = new Option<string>("--search")
        {
            Description = "Camera-exclusion search: exhaustive (Pose2Sim, exact), bounded (greedy, ≤ n(n+1)/2 − 2 solves per keypoint), " +
                          $"or auto (exhaustive below {MaxExhaustiveCameras} cameras, else bounded).",
            DefaultValueFactory = _ => "auto",
        };
        search.AcceptOnlyFromAmong("auto", "exhaustive", "bounded");
        var rate = new Option<double>("--rate") { Description = "Frames per second.", DefaultValueFactory = _ => 60.0 };
        var accelerator = new Option<string>("--accelerator")
        {
            Description = "Where the triangulation runs: auto (CUDA, else OpenCL with fp64, else reference), cuda, opencl, cpu (ILGPU's CPU accelerator) or reference (plain C#).",
            DefaultValueFactory = _ => "auto",
        };
        accelerator.AcceptOnlyFromAmong([.. TrackingAccelerators.Names]);

        var command = new Command("triangulate", "Triangulate 2D keypoints from calibrated cameras into a TRC, as Pose2Sim does.")
        {
            calib, pose2d, output, person, filter, units, search, rate, accelerator,
        };
        command.SetAction(parse =>
        {
            LengthUnit unit = parse.GetValue(units) switch { "m" => LengthUnit.Metres, "mm" => LengthUnit.Millimetres, _ => LengthUnit.Auto };
            bool? bounded = parse.GetValue(search) switch { "bounded" => true, "exhaustive" => false, _ => null };
            TrackingAccelerators.TryParse(parse.GetValue(accelerator), out TrackingAccelerator requested);
            return Run(parse.GetValue(calib)!, parse.GetValue(pose2d)!, parse.GetValue(output)!, parse.GetValue(person),
                parse.GetValue(filter) == "butterworth", unit, bounded, parse.GetValue(rate), requested);
        });
        return command;
    }

    /// <summary>
    /// Cameras from which the exhaustive search is not run: it may try every subset of cameras per keypoint, 2ⁿ
    /// solves (16 million at 24 cameras), which does not finish in any useful time.
    /// </summary>
    private const int MaxExhaustiveCameras = 24;

    private static int Run(string calibPath, string pose2d, string output, int person, bool butterworth, LengthUnit units, bool? bounded, double rate,
        TrackingAccelerator requested)
    {
        if (person < 0)
            throw new UsageException($"--person {person}: give a person index of 0 or more");
        if (!(rate > 0) || rate > 1000)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--rate {rate}: give the frames per second of the 2D input, above 0 and at most 1000"));
        output = CliChecks.OutputFile(output);
        TrackingAccelerator accelerator = TrackingAccelerators.Resolve(requested, "--accelerator");

        CameraRig calibration = CalibrationToml.Read(calibPath, units, out LengthUnit detected);
        if (calibration.Count > TriangulationBatch.MaxCameras)
        {
            throw new UsageException($"--calib {calibPath}: {calibration.Count} cameras; triangulation takes at most {TriangulationBatch.MaxCameras} " +
                                     "(the excluded-camera mask is 64 bits): split the rig");
        }
        if (bounded == false && calibration.Count >= MaxExhaustiveCameras)
        {
            throw new UsageException($"--search exhaustive with {calibration.Count} cameras may try 2^{calibration.Count} camera subsets per keypoint " +
                                     $"and would not finish; use --search bounded (or auto) from {MaxExhaustiveCameras} cameras");
        }
        if (bounded is null && calibration.Count >= MaxExhaustiveCameras)
            Console.Out.WriteLine($"{calibration.Count} cameras: the bounded camera-exclusion search is used (the exhaustive one stops at {MaxExhaustiveCameras - 1} cameras).");
        bool useBounded = bounded ?? calibration.Count >= MaxExhaustiveCameras;
        Console.Out.WriteLine($"Calibration {calibPath}: {calibration.Count} cameras, translations in {(detected == LengthUnit.Millimetres ? "millimetres (converted to metres)" : "metres")}" +
                              (units == LengthUnit.Auto ? " (detected)." : "."));
        var options = new TrialTriangulationOptions
        {
            Triangulation = new TriangulationSettings { Search = useBounded ? ExclusionSearch.Bounded : ExclusionSearch.Exhaustive },
            Person = person,
            FrameRate = rate,
            Accelerator = accelerator,
            Filter = butterworth ? ButterworthFilter.FromPose2SimSettings(4, 6.0, rate) : null,
        };
        Console.Out.WriteLine(accelerator == TrackingAccelerator.Reference
            ? $"Triangulating on the reference (plain C#){(requested == TrackingAccelerator.Auto ? ": auto found no CUDA or OpenCL fp64 device" : "")}."
            : $"Triangulating on ILGPU's {TrackingAccelerators.Name(accelerator)} accelerator (double precision).");
        TrialTriangulationResult result = TrialTriangulation.Run(calibration, pose2d, options);
        TrcData trc = new(result.Trc.MarkerNames, rate, result.Trc.FrameNumbers, result.Trc.Times, result.Trc.Coordinates)
        {
            FileName = Path.GetFileName(output),
            OrigDataStartFrame = 0,
            OrigNumFrames = result.Trc.FrameCount,
        };
        TrcFile.Write(trc, output);
        PrintSummary(result, calibration);
        Console.Out.WriteLine($"3D coordinates are stored at {output}.");
        return 0;
    }

    // Pose2Sim's recap_triangulate: per-keypoint mean error in px and, through |t₁|/f₁, roughly in mm.
    private static void PrintSummary(TrialTriangulationResult result, CameraRig calibration)
    {
        double toMm = result.PixelsToMetres * 1000;
        for (int m = 0; m < result.Trc.MarkerCount; m++)
        {
            double px = result.MeanErrorPixels(m);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Mean reprojection error for {result.Trc.MarkerNames[m]} is {px:F1} px (~ {px * toMm:F0} mm), reached with {result.MeanExcludedCameras(m):F2} excluded cameras."));
        }

        double grand = result.GrandMeanErrorPixels();
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"--> Mean reprojection error for all points on all frames is {grand:F1} px, which roughly corresponds to {grand * toMm:F1} mm."));
        var shares = calibration.Cameras.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{c.Name}: {result.CameraExcludedShare(i) * 100:F0}%"));
        Console.Out.WriteLine($"Cameras not used (low likelihood or excluded): {string.Join(", ", shares)}.");
    }
}
