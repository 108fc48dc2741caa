using System.Diagnostics;
using System.Text.Json;
using Broadcast3D.Core.Assets;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Meshes;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Engine.Sync;
using Broadcast3D.Media;
using Broadcast3D.Media.Ingest;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Preprocessing;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Filtering;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Tracking.Triangulation;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Renderer.Views;
using Broadcast3D.Tracking.Evaluation;
using Broadcast3D.Tracking.FrameSets;

namespace Broadcast3D.Engine.Offline;

/// <summary>
/// The offline pipeline (ARCHITECTURE.md, "Offline mode"): the graph of <c>b3d run</c> over a recorded trial, every
/// frame set in order, deterministic, in two passes because the zero-phase filter needs the whole trial before
/// anything can be drawn. Pass 1: offline readers → <see cref="CameraSync"/> → <see cref="FrameSetTracker"/> on every
/// frame set (detect → 2D pose → associate → triangulate), then gap filling and Butterworth over the whole trial.
/// Pass 2 (<see cref="OfflineChannel"/>): the videos read again → sync → the channel under the virtual clock over the
/// filtered skeleton → the picture outputs. Writes: <c>pose-2d/camNN_json/</c> (OpenPose JSON),
/// <c>&lt;trial&gt;_b3d.trc</c> (filtered) and <c>&lt;trial&gt;_b3d_raw.trc</c> (as triangulated),
/// <c>video/*.mp4</c> and <c>summary.json</c>. Stateless; one run per call.
/// </summary>
public static class OfflineTrialRunner
{
    /// <summary>File name of the run summary inside the output folder.</summary>
    public const string SummaryFileName = "summary.json";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// Runs the trial and writes the outputs. Throws <see cref="AssetNotFoundException"/> naming a missing model,
    /// video or calibration before any work starts, <see cref="Media.MediaException"/> for an unreadable video,
    /// <see cref="OperationCanceledException"/> when cancelled (outputs then incomplete).
    /// </summary>
    public static OfflineRunSummary Run(OfflineTrialInput input, OfflineRunOptions options, IProgress<OfflineProgress>? progress = null,
        CancellationToken cancellation = default) => Run(input, options, tracking: null, progress, cancellation);

