using System.CommandLine;
using System.Globalization;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Association;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Filtering;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Triangulation;
using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d triangulate --calib C --pose2d DIR [--person N] [--filter butterworth|none] [--accelerator auto|cuda|opencl|cpu|reference|cuda-float|opencl-float|cpu-float] --out OUT.trc</c>: Pose2Sim's
/// triangulation of OpenPose BODY_25B folders to a TRC, with its per-keypoint reprojection summary; with
/// <c>--associate</c>, raw multi-person folders to one TRC per person in the <c>--out</c> folder (<see cref="MultiPersonOutput"/>).
/// </summary>
internal static class TriangulateCommand
{
    public static Command Create()
    {
        var calib = new Option<string>("--calib") { Description = "Calibration TOML (anipose/Pose2Sim layout).", Required = true };
        var pose2d = new Option<string>("--pose2d") { Description = "Folder with one OpenPose JSON folder per camera (camNN_json), in calibration order.", Required = true };
        var output = new Option<string>("--out") { Description = "TRC file to write (metres, Y-up); with --associate, the folder for one TRC per person.", Required = true };
        var person = new Option<int>("--person") { Description = "Index of the person in each JSON file's people array (not with --associate).", DefaultValueFactory = _ => 0 };
        var associate = new Option<bool>("--associate")
        {
            Description = "Raw multi-person 2D: associate the people across views and over time, write OUT/<trial>_0-<frames>_P1.trc, _P2.trc … and a summary per person.",
        };
        var minViews = new Option<int>("--min-views") { Description = "Cameras a person and a point need (Pose2Sim's min_cameras_for_triangulation).", DefaultValueFactory = _ => 2 };
        var maxPeople = new Option<int>("--max-people") { Description = "With --associate: most people triangulated per frame, the best associated first.", DefaultValueFactory = _ => 10 };
        var associationLikelihood = new Option<double>("--association-likelihood")
        {
            Description = "With --associate: keypoints below this confidence are not used to associate (Pose2Sim's likelihood_threshold_association).",
            DefaultValueFactory = _ => 0.3,
        };
        var maxRayDistance = new Option<double>("--max-ray-distance")
        {
            Description = "With --associate: mean keypoint-ray distance (m) at which two detections' affinity is 0 (Pose2Sim's reconstruction_error_threshold).",
            DefaultValueFactory = _ => 0.1,
        };
        var minAffinity = new Option<double>("--min-affinity")
        {
            Description = "With --associate: least affinity (1 - distance / --max-ray-distance) for two detections to be one person (Pose2Sim's min_affinity).",
            DefaultValueFactory = _ => 0.2,
        };
        var maxStep = new Option<double>("--max-step") { Description = "With --associate: largest move (m) of a person's centroid between frames that keeps their identity.", DefaultValueFactory = _ => 0.5 };
        var maxMissed = new Option<int>("--max-missed") { Description = "With --associate: frames a person may be unseen and get their identity back.", DefaultValueFactory = _ => 120 };
        var reidRadius = new Option<double>("--reid-radius")
        {
            Description = "With --associate: farthest (m) from where they were last seen that a returning person gets their identity back.",
            DefaultValueFactory = _ => 1.5,
        };
        var order = new Option<string>("--order") { Description = "With --associate: number people by first appearance (first) or by frames present (frames).", DefaultValueFactory = _ => "first" };
        order.AcceptOnlyFromAmong("first", "frames");
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
            Description = "Where the triangulation runs: auto (CUDA, else OpenCL with fp64, else reference), cuda, opencl, cpu (ILGPU's CPU accelerator) or reference (plain C#); cuda-float, opencl-float, cpu-float: the kernel in single precision (within 2e-6 m), for GPUs without fast double.",
            DefaultValueFactory = _ => "auto",
        };
        accelerator.AcceptOnlyFromAmong([.. TrackingAccelerators.Names]);

