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
/// bus), then an end-of-stream message per camera when its source ended. Offline, every frame is processed in order
/// (a source is read as fast as the models go) and a restarted node resumes after the newest frame the bus has of its
/// cameras; a frame sent twice (a retry) is stored once, by its message id (camera, segment, frame). Live
/// (<see cref="IngestNodeOptions.Live"/>), sources are read as <c>b3d run</c> reads them and capture times are on the
/// wall clock: a restarted node publishes from the present and its cameras rejoin the fusion's sets.
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
        // (the sources are files or streams read in order) but not run through the models nor sent again. Live, time
        // has moved on: a restarted node publishes from the present, on the wall clock.
        long resume = -1;
        for (int c = 0; c < ids.Length && !options.Live; c++)
        {
            long last = await bus.Last2DFrameAsync(ids[c], cancellation).ConfigureAwait(false) ?? -1;
            resume = c == 0 ? last : Math.Min(resume, last);
        }
        if (resume >= 0)
            log.Information("ingest resumes after frame {Frame} (the bus has the frames before)", resume);
        List<CameraReader> readers = options.Live ? OpenLiveReaders(options, log) : OfflineIngest.OpenReaders(sources, FrameOutput.Native);
        long published = 0;
        long frame = 0, end = 0, skipped = 0;
        Rational? epoch = null;
        try
        {
            using CameraSync sync = options.Live
                ? new CameraSync(readers, new CameraSyncOptions { Rate = rate, Live = true, Log = log })
                : OfflineIngest.Sync(readers, rate);
            var planes = new ImagePlanes[ids.Length];
            int total = options.MaxFrames ?? int.MaxValue;
            for (; frame < total; frame++)
            {
                if (!sync.TryNext(out FrameSet? set, cancellation))
                    break;
                if (!set.IsComplete)
                {
                    if (!options.Live)
                        break; // a source ended: the group is as long as its shortest camera, as in one process
                    // Live, a camera of the group that is late or stalled holds the group's set back (the models run
                    // on all its cameras at once); the next set is tried.
                    skipped++;
                    frame--;
                    continue;
                }
                if (set.Index <= resume)
                    continue;
                for (int c = 0; c < ids.Length; c++)
                    planes[c] = set[c].Frame!.AsPlanes();
                IReadOnlyList<CameraPoses> poses = pose.Process(planes);
                // Live: the capture time on the wall clock, the first set placed at the moment it was taken (the
                // readers play from their first frame on), so every node's frames meet on one grid of Unix time.
                epoch ??= options.Live ? UnixNow() - set[0].CaptureTime : Rational.Zero;
                for (int c = 0; c < ids.Length; c++)
                {
                    Rational capture = epoch.Value + set[c].CaptureTime;
                    long index = options.Live ? rate.NearestFrame(capture) : set.Index;
                    CameraPoses2D message = NodeWire.Encode(ids[c], index, capture, rate, set.Segment, poses[c]);
                    message.PublishedUnixNanoseconds = FusionNode.UnixNanoseconds();
                    await bus.Publish2DAsync(message, cancellation).ConfigureAwait(false);
                    published++;
                    end = Math.Max(end, index + 1);
                }
            }
            if (!options.Live)
                OfflineIngest.ThrowIfFailed(readers);
        }
        finally
        {
            OfflineIngest.Dispose(readers);
        }
        if (!options.Live)
            end = frame;
        else if (skipped > 0)
            log.Information("ingest: {Skipped} frame sets with a camera of the group missing were not published", skipped);
        foreach (string id in ids)
        {
            // The frame after the last: the fusion node waits for no set of this camera from there on.
            await bus.Publish2DAsync(new CameraPoses2D
            {
                Version = NodeWire.Version, Camera = id, Frame = end, CaptureDenominator = 1, EndOfStream = true,
                Skeleton = pose.Skeleton.Name, KeypointCount = (uint)pose.Skeleton.KeypointCount, PublishedUnixNanoseconds = FusionNode.UnixNanoseconds(),
            }, cancellation).ConfigureAwait(false);
        }
        log.Information("ingest done: {Frames} frames of {Cameras} cameras published ({Duplicates} already on the bus)", frame, ids.Length, bus.Duplicates);
        return published;
    }

    /// <summary>Wall-clock time as seconds since the Unix epoch, to the microsecond.</summary>
    private static Rational UnixNow() => new(FusionNode.UnixNanoseconds() / 1000, 1_000_000);

    /// <summary>
    /// The live readers, as <c>b3d run</c> opens them: a file played at its own frame rate (optionally looping), a
    /// full queue dropping its oldest frame, low-delay decoding. The caller disposes them.
    /// </summary>
    private static List<CameraReader> OpenLiveReaders(IngestNodeOptions options, Serilog.ILogger log)
    {
        var readers = new List<CameraReader>(options.Cameras.Count);
        try
        {
            for (int c = 0; c < options.Cameras.Count; c++)
            {
                (string id, string source) = options.Cameras[c];
                bool network = source.Contains("://", StringComparison.Ordinal);
                readers.Add(new CameraReader(c, new CameraSourceOptions
                {
                    Id = id, Source = source, Mode = IngestMode.Live, PlayAtFrameRate = !network, Loop = options.Loop && !network,
                    Decoder = new DecoderOptions { Output = FrameOutput.Native, LowDelay = true },
                }, log));
            }
        }
        catch
        {
            OfflineIngest.Dispose(readers);
            throw;
        }
        return readers;
    }
}
