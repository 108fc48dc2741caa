using System.CommandLine;
using Broadcast3D.Core.Assets;
using Broadcast3D.Engine.Nodes;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Gpu;
using Broadcast3D.Ndi;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Meshes;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Cli.Commands;

/// <summary><c>b3d demo</c>: the whole pipeline offline on the built-in 4-camera sample (issue #7).</summary>
internal static class DemoCommand
{
    // 3 cm: carving, surface and colours take about 0.45 s per frame set on the 2-core VM (6 % of the demo's run), so the
    // demo and CI stay within their time; 1 cm takes seconds per mesh for a finer but similar silhouette (docs/mesh.md).
    private const double DemoMeshVoxelMetres = 0.03;

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "b3d-demo" };
        var ndi = new Option<string?>("--ndi") { Description = "Also send the programme over NDI under this source name." };
        var frames = new Option<int?>("--frames") { Description = "Process only the first N frame sets (quick look)." };
        var threads = new Option<int>("--threads") { Description = "CPU threads per inference (0: one per core).", DefaultValueFactory = _ => 0 };
        var accelerator = new Option<string>("--accelerator")
        {
            Description = "Where the tracking kernels run: auto (CUDA, else OpenCL with fp64, else reference), cuda, opencl, cpu (ILGPU's CPU accelerator) or reference; cuda-float, opencl-float, cpu-float triangulate in single precision.",
            DefaultValueFactory = _ => "auto",
        };
        accelerator.AcceptOnlyFromAmong([.. TrackingAccelerators.Names]);
        var preprocess = new Option<string>("--preprocess")
        {
            Description = "What crops the models' inputs: auto (the ILGPU kernel on CUDA, else OpenCL with fp64, else reference), cuda, opencl, cpu (the kernel on ILGPU's CPU accelerator: slow, for testing) or reference (plain C#).",
            DefaultValueFactory = _ => "auto",
        };
        preprocess.AcceptOnlyFromAmong([.. CropPreprocessors.Names]);
        var blur = new Option<string>("--blur")
        {
            Description = "Who is blurred: untracked (everyone not linked to an identity that consented to broadcast), unconsented (only linked people who did not) or none.",
            DefaultValueFactory = _ => "untracked",
        };
        blur.AcceptOnlyFromAmong("untracked", "unconsented", "none");
        var consent = new Option<string?>("--consent") { Description = "Consent registry (JSON; default: the sample's athlete consented to everything, linked as the person tracked the longest)." };
        var nodes = new Option<bool>("--nodes") { Description = "Track through a local nats-server: one ingest process per camera and a fusion process (same files)." };
        var mesh = new Option<string>("--mesh")
        {
            Description = "The orbit replay's athlete: carved (the visual-hull mesh from the cameras, coloured, on a floor with its shadow) or none (body capsules).",
            DefaultValueFactory = _ => "carved",
        };
        mesh.AcceptOnlyFromAmong("carved", "none");
        var meshVoxel = new Option<double>("--mesh-voxel")
        {
            Description = $"Voxel edge of the orbit replay's carving, metres (0.002–0.2; default {DemoMeshVoxelMetres}: 1 cm is 27 times the voxels and seconds per frame set).",
            DefaultValueFactory = _ => DemoMeshVoxelMetres,
        };
        var meshMisses = new Option<int>("--mesh-misses")
        {
            Description = "Cameras that may see a voxel outside the athlete's mask while it is kept (0–2, with four or more cameras; default 0: " +
                          "on this trial one miss leaves phantom limbs where three cameras' cones meet).",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("demo", "Run the full pipeline offline on the built-in 4-camera Balancing trial and write ./b3d-demo/.")
        {
            output, ndi, frames, threads, accelerator, preprocess, blur, consent, nodes, mesh, meshVoxel, meshMisses,
        };
        command.SetAction(parse =>
        {
            TrackingAccelerators.TryParse(parse.GetValue(accelerator), out TrackingAccelerator requested);
            CropPreprocessors.TryParse(parse.GetValue(preprocess), out TrackingAccelerator crops);
            BlurMode mode = parse.GetValue(blur) switch { "none" => BlurMode.None, "unconsented" => BlurMode.Unconsented, _ => BlurMode.Untracked };
            MeshOptions? meshOptions = parse.GetValue(mesh) == "none" ? null : new MeshOptions(VoxelMetres: parse.GetValue(meshVoxel), AllowedMisses: parse.GetValue(meshMisses));
            return Run(parse.GetValue(output)!, parse.GetValue(ndi), parse.GetValue(frames), parse.GetValue(threads), requested, crops, mode, parse.GetValue(consent),
                parse.GetValue(nodes), meshOptions);
        });
        return command;
    }

    private static int Run(string output, string? ndiName, int? frames, int threads, TrackingAccelerator accelerator, TrackingAccelerator preprocess, BlurMode blur, string? consentPath,
        bool nodes, MeshOptions? mesh)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // let the run stop between frame sets and close its files
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            if (frames is < 1)
                throw new UsageException($"--frames {frames}: give a number of frame sets of 1 or more (or leave it out for all)");
            CliChecks.Threads(threads);
            // The ingest processes of --nodes take their own command line, which does not carry this choice.
            if (nodes && preprocess != TrackingAccelerator.Auto)
                throw new UsageException($"--preprocess {CropPreprocessors.Names[(int)preprocess]}: the ingest processes of --nodes crop with auto; leave --preprocess out with --nodes");
            if (mesh is not null && !(mesh.VoxelMetres >= 0.002 && mesh.VoxelMetres <= 0.2))
                throw new UsageException($"--mesh-voxel {mesh.VoxelMetres}: give a voxel edge of 0.002–0.2 m (or --mesh none)");
            if (mesh is not null && mesh.AllowedMisses is < 0 or > 2)
                throw new UsageException($"--mesh-misses {mesh.AllowedMisses}: give 0, 1 or 2 cameras");
            string outputDirectory = CliChecks.OutputFolder(output, create: false);
            OfflineTrialInput input = OfflineTrialInput.BalancingDemo();
            ConsentRegistry consent = consentPath is null ? ConsentRegistry.DemoAthlete() : ConsentRegistry.Load(consentPath);
            if (ndiName is not null)
                NdiRuntime.Load(); // fail before minutes of work, not after
            using (GpuDevice.Create())
            {
                // The pictures are drawn after tracking: a machine without EGL/OpenGL 4.5 is told now, not then.
            }

            var options = new OfflineRunOptions
            {
                OutputDirectory = outputDirectory,
                MaxFrames = frames,
                InferenceThreads = threads,
                NdiSourceName = ndiName,
                Accelerator = accelerator,
                Preprocess = preprocess,
                Blur = blur,
                Consent = consent,
                Mesh = mesh,
            };
            Console.Out.WriteLine($"b3d demo: {input.Name}, {input.Videos.Count} cameras → {options.OutputDirectory}");
            OfflineRunSummary summary = ConsoleProgress.Run(p => nodes
                ? NodesDemo.Run(input, options, NodeCommand.Launcher, p, cancel.Token)
                : OfflineTrialRunner.Run(input, options, p, cancel.Token));
            SummaryPrinter.Print(summary, options.OutputDirectory);
            return 0;
        }
        catch (AssetNotFoundException ex)
        {
            // Still one line: where the missing sample and models come from is the "what to do" of this error.
            throw new AssetNotFoundException(ex.FileName ?? "", $"{ex.Message} (the sample is Pose2Sim's demo, github.com/perfanalytics/pose2sim, " +
                                                               "Pose2Sim/Demo_SinglePerson, BSD-3; the models come from their publishers, see <shared>/models/MODELS.md)");
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
