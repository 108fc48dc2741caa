using Broadcast3D.Core.Assets;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Engine.Sync;
using Broadcast3D.Media;
using Broadcast3D.Media.Ingest;
using Broadcast3D.Tracking.FrameSets;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Nodes;

/// <summary>
/// <c>b3d node ingest</c>: a group of cameras → the same readers, <see cref="CameraSync"/> and
/// <see cref="Pose2DPipeline"/> as the one-process pipeline → one <see cref="CameraPoses2D"/> per camera per frame on
/// <c>b3d.2d.&lt;camera&gt;</c>, each acknowledged by JetStream before the next frame (a node never runs ahead of the
/// bus), then an end-of-stream message per camera when its source ended. Every frame is processed in order (the
/// offline readers: a source is read as fast as the models go). A restarted node resumes after the newest frame the
/// bus has of its cameras; a frame sent twice (a retry) is stored once, by its message id (camera, segment, frame).
/// </summary>
public static class IngestNode
{
    /// <summary>
    /// Runs until the sources end, <see cref="IngestNodeOptions.MaxFrames"/>, or cancellation; returns the frames
    /// published per camera. Throws <see cref="ArgumentException"/> for bad options, an asset exception for a missing
    /// model or file, <see cref="MediaException"/> for a source that cannot be read, <see cref="NodeException"/>
    /// when the bus cannot be reached.
    /// </summary>
    public static async Task<long> RunAsync(IngestNodeOptions options, Serilog.ILogger? log = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        log ??= Serilog.Log.Logger;
        ModelReference detectorModel = ModelCatalog.Resolve(options.Detector);
        ModelReference poseModel = ModelCatalog.Resolve(options.PoseModel);
        string[] sources = [.. options.Cameras.Select(c => c.Source)];
        string[] ids = [.. options.Cameras.Select(c => c.Id)];
        foreach (string source in sources)
        {
            if (!source.Contains("://", StringComparison.Ordinal))
                AssetLocator.RequireFile(source, "camera source", "give an existing video file or a URL per camera (--cameras ID=SOURCE)");
        }
        FrameRate rate;
        using (Decoder probe = Decoder.Open(sources[0], new DecoderOptions { Hardware = HardwareDecode.Software }))
            rate = probe.Stream.FrameRate ?? throw new ArgumentException($"{sources[0]} declares no frame rate; the frame sets need one");

        var stages = new PipelineStages();
        var inference = new InferenceOptions(ExecutionProvider.Auto, options.InferenceThreads);
        using var pose = new Pose2DPipeline(
            new TimedPersonDetector(ModelCatalog.CreateDetector(detectorModel, inference), stages.Detect),
            new TimedPoseEstimator(ModelCatalog.CreateEstimator(poseModel, inference), stages.Pose),
            ids.Length, new Pose2DOptions(DetectEvery: options.DetectEvery));
        await using NodeBus bus = await NodeBus.ConnectAsync(options.Bus, $"b3d ingest {string.Join(',', ids)}", cancellation).ConfigureAwait(false);
        log.Information("ingest of {Cameras:l} at {Rate} fps: {Models:l} → {Subject:l}<camera>", string.Join(", ", ids), rate.ToDouble(), pose.Description, NodeWire.Subject2DPrefix);

        // A restarted node resumes after the newest frame the bus has of all its cameras: the frames before are read
        // (the sources are files or streams read in order) but not run through the models nor sent again.
        long resume = -1;
        for (int c = 0; c < ids.Length; c++)
        {
            long last = await bus.Last2DFrameAsync(ids[c], cancellation).ConfigureAwait(false) ?? -1;
            resume = c == 0 ? last : Math.Min(resume, last);
        }
        if (resume >= 0)
            log.Information("ingest resumes after frame {Frame} (the bus has the frames before)", resume);
        List<CameraReader> readers = OfflineIngest.OpenReaders(sources, FrameOutput.Native);
        long published = 0;
        long frame = 0;
        try
        {
            using CameraSync sync = OfflineIngest.Sync(readers, rate);
            var planes = new ImagePlanes[ids.Length];
            int total = options.MaxFrames ?? int.MaxValue;
            for (; frame < total; frame++)
            {
                if (!sync.TryNext(out FrameSet? set, cancellation) || !set.IsComplete)
                    break; // a source ended: the group is as long as its shortest camera, as in one process
                if (set.Index <= resume)
                    continue;
                for (int c = 0; c < ids.Length; c++)
                    planes[c] = set[c].Frame!.AsPlanes();
                IReadOnlyList<CameraPoses> poses = pose.Process(planes);
                for (int c = 0; c < ids.Length; c++)
                {
                    CameraPoses2D message = NodeWire.Encode(ids[c], set.Index, set[c].CaptureTime, rate, set.Segment, poses[c]);
                    message.PublishedUnixNanoseconds = FusionNode.UnixNanoseconds();
                    await bus.Publish2DAsync(message, cancellation).ConfigureAwait(false);
                    published++;
                }
            }
            OfflineIngest.ThrowIfFailed(readers);
        }
        finally
        {
            OfflineIngest.Dispose(readers);
        }
        foreach (string id in ids)
        {
            // The frame after the last: the fusion node waits for no set of this camera from there on.
            await bus.Publish2DAsync(new CameraPoses2D
            {
                Version = NodeWire.Version, Camera = id, Frame = frame, CaptureDenominator = 1, EndOfStream = true,
                Skeleton = pose.Skeleton.Name, KeypointCount = (uint)pose.Skeleton.KeypointCount, PublishedUnixNanoseconds = FusionNode.UnixNanoseconds(),
            }, cancellation).ConfigureAwait(false);
        }
        log.Information("ingest done: {Frames} frames of {Cameras} cameras published ({Duplicates} already on the bus)", frame, ids.Length, bus.Duplicates);
        return published;
    }
}
