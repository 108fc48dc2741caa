using System.CommandLine;
using System.Globalization;
using Broadcast3D.Engine.Meshes;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Meshes;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d mesh TRIAL_OR_RECORDING [--calib CALIB.toml] --out DIR [--start N] [--frames N] [--voxel M] [--triangles N]
/// [--misses N] [--accelerator …] [--compare-frames N]</c>: per-frame athlete meshes (OBJ with vertex colours, glTF) and
/// <c>DIR/mesh.json</c> with the silhouette, leave-one-camera-out and timing figures (issue #18).
/// </summary>
internal static class MeshCommand
{
    public static Command Create()
    {
        var trial = new Argument<string>("TRIAL_OR_RECORDING")
        {
            Description = "Trial folder with one video per camera (directly or in videos/, calibration order), or a recording of b3d run (its last run; cameras with a recorded calibration).",
        };
        var calib = new Option<string?>("--calib") { Description = "Calibration TOML (default: the one *Calibration* folder Pose2Sim keeps up to three levels above the trial)." };
        var output = new Option<string>("--out") { Description = "Folder for meshes/ and mesh.json (created).", Required = true };
        var start = new Option<int>("--start") { Description = "First frame set meshed (0-based).", DefaultValueFactory = _ => 0 };
        var frames = new Option<int>("--frames") { Description = "Frame sets meshed from --start.", DefaultValueFactory = _ => 100 };
        var voxel = new Option<double>("--voxel") { Description = "Voxel edge in metres (0.002–0.2).", DefaultValueFactory = _ => 0.01 };
        var triangles = new Option<int>("--triangles") { Description = "Triangle budget per mesh (≥ 100).", DefaultValueFactory = _ => 20000 };
        var misses = new Option<int>("--misses") { Description = "Cameras that may disagree about a voxel when four or more carve (0–2).", DefaultValueFactory = _ => 1 };
        var smoothing = new Option<int>("--smoothing") { Description = "Taubin smoothing passes (0–100).", DefaultValueFactory = _ => 4 };
        var pose = new Option<string>("--pose") { Description = "BlazePose model: blazepose-lite, blazepose-full or blazepose-heavy.", DefaultValueFactory = _ => "blazepose-full" };
        var accelerator = new Option<string>("--accelerator")
        {
            Description = "Where the mesh's carving runs: auto (CUDA, else OpenCL with fp64, else reference), cuda, opencl, cpu or reference.",
            DefaultValueFactory = _ => "auto",
        };
        accelerator.AcceptOnlyFromAmong([.. TrackingAccelerators.Names]);
        var compare = new Option<int>("--compare-frames") { Description = "Meshes on which the C# reference and the ILGPU CPU kernel are both timed and compared (0 = none).", DefaultValueFactory = _ => 1 };
        var command = new Command("mesh", "3D athlete meshes (visual hull from the cameras' person masks): OBJ + glTF per frame and mesh.json figures.")
        {
            trial, calib, output, start, frames, voxel, triangles, misses, smoothing, pose, accelerator, compare,
        };
        command.SetAction(parse =>
        {
            TrackingAccelerators.TryParse(parse.GetValue(accelerator), out TrackingAccelerator requested);
            var mesh = new MeshOptions(VoxelMetres: parse.GetValue(voxel), TriangleBudget: parse.GetValue(triangles),
                SmoothingIterations: parse.GetValue(smoothing), AllowedMisses: parse.GetValue(misses));
            try
            {
                mesh.Validate();
            }
            catch (ArgumentOutOfRangeException ex)
            {
                string option = ex.ParamName switch
                {
                    nameof(MeshOptions.VoxelMetres) => "--voxel",
                    nameof(MeshOptions.TriangleBudget) => "--triangles",
                    nameof(MeshOptions.AllowedMisses) => "--misses",
                    nameof(MeshOptions.SmoothingIterations) => "--smoothing",
                    _ => ex.ParamName ?? "an option",
                };
                throw new UsageException($"{option}: {ex.Message.Split(" (Parameter", 2)[0]}");
            }
            if (parse.GetValue(start) < 0 || parse.GetValue(frames) < 1 || parse.GetValue(compare) < 0)
                throw new UsageException($"--start and --compare-frames must be ≥ 0 and --frames ≥ 1 (got {parse.GetValue(start)}, {parse.GetValue(compare)}, {parse.GetValue(frames)})");
            string poseName = parse.GetValue(pose)!;
            try
            {
                if (ModelCatalog.Resolve(poseName).Family != ModelFamily.BlazePose)
                    throw new UsageException($"--pose {poseName}: meshes need the person mask only BlazePose gives; use blazepose-lite, -full or -heavy");
            }
            catch (ArgumentException ex)
            {
                throw new UsageException($"--pose {poseName}: {CliChecks.Message(ex)}");
            }
            var options = new MeshRunOptions(parse.GetValue(output)!, parse.GetValue(start), parse.GetValue(frames), requested, mesh, parse.GetValue(pose)!,
                CompareFrames: parse.GetValue(compare));
            MeshReport report;
            if (MeshRecordingRunner.IsRecording(parse.GetValue(trial)!))
            {
                if (parse.GetValue(calib) is { } given)
                    throw new UsageException($"--calib {given}: {parse.GetValue(trial)} is a recording, which carries the calibration of each camera; leave --calib out");
                report = ConsoleProgress.Run(progress => MeshRecordingRunner.Run(parse.GetValue(trial)!, options, progress));
            }
            else
            {
                MeshTrialInput input = MeshTrialInput.Resolve(parse.GetValue(trial)!, parse.GetValue(calib));
                report = ConsoleProgress.Run(progress => MeshTrialRunner.Run(input, options, progress));
            }
            Print(report, options.OutputDirectory);
            return report.Frames.Meshed > 0 ? CliErrors.Ok : CliErrors.BadInput;
        });
        return command;
    }

    private static void Print(MeshReport r, string output)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine(string.Create(inv, $"{r.Frames.Meshed} meshes from {r.Frames.Processed} frame sets ({r.Frames.Skipped} skipped) → {Path.Combine(output, "meshes")}"));
        foreach (KeyValuePair<string, int> s in r.Frames.SkipReasons)
            Console.Out.WriteLine(string.Create(inv, $"  skipped {s.Value}×: {s.Key}"));
        foreach (MeshCameraFigures c in r.Cameras)
        {
            Console.Out.WriteLine(string.Create(inv,
                $"  {c.Name} ({c.Video}): silhouette IoU {Figure(c.SilhouetteIoU)}, leave-one-out IoU {Figure(c.LeaveOneOutIoU)}; carved {c.FramesCarved}, no mask {c.FramesWithoutMask}, partly out of frame {c.FramesPartlyOutOfFrame}, left out otherwise {c.FramesLeftOutOtherwise}"));
        }
        foreach (string v in r.CamerasWithoutCalibration)
            Console.Out.WriteLine($"  {v}: no calibration camera for this video (not used)");
        MeshTiming t = r.Timing;
        Console.Out.WriteLine(string.Create(inv,
            $"carving per frame (median): C# reference {t.ReferenceCarveMs:F0} ms, ILGPU CPU kernel {t.IlgpuCpuCarveMs:F0} ms on {t.ComparedMeshes} mesh(es) (×{t.KernelOverReference:F2}), identical: {t.IdenticalOccupancy}; surface + colour {t.SurfaceAndColourMs:F0} ms; whole frame {t.FrameMs:F0} ms"));
        Console.Out.WriteLine($"figures → {Path.Combine(output, MeshTrialRunner.ReportFileName)}");
    }

    private static string Figure(double? iou) => iou is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";
}