    /// <summary>
    /// As <see cref="Run(OfflineTrialInput, OfflineRunOptions, IProgress{OfflineProgress}?, CancellationToken)"/>, with pass 1
    /// (the 2D, the 3D of every frame set, the OpenPose JSON) done by <paramref name="tracking"/> instead of in this
    /// process (<c>b3d demo --nodes</c>: over the bus); null tracks here.
    /// </summary>
    internal static OfflineRunSummary Run(OfflineTrialInput input, OfflineRunOptions options, TrialTracking? tracking,
        IProgress<OfflineProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        long runStart = Stopwatch.GetTimestamp();
        ModelReference detectorModel = ModelCatalog.Resolve(options.Detector);
        ModelReference poseModel = ModelCatalog.Resolve(options.PoseModel);
        foreach (string video in input.Videos)
            AssetLocator.RequireFile(video, "video", "give an existing video file per camera");
        AssetLocator.RequireFile(input.CalibrationPath, "calibration", "give the calibration TOML of the cameras");
        if (input.ReferenceTrcPath is { } refPath)
            AssetLocator.RequireFile(refPath, "reference TRC", "give an existing TRC or none");

        if (options.Mesh is { } meshOptions)
        {
            meshOptions.Validate();
            if (poseModel.Family != ModelFamily.BlazePose)
                throw new ArgumentException($"pose model {options.PoseModel}: the orbit replay's meshes need the person mask only BlazePose gives; use a BlazePose model or no meshes");
        }
        TrackingAccelerator accelerator = TrackingAccelerators.Resolve(options.Accelerator, "--accelerator");
        TrackingAccelerator preprocess = CropPreprocessors.Resolve(options.Preprocess, "--preprocess");
        CameraRig calibration = CalibrationToml.Read(input.CalibrationPath);
        if (calibration.Count != input.Videos.Count)
            throw new ArgumentException($"{input.Videos.Count} videos for a calibration of {calibration.Count} cameras ({input.CalibrationPath})");
        Directory.CreateDirectory(options.OutputDirectory);

        var stages = new PipelineStages();
        // The streams' declared properties: the trial's time line and length, and the size of each picture.
        var streams = new VideoStreamInfo[input.Videos.Count];
        for (int c = 0; c < streams.Length; c++)
        {
            using Decoder probe = Decoder.Open(input.Videos[c], new DecoderOptions { Hardware = HardwareDecode.Software });
            streams[c] = probe.Stream;
            // Each camera's view is written as yuv420p, which the GPU converts in 8×2-pixel blocks: checked here, before
            // the tracking pass, not minutes later when pass 2 builds the view's readback.
            if (options.RenderVideo && (streams[c].Width % 8 != 0 || streams[c].Height % 2 != 0))
            {
                throw new InputFormatException(input.Videos[c], $"{streams[c].Width}x{streams[c].Height}: the picture of each camera view needs a width " +
                    "that is a multiple of 8 and an even height (the GPU converts it to yuv420p in 8×2 blocks); record or re-encode the camera " +
                    "at such a size (e.g. 1080x1920) and calibrate it at that size");
            }
        }
        FrameRate rate = streams[0].FrameRate
            ?? throw new ArgumentException($"{input.Videos[0]} declares no frame rate; the trial needs one for its time line");
        int total = streams.Min(s => (int)(s.FrameCount ?? int.MaxValue));
        if (options.MaxFrames is { } max)
            total = Math.Min(total, max);

        var capture = new TrialCapture(total, options.MaxPeople, Pose2SimMarkers.Definition.KeypointCount, streams.Length);
        var boxes = new PersonBoxes(total, streams.Length);
        var cameraNames = input.Videos.Select(Path.GetFileNameWithoutExtension).Select(n => n!).ToArray();
        string[] jsonFolders = [.. cameraNames.Select(n => Directory.CreateDirectory(Path.Combine(options.OutputDirectory, "pose-2d", n + "_json")).FullName)];

        // Pass 1: tracking of every frame set. The zero-phase filter needs the whole trial, so the pictures wait for pass 2.
        long trackingStart = Stopwatch.GetTimestamp();
        int frames;
        double skew;
        // The meshes are carved beside the tracking: the masks and pictures of a frame set live only until the next.
        MeshSequence? meshes = options.Mesh is not null && options.RenderVideo && tracking is null ? new MeshSequence(total) : null;
        using FrameSetMesher? mesher = meshes is null ? null : new FrameSetMesher(calibration, options.Mesh!, accelerator);
        double meshSeconds = 0;
        if (tracking is not null)
        {
            (frames, skew) = tracking(new TrialTrackingTargets(calibration, rate, total, capture, boxes, jsonFolders, cameraNames, progress, cancellation));
        }
        else
        {
            var inference = new InferenceOptions(ExecutionProvider.Auto, options.InferenceThreads, Preprocess: preprocess);
            var pose = new Pose2DPipeline(
                new TimedPersonDetector(ModelCatalog.CreateDetector(detectorModel, inference), stages.Detect),
                new TimedPoseEstimator(ModelCatalog.CreateEstimator(poseModel, inference), stages.Pose),
                streams.Length, new Pose2DOptions(DetectEvery: options.DetectEvery));
            var json = new OpenPoseJsonWriter(pose.Skeleton);
            using var tracker = new FrameSetTracker(calibration, pose, options.MaxPeople, stages, accelerator);
            frames = TrackAll(input.Videos, tracker, json, jsonFolders, cameraNames, capture, boxes, rate, total, stages, progress, cancellation, out skew,
                mesher, meshes, out meshSeconds);
        }
        // The tracking rate stays the tracking's own: the meshing's time is reported beside it.
        double trackingSeconds = Stopwatch.GetElapsedTime(trackingStart).TotalSeconds - meshSeconds;

        TrialResults results = Finish(input, options, calibration, capture, frames, rate, stages);
        var outputs = new List<string>(results.Files);
        double[] world = results.Filtered.Trc.ToWorldZUp();
        OrbitCamera orbit = OrbitCamera.Around(world);
        string renderer = "not run";
        ChannelCounters? channel = null;
        OfflinePrivacySummary? privacy = null;
        ConsentRegistry consent = options.Consent ?? ConsentRegistry.Empty();
        consent.LinkMain(results.PersonId);
        IReadOnlyList<StageTiming> outputStages = [];
        if (options.RenderVideo)
        {
            // Pass 2: the pictures through the channel under the virtual clock, over the filtered skeleton.
            OfflineChannel.Result pictures = OfflineChannel.Run(input.Videos, [.. streams.Select(s => (s.Width, s.Height))], calibration, world,
                results.PersonId, frames, rate, orbit, options.OutputDirectory, options.NdiSourceName, stages, progress, cancellation,
                boxes, options.Blur, consent, meshes?.Only(results.PersonId));
            outputs.AddRange(pictures.Files);
            renderer = pictures.Renderer;
            channel = pictures.Counters;
            outputStages = pictures.OutputStages;
            privacy = new OfflinePrivacySummary(options.Blur.ToString().ToLowerInvariant(), consent.Source,
                [.. consent.Links().Select(l => l.IdentityId)], pictures.PicturesBlurred, pictures.RegionsBlurred);
        }
        outputs.AddRange(cameraNames.Select(n => $"pose-2d/{n}_json/"));
        outputs.Add(SummaryFileName);

        var summary = new OfflineRunSummary
        {
            Trial = input.Name,
            Frames = frames,
            Cameras = streams.Length,
            FrameRate = rate.ToDouble(),
            MaxFrameSetSkewMilliseconds = skew * 1000.0,
            Models = $"{options.Detector} + {options.PoseModel}",
            WallSeconds = Stopwatch.GetElapsedTime(runStart).TotalSeconds,
            TrackingFrameSetsPerSecond = frames / trackingSeconds,
            Stages = Summarise(stages.All.Concat(outputStages), frames),
            ReprojectionErrorPixels = results.Raw.GrandMeanErrorPixels(),
            ReprojectionErrorMillimetres = results.Raw.GrandMeanErrorPixels() * results.Raw.PixelsToMetres * 1000.0,
            TriangulatedShare = results.Raw.ErrorsPixels.Count(e => !double.IsNaN(e)) / (double)results.Raw.ErrorsPixels.Count,
            PeopleTracked = results.PeopleTracked,
            ExportedPersonId = results.PersonId,
            ReferenceAgreement = results.Agreement,
            ReferenceAgreementUnfiltered = results.AgreementRaw,
            ReferenceTrc = input.ReferenceTrcPath,
            Orbit = orbit,
            Renderer = renderer,
            OrbitStartRadians = OfflineChannel.OrbitStartRadians,
            Channel = channel,
            Privacy = privacy,
            Meshes = MeshSummary(options, mesher, meshes?.Only(results.PersonId), meshSeconds),
            Outputs = outputs,
        };
        File.WriteAllText(Path.Combine(options.OutputDirectory, SummaryFileName), JsonSerializer.Serialize(summary, s_json));
        return summary;
    }

