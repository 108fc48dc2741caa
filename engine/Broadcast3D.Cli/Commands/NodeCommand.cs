using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Nodes;
using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d node ingest|fusion</c>: the pipeline split over machines on a NATS JetStream bus (issue #20; README
/// "Beyond one machine"). Bad options are usage errors (exit 1); a bus that cannot be reached is exit 3.
/// </summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var command = new Command("node", "Run one role of the pipeline split over machines on a NATS JetStream bus.");
        command.Subcommands.Add(Ingest());
        command.Subcommands.Add(Fusion());
        return command;
    }

    /// <summary>The start info of this same b3d with other arguments (the nodes of <c>demo --nodes</c>).</summary>
    public static ProcessStartInfo Launcher(IReadOnlyList<string> arguments)
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // Run as `dotnet b3d.dll`: the host needs the assembly; a published apphost is b3d itself.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(typeof(NodeCommand).Assembly.Location);
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        return start;
    }

    private static Option<string> Bus() => new("--bus") { Description = "The NATS server: nats://HOST:PORT (JetStream enabled: nats-server -js).", Required = true };

    private static Command Ingest()
    {
        var bus = Bus();
        var cameras = new Option<string[]>("--cameras")
        {
            Description = "The node's cameras as ID=SOURCE (ID: the calibration's camera name; SOURCE: a file or URL), space separated or repeated.",
            Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var detector = new Option<string>("--detector") { Description = "Person detector (model catalog name).", DefaultValueFactory = _ => "rtmdet" };
        var pose = new Option<string>("--pose") { Description = "2D pose model (model catalog name).", DefaultValueFactory = _ => "blazepose-full" };
        var every = new Option<int>("--detect-every") { Description = "Run the detector every K frames.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "CPU threads per inference (0: one per core).", DefaultValueFactory = _ => 0 };
        var frames = new Option<int?>("--frames") { Description = "Stop after N frames (default: until the sources end)." };
        var live = new Option<bool>("--live")
        {
            Description = "Live: files played at their own frame rate (as b3d run plays them), the newest frames taken when the models fall behind, capture times on the wall clock (Unix time: synchronise the nodes' clocks).",
        };
        var loop = new Option<bool>("--loop") { Description = "With --live: files start again at their end (a camera that never ends)." };
        var command = new Command("ingest", "Cameras → decode → detect → 2D pose → one message per camera per frame on b3d.2d.<camera>.")
        {
            bus, cameras, detector, pose, every, threads, frames, live, loop,
        };
        command.SetAction(parse =>
        {
            var list = new List<(string, string)>();
            foreach (string item in parse.GetValue(cameras) ?? [])
            {
                int eq = item.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                    throw new UsageException($"--cameras '{item}': give ID=SOURCE (e.g. cam_01=videos/cam01.mp4)");
                list.Add((item[..eq], item[(eq + 1)..]));
            }
            var options = new IngestNodeOptions
            {
                Bus = new BusOptions { Url = parse.GetValue(bus)! }, Cameras = list, Detector = parse.GetValue(detector)!,
                PoseModel = parse.GetValue(pose)!, DetectEvery = parse.GetValue(every), InferenceThreads = parse.GetValue(threads),
                MaxFrames = parse.GetValue(frames), Live = parse.GetValue(live), Loop = parse.GetValue(loop),
            };
            Validate(options.Validate);
            return RunNode(token => IngestNode.RunAsync(options, cancellation: token));
        });
        return command;
    }

    private static Command Fusion()
    {
        var bus = Bus();
        var calibration = new Option<string>("--calibration") { Description = "Calibration TOML of every camera (its camera names are the ids on the bus).", Required = true };
        var skeleton = new Option<string>("--skeleton") { Description = "Keypoint layout the camera nodes publish: BLAZEPOSE_33 or COCO_17.", DefaultValueFactory = _ => "BLAZEPOSE_33" };
        var maxPeople = new Option<int>("--max-people") { Description = "Most 3D people per frame set.", DefaultValueFactory = _ => 4 };
        var accelerator = new Option<string>("--accelerator") { Description = "Where the triangulation runs: " + string.Join(", ", TrackingAccelerators.Names) + ".", DefaultValueFactory = _ => "reference" };
        accelerator.AcceptOnlyFromAmong([.. TrackingAccelerators.Names]);
        var stall = new Option<double>("--stall-timeout") { Description = "Seconds a frame set waits for a camera before it goes on without it.", DefaultValueFactory = _ => 0.1 };
        var waitAll = new Option<bool>("--wait-for-all") { Description = "Wait for every camera (offline, deterministic) instead of the stall timeout." };
        var retention = new Option<double>("--retention-hours") { Description = "How long the 3D stream keeps frame sets (0: until removed).", DefaultValueFactory = _ => 24 };
        var keepRunning = new Option<bool>("--keep-running") { Description = "Keep running after every camera sent its end of stream (live)." };
        var rate = new Option<string>("--rate") { Description = "The cameras' frame rate: the grid the 2D is synced on by capture time (e.g. 60, 59.94, 60000/1001).", DefaultValueFactory = _ => "60" };
        var command = new Command("fusion", "Every camera's 2D from the bus → sync → association → triangulation → ids → 3D per frame set on b3d.3d (JetStream B3D_3D).")
        {
            bus, calibration, skeleton, maxPeople, accelerator, stall, waitAll, retention, keepRunning, rate,
        };
        command.SetAction(parse =>
        {
            TrackingAccelerators.TryParse(parse.GetValue(accelerator), out TrackingAccelerator requested);
            double hours = parse.GetValue(retention);
            if (hours < 0 || double.IsNaN(hours))
                throw new UsageException($"--retention-hours {hours}: give 0 (keep) or more");
            double stallSeconds = parse.GetValue(stall);
            if (!(stallSeconds > 0))
                throw new UsageException($"--stall-timeout {stallSeconds}: give a positive number of seconds (or --wait-for-all)");
            FrameRate frameRate;
            try
            {
                frameRate = FrameRate.Parse(parse.GetValue(rate)!);
            }
            catch (FormatException e)
            {
                throw new UsageException($"--rate {parse.GetValue(rate)}: {e.Message}");
            }
            var options = new FusionNodeOptions
            {
                Bus = new BusOptions { Url = parse.GetValue(bus)!, Retention3D = TimeSpan.FromHours(hours) },
                CalibrationPath = parse.GetValue(calibration)!, Skeleton = parse.GetValue(skeleton)!, MaxPeople = parse.GetValue(maxPeople),
                Accelerator = requested, StallTimeout = parse.GetValue(waitAll) ? null : TimeSpan.FromSeconds(stallSeconds),
                ExitWhenEnded = !parse.GetValue(keepRunning), FrameRate = frameRate,
            };
            Validate(options.Validate);
            return RunNode(async token =>
            {
                FusionNodeSummary summary = await FusionNode.RunAsync(options, cancellation: token).ConfigureAwait(false);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fusion: {summary.Sets} frame sets, {summary.IncompleteSets} with a camera missing ({string.Join(", ", summary.CameraMissingSets.Select(kv => $"{kv.Key} {kv.Value}"))}), " +
                    $"{summary.Dropped} messages dropped, {summary.Duplicates} duplicates, mean publish → 3D {summary.MeanLatencyMilliseconds:0.0} ms"));
                return summary.Sets;
            });
        });
        return command;
    }

    private static void Validate(Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static int RunNode(Func<CancellationToken, Task<long>> run)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // stop between frames and say how far it got
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            run(cancel.Token).GetAwaiter().GetResult();
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
