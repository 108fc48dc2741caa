using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Nodes;

/// <summary>
/// <c>b3d demo --nodes</c>: the demo with its tracking pass split over processes on a local bus. A
/// <see cref="NatsServerProcess"/> on a free loopback port (store in a temporary folder, removed after), one
/// <c>b3d node ingest</c> process per camera and one <c>b3d node fusion</c> process (waiting for every camera: the
/// result is deterministic); then this process reads the 3D and 2D back from the streams into the same capture, boxes
/// and OpenPose JSON the one-process pass 1 fills, and the rest of the demo (filtering, TRC, pictures, summary) is
/// <see cref="OfflineTrialRunner"/>'s. Same 2D (the models see each camera's frames alone, as they do batched) and
/// the same maths, so the raw 3D equals the one-process demo's.
/// </summary>
public static class NodesDemo
{
    /// <summary>
    /// Runs the trial through the nodes. <paramref name="launch"/> makes the start info of a <c>b3d</c> process with the
    /// given arguments. Throws what <see cref="OfflineTrialRunner.Run(OfflineTrialInput, OfflineRunOptions, IProgress{OfflineProgress}?, CancellationToken)"/>
    /// throws, and <see cref="NodeException"/> naming the node that failed (its own error is on standard error) or a missing nats-server.
    /// </summary>
    public static OfflineRunSummary Run(OfflineTrialInput input, OfflineRunOptions options, Func<IReadOnlyList<string>, ProcessStartInfo> launch,
        IProgress<OfflineProgress>? progress = null, CancellationToken cancellation = default, Serilog.ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(launch);
        log ??= Serilog.Log.Logger;
        SkeletonDefinition skeleton = PoseSkeleton(ModelCatalog.Resolve(options.PoseModel).Family);
        return OfflineTrialRunner.Run(input, options, targets => Track(input, options, targets, skeleton, launch, log), progress, cancellation);
    }

    /// <summary>The keypoint layout a pose model family yields.</summary>
    public static SkeletonDefinition PoseSkeleton(ModelFamily family) => family switch
    {
        ModelFamily.BlazePose => SkeletonCatalog.BlazePose33,
        ModelFamily.MoveNet or ModelFamily.RtmPose => SkeletonCatalog.Coco17,
        _ => throw new ArgumentException($"{family} is not a pose model family"),
    };

    private static (int Frames, double Skew) Track(OfflineTrialInput input, OfflineRunOptions options, TrialTrackingTargets targets,
        SkeletonDefinition skeleton, Func<IReadOnlyList<string>, ProcessStartInfo> launch, Serilog.ILogger log)
    {
        string store = Path.Combine(Path.GetTempPath(), $"b3d-nodes-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var nodes = new List<(string Name, Process Process)>();
        try
        {
            using NatsServerProcess server = NatsServerProcess.Start(store);
            log.Information("nats-server with JetStream on {Url:l} (store {Store:l})", server.Url, store);
            string inv(int v) => v.ToString(CultureInfo.InvariantCulture);
            string[] ids = [.. targets.Calibration.Cameras.Select(c => c.Name)];
            for (int c = 0; c < ids.Length; c++)
            {
                nodes.Add(($"ingest {ids[c]}", Start(launch, ["node", "ingest", "--bus", server.Url, "--cameras", $"{ids[c]}={input.Videos[c]}",
                    "--detector", options.Detector, "--pose", options.PoseModel, "--detect-every", inv(options.DetectEvery),
                    "--threads", inv(options.InferenceThreads), "--frames", inv(targets.Total)])));
            }
            nodes.Add(("fusion", Start(launch, ["node", "fusion", "--bus", server.Url, "--calibration", input.CalibrationPath,
                "--skeleton", skeleton.Name, "--max-people", inv(options.MaxPeople), "--accelerator", TrackingAccelerators.Name(options.Accelerator),
                "--wait-for-all"])));
            WaitAll(nodes, targets.Cancellation);

            var bus = NodeBus.ConnectAsync(new BusOptions { Url = server.Url }, "b3d demo", targets.Cancellation).GetAwaiter().GetResult();
            try
            {
                return ReadBack(bus, ids, skeleton, targets);
            }
            finally
            {
                bus.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            foreach ((_, Process p) in nodes)
            {
                if (!p.HasExited)
                    p.Kill(entireProcessTree: true);
                p.Dispose();
            }
            if (Directory.Exists(store))
                Directory.Delete(store, recursive: true);
        }
    }

    private static Process Start(Func<IReadOnlyList<string>, ProcessStartInfo> launch, string[] arguments) =>
        Process.Start(launch(arguments)) ?? throw new NodeException($"b3d {string.Join(' ', arguments)} did not start");

    /// <summary>Waits for every node; the first that fails stops the others.</summary>
    private static void WaitAll(List<(string Name, Process Process)> nodes, CancellationToken cancellation)
    {
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            bool all = true;
            foreach ((string name, Process p) in nodes)
            {
                if (!p.HasExited)
                {
                    all = false;
                    continue;
                }
                if (p.ExitCode != 0)
                    throw new NodeException($"node '{name}' exited with code {p.ExitCode} (its error is above); the other nodes were stopped");
            }
            if (all)
                return;
            nodes[0].Process.WaitForExit(100);
        }
    }

    private static (int Frames, double Skew) ReadBack(NodeBus bus, string[] ids, SkeletonDefinition skeleton, TrialTrackingTargets targets)
    {
        int frames = 0;
        var dropped = new DroppedMessages();
        foreach ((string subject, byte[] data) in bus.ReadAllAsync(NodeWire.Stream3D, NodeWire.Subject3D, targets.Cancellation).GetAwaiter().GetResult())
        {
            if (!NodeWire.TryDecode3D(data, out FrameSet3D set, out string? why))
            {
                dropped.Drop(subject, why!);
                continue;
            }
            if (set.Frame >= targets.Total)
                continue;
            int f = (int)set.Frame;
            frames = Math.Max(frames, f + 1);
            for (int p = 0; p < set.People.Count && p < targets.Capture.Slots; p++)
            {
                Person3D person = set.People[p];
                targets.Capture.StorePerson(f, p, person.Id, [.. person.Points], [.. person.ErrorsPixels], [.. person.ExcludedCameras]);
            }
            targets.Progress?.Report(new OfflineProgress("tracking (nodes)", f + 1, targets.Total));
        }
        var json = new OpenPoseJsonWriter(skeleton);
        var poses = new CameraPoses(16, skeleton, skeleton.KeypointCount);
        var first = new double[frames];
        Array.Fill(first, double.NaN);
        double skew = 0;
        foreach ((string subject, byte[] data) in bus.ReadAllAsync(NodeWire.Stream2D, NodeWire.Subject2DPrefix + ">", targets.Cancellation).GetAwaiter().GetResult())
        {
            if (!NodeWire.TryDecode2D(data, out CameraPoses2D message, out string? why) || !NodeWire.TryFill(message, poses, out why))
            {
                dropped.Drop(subject, why!);
                continue;
            }
            int c = Array.IndexOf(ids, message.Camera);
            if (message.EndOfStream || c < 0 || message.Frame >= frames)
                continue;
            int f = (int)message.Frame;
            json.Write(Path.Combine(targets.JsonFolders[c], OpenPoseJsonWriter.FileName(targets.CameraNames[c], f)), poses);
            targets.Boxes.Store(f, c, poses);
            double capture = (double)message.CaptureNumerator / message.CaptureDenominator;
            if (double.IsNaN(first[f]))
                first[f] = capture;
            skew = Math.Max(skew, Math.Abs(capture - first[f]));
        }
        return (frames, skew);
    }
}
