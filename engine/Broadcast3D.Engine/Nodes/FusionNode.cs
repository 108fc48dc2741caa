using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.FrameSets;
using Google.Protobuf;
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
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < ids.Length; c++)
            index[ids[c]] = c;

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

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        try
        {
            await foreach (INatsJSMsg<byte[]> message in bus.ConsumeAsync(NodeWire.Stream2D, NodeWire.Subject2DPrefix + ">", stop.Token).ConfigureAwait(false))
            {
                bytes2D += message.Data?.Length ?? 0;
                messages2D++;
                if (!NodeWire.TryDecode2D(message.Data ?? [], out CameraPoses2D poses, out string? why))
                {
                    dropped.Drop(message.Subject, why!);
                    continue;
                }
                if (!index.TryGetValue(poses.Camera, out int camera) || message.Subject != NodeWire.Subject2D(poses.Camera))
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
                    FrameSet3D result = Encode(set, fusion, ids.Length);
                    bytes3D += result.CalculateSize();
                    await bus.Publish3DAsync(result, stop.Token).ConfigureAwait(false);
                    if (set.FirstPublishedUnixNanoseconds > 0)
                        latencySum += (result.PublishedUnixNanoseconds - set.FirstPublishedUnixNanoseconds) / 1e6;
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

    /// <summary>The 3D message of the set just fused.</summary>
    internal static FrameSet3D Encode(FrameSetAssembler.ReadySet set, PoseFusion fusion, int cameras)
    {
        var message = new FrameSet3D
        {
            Version = NodeWire.Version, Frame = set.Frame, TimeNumerator = set.Time.Numerator, TimeDenominator = set.Time.Denominator,
            Segment = set.Segment, MarkerCount = (uint)Pose2SimMarkers.Definition.KeypointCount, CamerasPresent = (uint)set.CamerasPresent,
            CamerasTotal = (uint)cameras, First2DPublishedUnixNanoseconds = set.FirstPublishedUnixNanoseconds,
        };
        for (int p = 0; p < fusion.PeopleCount; p++)
        {
            var person = new Person3D { Id = fusion.PersonId(p) };
            foreach (double v in fusion.Points(p))
                person.Points.Add(v);
            foreach (double v in fusion.ErrorsPixels(p))
                person.ErrorsPixels.Add(v);
            foreach (int v in fusion.ExcludedCounts(p))
                person.ExcludedCameras.Add(v);
            message.People.Add(person);
        }
        message.PublishedUnixNanoseconds = UnixNanoseconds();
        return message;
    }

    /// <summary>Wall-clock time in Unix nanoseconds (the nodes' clocks: synchronise them, e.g. NTP/PTP, for cross-machine latency).</summary>
    internal static long UnixNanoseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