    /// <summary>The meshes' part of the summary: null without meshes; with <c>NotCarved</c> when the tracking ran elsewhere.</summary>
    private static OfflineMeshSummary? MeshSummary(OfflineRunOptions options, FrameSetMesher? mesher, MeshSequence? exported, double seconds)
    {
        if (options.Mesh is not { } mesh || !options.RenderVideo)
            return null;
        if (mesher is null || exported is null)
        {
            return new OfflineMeshSummary(mesh.VoxelMetres, mesh.TriangleBudget, mesh.AllowedMisses, "none", 0, 0, 0, new Dictionary<string, int>(), [],
                null, null, 0, "the tracking ran over the bus (--nodes), whose messages carry no person masks: the orbit replay shows capsules");
        }
        MeshTally tally = mesher.Tally;
        return new OfflineMeshSummary(mesh.VoxelMetres, mesh.TriangleBudget, mesh.AllowedMisses, mesher.Description, exported.FramesWithMeshes,
            tally.Meshed, tally.Skipped, new Dictionary<string, int>(tally.SkipReasons), tally.Cameras(), mesher.CarveMilliseconds,
            mesher.SurfaceMilliseconds, seconds, null);
    }

    private static int TrackAll(IReadOnlyList<string> videos, FrameSetTracker tracker, OpenPoseJsonWriter json, string[] jsonFolders,
        string[] cameraNames, TrialCapture capture, PersonBoxes boxes,
        FrameRate rate, int total, PipelineStages stages, IProgress<OfflineProgress>? progress, CancellationToken cancellation, out double skew,
        FrameSetMesher? mesher, MeshSequence? meshes, out double meshSeconds)
    {
        meshSeconds = 0;
        // Native planes as decoded (no conversion, no copy): the models' crops sample them directly.
        List<CameraReader> readers = OfflineIngest.OpenReaders(videos, FrameOutput.Native);
        try
        {
            using CameraSync sync = OfflineIngest.Sync(readers, rate);
            var frames = new ImagePlanes[readers.Count];
            skew = 0;
            int f = 0;
            long start = Stopwatch.GetTimestamp();
            for (; f < total; f++)
            {
                // Decoding runs on the reader threads: this is the wait for the frame set.
                if (!sync.TryNext(out FrameSet? set, cancellation) || !set.IsComplete)
                    break; // a video ended early: the trial is as long as its shortest camera
                double first = set[0].CaptureTime.ToDouble();
                for (int c = 0; c < readers.Count; c++)
                {
                    frames[c] = Planes(set[c].Frame!, videos[c]);
                    skew = Math.Max(skew, Math.Abs(set[c].CaptureTime.ToDouble() - first));
                }
                stages.Decode.Record(start);

                tracker.Process(frames);

                start = Stopwatch.GetTimestamp();
                for (int c = 0; c < readers.Count; c++)
                    json.Write(Path.Combine(jsonFolders[c], OpenPoseJsonWriter.FileName(cameraNames[c], f)), tracker.Poses2D[c]);
                stages.Write.Record(start);
                capture.Store(f, tracker);
                for (int c = 0; c < readers.Count; c++)
                    boxes.Store(f, c, tracker.Poses2D[c]);
                if (mesher is not null)
                {
                    long meshStart = Stopwatch.GetTimestamp();
                    meshes!.Add(f, mesher.MeshAll(tracker, frames));
                    meshSeconds += Stopwatch.GetElapsedTime(meshStart).TotalSeconds;
                }
                progress?.Report(new OfflineProgress("tracking", f + 1, total));
                start = Stopwatch.GetTimestamp();
            }
            OfflineIngest.ThrowIfFailed(readers);
            return f;
        }
        finally
        {
            OfflineIngest.Dispose(readers);
        }
    }