        var command = new Command("triangulate", "Triangulate 2D keypoints from calibrated cameras into a TRC, as Pose2Sim does.")
        {
            calib, pose2d, output, person, filter, units, search, rate, accelerator,
            associate, minViews, maxPeople, associationLikelihood, maxRayDistance, minAffinity, maxStep, maxMissed, reidRadius, order,
        };
        command.SetAction(parse =>
        {
            LengthUnit unit = parse.GetValue(units) switch { "m" => LengthUnit.Metres, "mm" => LengthUnit.Millimetres, _ => LengthUnit.Auto };
            bool? bounded = parse.GetValue(search) switch { "bounded" => true, "exhaustive" => false, _ => null };
            TrackingAccelerators.TryParse(parse.GetValue(accelerator), out TrackingAccelerator requested);
            int views = parse.GetValue(minViews);
            if (views < 2)
                throw new UsageException($"--min-views {views}: triangulation needs at least 2 cameras");
            if (parse.GetValue(associate))
            {
                if (parse.GetResult(person) is { Implicit: false })
                    throw new UsageException("--person picks one person of pre-associated files; --associate finds every person: give one or the other");
                MultiPersonTrialOptions multi = MultiPersonOutput.Options(views,
                    parse.GetValue(maxPeople), parse.GetValue(associationLikelihood), parse.GetValue(maxRayDistance), parse.GetValue(minAffinity),
                    parse.GetValue(maxStep), parse.GetValue(maxMissed), parse.GetValue(reidRadius),
                    parse.GetValue(order) == "frames" ? PersonOrder.MostFrames : PersonOrder.FirstAppearance);
                return RunAssociated(parse.GetValue(calib)!, parse.GetValue(pose2d)!, parse.GetValue(output)!, multi,
                    parse.GetValue(filter) == "butterworth", unit, bounded, parse.GetValue(rate), requested);
            }
            return Run(parse.GetValue(calib)!, parse.GetValue(pose2d)!, parse.GetValue(output)!, parse.GetValue(person),
                parse.GetValue(filter) == "butterworth", unit, bounded, parse.GetValue(rate), requested, views);
        });
        return command;
    }

    /// <summary>
    /// Cameras from which the exhaustive search is not run: it may try every subset of cameras per keypoint, 2ⁿ
    /// solves (16 million at 24 cameras), which does not finish in any useful time.
    /// </summary>
    private const int MaxExhaustiveCameras = 24;

    private static int Run(string calibPath, string pose2d, string output, int person, bool butterworth, LengthUnit units, bool? bounded, double rate,
        TrackingAccelerator requested, int minViews)
    {
        if (person < 0)
            throw new UsageException($"--person {person}: give a person index of 0 or more");
        CheckRate(rate);
        output = CliChecks.OutputFile(output);
        TrackingAccelerator accelerator = TrackingAccelerators.Resolve(requested, "--accelerator");
        (CameraRig calibration, bool useBounded) = ReadCalibration(calibPath, units, bounded);
        var options = new TrialTriangulationOptions
        {
            Triangulation = new TriangulationSettings { Search = useBounded ? ExclusionSearch.Bounded : ExclusionSearch.Exhaustive, MinCameras = minViews },
            Person = person,
            FrameRate = rate,
            Accelerator = accelerator,
            Filter = butterworth ? ButterworthFilter.FromPose2SimSettings(4, 6.0, rate) : null,
        };
        PrintAccelerator(accelerator, requested);
        TrialTriangulationResult result = TrialTriangulation.Run(calibration, pose2d, options);
        WriteTrc(result, output, rate);
        PrintSummary(result, calibration);
        Console.Out.WriteLine($"3D coordinates are stored at {output}.");
        return 0;
    }

    private static int RunAssociated(string calibPath, string pose2d, string output, MultiPersonTrialOptions options, bool butterworth,
        LengthUnit units, bool? bounded, double rate, TrackingAccelerator requested)
    {
        CheckRate(rate);
        string folder = CliChecks.OutputFolder(output, create: false);
        TrackingAccelerator accelerator = TrackingAccelerators.Resolve(requested, "--accelerator");
        (CameraRig calibration, bool useBounded) = ReadCalibration(calibPath, units, bounded);
        options = options with
        {
            Trial = options.Trial with
            {
                Triangulation = options.Trial.Triangulation with { Search = useBounded ? ExclusionSearch.Bounded : ExclusionSearch.Exhaustive },
                FrameRate = rate,
                Accelerator = accelerator,
                Filter = butterworth ? ButterworthFilter.FromPose2SimSettings(4, 6.0, rate) : null,
            },
        };
        PrintAccelerator(accelerator, requested);
        MultiPersonTrialResult result = MultiPersonTrial.Run(calibration, pose2d, options);
        CliChecks.OutputFolder(folder);
        MultiPersonOutput.Write(result, pose2d, folder, rate, WriteTrc);
        return 0;
    }

    private static void CheckRate(double rate)
    {
        if (!(rate > 0) || rate > 1000)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--rate {rate}: give the frames per second of the 2D input, above 0 and at most 1000"));
    }

    private static (CameraRig Calibration, bool Bounded) ReadCalibration(string calibPath, LengthUnit units, bool? bounded)
    {
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
        return (calibration, useBounded);
    }

    private static void PrintAccelerator(TrackingAccelerator accelerator, TrackingAccelerator requested) =>
        Console.Out.WriteLine(accelerator == TrackingAccelerator.Reference
            ? $"Triangulating on the reference (plain C#){(requested == TrackingAccelerator.Auto ? ": auto found no CUDA or OpenCL fp64 device" : "")}."
            : $"Triangulating on ILGPU's {TrackingAccelerators.Name(accelerator)} accelerator ({(TrackingAccelerators.IsSinglePrecision(accelerator) ? "single" : "double")} precision).");

    private static void WriteTrc(TrialTriangulationResult result, string output, double rate)
    {
        TrcData trc = new(result.Trc.MarkerNames, rate, result.Trc.FrameNumbers, result.Trc.Times, result.Trc.Coordinates)
        {
            FileName = Path.GetFileName(output),
            OrigDataStartFrame = 0,
            OrigNumFrames = result.Trc.FrameCount,
        };
        TrcFile.Write(trc, output);
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
