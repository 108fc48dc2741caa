using System.CommandLine;
using System.Globalization;
using Broadcast3D.Calibration.Intrinsics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d calib intrinsics (--images DIR | --video FILE) --board SPEC --out OUT.toml</c>: each camera's K and lens
/// distortion from pictures of a board. Every camera is calibrated before anything is written, so a failure leaves
/// no file.
/// </summary>
internal static class CalibIntrinsicsCommand
{
    public static Command Create()
    {
        var images = new Option<string?>("--images")
        {
            Description = "Folder of board pictures of one camera, or a folder holding one such folder per camera (Pose2Sim's int_cam01_img, ...).",
        };
        var video = new Option<string?>("--video") { Description = "A video of the board filmed by one camera." };
        var board = new Option<string>("--board") { Description = "The board: " + BoardSpec.Syntax + ".", Required = true };
        var output = new Option<string>("--out") { Description = "Calibration TOML to write (Pose2Sim layout; the poses are left at the identity).", Required = true };
        var coverage = new Option<string?>("--coverage") { Description = "Folder to write each camera's coverage map into (NAME_coverage.png)." };
        var name = new Option<string?>("--name") { Description = "Camera name for --video or a one-camera --images folder (default: from the file or folder name)." };
        var every = new Option<int>("--every") { Description = "With --video: use every N-th frame.", DefaultValueFactory = _ => 10 };
        var minViews = new Option<int>("--min-views") { Description = "Fewest usable views per camera.", DefaultValueFactory = _ => new IntrinsicOptions().MinViews };

        var command = new Command("intrinsics", "Calibrate each camera's intrinsics (K, distortion) from pictures of a chessboard or ChArUco board.")
        {
            images, video, board, output, coverage, name, every, minViews,
        };
        command.SetAction(parse => Run(parse.GetValue(images), parse.GetValue(video), parse.GetValue(board)!, parse.GetValue(output)!,
            parse.GetValue(coverage), parse.GetValue(name), parse.GetValue(every), parse.GetValue(minViews)));
        return command;
    }

    private static int Run(string? images, string? video, string boardSpec, string output, string? coverage, string? name, int every, int minViews)
    {
        if ((images is null) == (video is null))
        {
            throw new UsageException("give either --images DIR or --video FILE (one of them)");
        }

        if (every < 1)
        {
            throw new UsageException($"--every {every}: give 1 or more (1 uses every frame)");
        }

        if (minViews < 3)
        {
            throw new UsageException($"--min-views {minViews}: give 3 or more (fewer cannot separate focal length from distance)");
        }

        BoardSpec board;
        try
        {
            board = BoardSpec.Parse(boardSpec);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--board {ex.Message}");
        }

        string outputFile = CliChecks.OutputFile(output);
        string? coverageFolder = coverage is null ? null : CliChecks.OutputFolder(coverage, "--coverage", create: false);
        var options = new IntrinsicOptions { MinViews = minViews };
        var sources = new List<(string Name, string Source, Func<IReadOnlyList<CalibrationImage>> Read)>();
        if (video is not null)
        {
            sources.Add((name ?? Path.GetFileNameWithoutExtension(video), video, () => CalibrationImages.ReadVideo(video, every)));
        }
        else if (CalibrationImages.HoldsImages(images!))
        {
            sources.Add((name ?? CalibrationImages.CameraName(images!), images!, () => CalibrationImages.ReadFolder(images!)));
        }
        else
        {
            if (!Directory.Exists(images))
            {
                throw new UsageException($"--images {images}: the folder does not exist");
            }

            string[] folders = [.. Directory.GetDirectories(images).Where(CalibrationImages.HoldsImages).Order(StringComparer.Ordinal)];
            if (folders.Length == 0)
            {
                throw new UsageException($"--images {images}: holds no image and no folder of images; give the folder of one camera's board pictures or the folder holding one per camera");
            }

            if (name is not null)
            {
                throw new UsageException($"--name {name}: only for one camera; {images} holds {folders.Length} camera folders, named after the folders");
            }

            sources.AddRange(folders.Select(f => (CalibrationImages.CameraName(f), f, (Func<IReadOnlyList<CalibrationImage>>)(() => CalibrationImages.ReadFolder(f)))));
        }

        var results = new List<IntrinsicResult>();
        foreach ((string camera, string source, Func<IReadOnlyList<CalibrationImage>> read) in sources)
        {
            IntrinsicResult result = IntrinsicCalibrator.Calibrate(camera, source, read(), board, options);
            results.Add(result);
            Print(result);
        }

        CalibrationToml.Write(new CameraRig([.. results.Select(r => r.Camera)], adjusted: false, errorPixels: results.Max(r => r.RmsPixels)), outputFile);
        if (coverageFolder is not null)
        {
            Directory.CreateDirectory(coverageFolder);
            foreach (IntrinsicResult result in results)
            {
                CoverageMap.WritePng(result, Path.Combine(coverageFolder, result.Camera.Name + "_coverage.png"));
            }
        }

        Console.Out.WriteLine($"Wrote {output}: {results.Count} camera(s), intrinsics only (rotation and translation 0: run b3d calib extrinsics next)" +
                              (coverageFolder is null ? "." : $"; coverage maps in {coverage}."));
        return 0;
    }

    private static void Print(IntrinsicResult result)
    {
        Camera c = result.Camera;
        int used = result.Views.Count(v => v.Used);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{c.Name}: {c.ImageWidth}×{c.ImageHeight}, fx {c.Intrinsics.M00:F1} fy {c.Intrinsics.M11:F1} cx {c.Intrinsics.M02:F1} cy {c.Intrinsics.M12:F1} px, " +
            $"distortion [{string.Join(", ", c.Distortion.ToOpenCv().Select(d => d.ToString("F5", CultureInfo.InvariantCulture)))}], " +
            $"RMS {result.RmsPixels:F3} px over {used} of {result.Views.Count} views, coverage {100 * result.Coverage:F0} % of the image"));
        foreach (ViewReport view in result.Views)
        {
            Console.Out.WriteLine(view.Used
                ? string.Create(CultureInfo.InvariantCulture, $"  {view.Label}: RMS {view.RmsPixels:F3} px, {view.Corners} corners")
                : $"  {view.Label}: rejected, {view.Rejection}");
        }
    }
}