    private static ImagePlanes Planes(VideoFrame frame, string video)
    {
        try
        {
            return frame.AsPlanes();
        }
        catch (MediaException e)
        {
            throw new MediaException($"{video}: {e.Message}", e);
        }
    }

    private static TrialResults Finish(OfflineTrialInput input, OfflineRunOptions options, CameraRig calibration, TrialCapture capture,
        int frames, FrameRate rate, PipelineStages stages)
    {
        int personId = capture.MostSeenPerson(frames);
        TriangulationBatch person = capture.Extract(personId, frames);
        var markers = Pose2SimMarkers.Definition.KeypointNames;
        var raw = TrialTriangulation.Finish(calibration, person, new TrialTriangulationOptions
        {
            Markers = markers, FrameRate = rate.ToDouble(), MaxGapFrames = 0, Filter = null,
        });
        long start = Stopwatch.GetTimestamp();
        var filtered = TrialTriangulation.Finish(calibration, person, new TrialTriangulationOptions
        {
            Markers = markers, FrameRate = rate.ToDouble(), MaxGapFrames = options.MaxGapFrames,
            Filter = ButterworthFilter.FromPose2SimSettings(options.FilterOrder, options.FilterCutoffHz, rate.ToDouble()),
        });
        stages.Filter.Record(start);

        start = Stopwatch.GetTimestamp();
        string trcName = $"{input.Name}_b3d.trc", rawName = $"{input.Name}_b3d_raw.trc";
        TrcFile.Write(Named(filtered.Trc, trcName), Path.Combine(options.OutputDirectory, trcName));
        TrcFile.Write(Named(raw.Trc, rawName), Path.Combine(options.OutputDirectory, rawName));
        stages.Write.Record(start);

        TrcAgreement? agreement = null, agreementRaw = null;
        if (input.ReferenceTrcPath is { } reference)
        {
            TrcData referenceTrc = TrcFile.Read(reference);
            agreement = TrcAgreement.Compare(filtered.Trc, referenceTrc);
            agreementRaw = TrcAgreement.Compare(raw.Trc, referenceTrc);
        }
        return new TrialResults(raw, filtered, personId, capture.DistinctPeople(frames), agreement, agreementRaw, [trcName, rawName]);
    }

    private static TrcData Named(TrcData trc, string fileName) =>
        new(trc.MarkerNames, trc.DataRate, trc.FrameNumbers, trc.Times, trc.Coordinates)
        {
            FileName = fileName, OrigDataStartFrame = 0, OrigNumFrames = trc.FrameCount,
        };

    private static List<StageSummary> Summarise(IEnumerable<StageTiming> stages, int frames) =>
        [.. stages.Select(s => new StageSummary(s.Name, s.Count, s.MeanSeconds * s.Count,
            frames == 0 ? 0 : s.MeanSeconds * s.Count * 1000.0 / frames, s.MaxSeconds * 1000.0))];

    private sealed record TrialResults(TrialTriangulationResult Raw, TrialTriangulationResult Filtered, int PersonId, int PeopleTracked,
        TrcAgreement? Agreement, TrcAgreement? AgreementRaw, IReadOnlyList<string> Files);
}
