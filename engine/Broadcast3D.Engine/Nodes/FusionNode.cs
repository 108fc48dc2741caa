using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.FrameSets;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Broadcast3D.Engine.Nodes;

/// <summary>
/// <c>b3d node fusion</c>: every camera's 2D from the bus (stream <see cref="NodeWire.Stream2D"/>) → frame sets
/// (<see cref="FrameSetAssembler"/>) → <see cref="PoseFusion"/> (the same association, triangulation and ids as the
/// one-process tracker) → one <see cref="FrameSet3D"/> per set published on <see cref="NodeWire.Subject3D"/> and
/// kept in <see cref="NodeWire.Stream3D"/> (raw 3D, as triangulated: consumers filter as they need). A node that
/// restarts resumes after the newest set in the stream: earlier 2D still kept is skipped, a set published again is
/// de-duplicated by its message id. Bad messages are counted and dropped (<see cref="DroppedMessages"/>).
/// </summary>
public static class FusionNode
{
    /// <summary>
    /// Runs until cancelled, or (with <see cref="FusionNodeOptions.ExitWhenEnded"/>) until every camera ended.
    /// Throws <see cref="ArgumentException"/> for bad options, an asset exception for a missing calibration,
    /// <see cref="NodeException"/> when the bus cannot be reached.
    /// </summary>
    public static async Task<FusionNodeSummary> RunAsync(FusionNodeOptions options, Serilog.ILogger? log = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Core.Assets.AssetLocator.RequireFile(options.CalibrationPath, "calibration", "give the calibration TOML of every camera (--calibration)");
        return await RunAsync(options, CalibrationToml.Read(options.CalibrationPath), log, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="RunAsync(FusionNodeOptions, Serilog.ILogger?, CancellationToken)"/> over a rig given directly (a
    /// synthetic rig of a load generator or a test); <see cref="FusionNodeOptions.CalibrationPath"/> only names it in messages.
    /// </summary>
    public static async Task<FusionNodeSummary> RunAsync(FusionNodeOptions options, CameraRig rig, Serilog.ILogger? log = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rig);
        options.Validate();
        log ??= Serilog.Log.Logger;
        SkeletonDefinition skeleton = NodeWire.Skeleton(options.Skeleton)
            ?? throw new ArgumentException($"--skeleton '{options.Skeleton}': give BLAZEPOSE_33 or COCO_17 (the camera nodes' pose model layout)");
        string[] ids = [.. rig.Cameras.Select(c => c.Name)];
        foreach (string id in ids)
            NodeWire.RequireCameraId(id, options.CalibrationPath);

        TrackingAccelerator accelerator = TrackingAccelerators.Resolve(options.Accelerator, "--accelerator");
        using var fusion = new PoseFusion(rig, skeleton, options.MaxPeople, new PipelineStages(), accelerator, maxPeoplePerCamera: options.MaxPeoplePerCamera);
        await using NodeBus bus = await NodeBus.ConnectAsync(options.Bus, "b3d fusion", cancellation).ConfigureAwait(false);
        long first = (await bus.Last3DFrameAsync(cancellation).ConfigureAwait(false) is { } last) ? last + 1 : 0;
        if (first > 0)
            log.Information("fusion resumes at frame {Frame} (the stream holds the sets before it)", first);
        var assembler = new FrameSetAssembler(ids, skeleton, options.MaxPeoplePerCamera, options.FrameRate, options.StallTimeout, firstFrame: first, log: log);
        var dropped = new DroppedMessages(log);
        long alreadyFused = 0, bytes2D = 0, messages2D = 0, bytes3D = 0;
        double latencySum = 0;
        log.Information("fusion of {Cameras} cameras on {Bus:l}: {Skeleton:l} 2D → 3D on {Subject:l}", ids.Length, options.Bus.Url, skeleton.Name, NodeWire.Subject3D);

        // Per camera, its id as UTF-8 and its subject: a message's camera is found and checked without making strings.
        byte[][] idsUtf8 = [.. ids.Select(System.Text.Encoding.UTF8.GetBytes)];
        string[] subjects = [.. ids.Select(NodeWire.Subject2D)];
        var writer = new FrameSet3DWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        try
        {
            // Pooled payloads (returned at the end of each turn) and a message read in place, the people copied into the
            // assembler's buffers, one reused 3D message: the fusion's own path allocates nothing per set
            // (docs/nodes.md, "Allocation on the fusion path"); what NATS.Net allocates per message is its own.
            await foreach (NatsJSMsg<NatsMemoryOwner<byte>> message in bus.ConsumeAsync<NatsMemoryOwner<byte>>(NodeWire.Stream2D, NodeWire.Subject2DPrefix + ">", stop.Token).ConfigureAwait(false))
            {
                using NatsMemoryOwner<byte> payload = message.Data;
                bytes2D += payload.Length;
                messages2D++;
                if (!CameraPoses2DView.TryRead(payload.Span, out CameraPoses2DView poses, out string? why))
                {
                    dropped.Drop(message.Subject, why!);
                    continue;
                }
                int camera = idsUtf8.Length - 1;
                while (camera >= 0 && !poses.IsCamera(idsUtf8[camera]))
                    camera--;
                if (camera < 0 || message.Subject != subjects[camera])
                {
                    dropped.Drop(message.Subject, $"camera '{poses.Camera}' is not in the calibration {options.CalibrationPath} (or not on its own subject)");
                    continue;
                }
                if (!poses.EndOfStream && assembler.SetIndex(poses) < first)
                {
                    alreadyFused++;
                    continue;
                }
                if (!assembler.Add(camera, poses, out why))
                {
                    dropped.Drop(message.Subject, why!);
                    continue;
                }
                while (assembler.TryTake(out FrameSetAssembler.ReadySet? set))
                {
                    fusion.Process(set.Poses);
                    ReadOnlyMemory<byte> result = writer.Write(set, fusion, ids.Length);
                    bytes3D += result.Length;
                    await bus.Publish3DAsync(result, writer.Message.Segment, writer.Message.Frame, stop.Token).ConfigureAwait(false);
                    if (set.FirstPublishedUnixNanoseconds > 0)
                        latencySum += (writer.Message.PublishedUnixNanoseconds - set.FirstPublishedUnixNanoseconds) / 1e6;
                }
                if (options.ExitWhenEnded && assembler.Finished)
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Ctrl-C or the host stopping the node: the summary says how far it got.
        }
        var missing = new Dictionary<string, long>();
        for (int c = 0; c < ids.Length; c++)
            missing[ids[c]] = assembler.CameraMissingSets[c];
        var summary = new FusionNodeSummary(assembler.Sets, assembler.IncompleteSets, missing, dropped.Total, alreadyFused, bus.Duplicates, first,
            assembler.Sets == 0 ? 0 : latencySum / assembler.Sets)
        {
            Mean2DBytes = messages2D == 0 ? 0 : (double)bytes2D / messages2D,
            Mean3DBytes = assembler.Sets == 0 ? 0 : (double)bytes3D / assembler.Sets,
        };
        log.Information("fusion done: {Sets} sets ({Incomplete} with a camera missing), {Dropped} messages dropped, mean publish → 3D {Latency:0.0} ms, " +
            "messages {Bytes2D:0} B (2D, per camera and frame) and {Bytes3D:0} B (3D, per set) on average",
            summary.Sets, summary.IncompleteSets, summary.Dropped, summary.MeanLatencyMilliseconds, summary.Mean2DBytes, summary.Mean3DBytes);
        return summary;
    }

    /// <summary>Wall-clock time in Unix nanoseconds (the nodes' clocks: synchronise them, e.g. NTP/PTP, for cross-machine latency).</summary>
    internal static long UnixNanoseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
