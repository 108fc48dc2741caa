using Broadcast3D.Core.Frames;
using System.Diagnostics;
using System.Text.Json;
using Broadcast3D.Core.Assets;
using Broadcast3D.Core.Time;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Filtering;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Tracking.Triangulation;
using CameraCalibration = Broadcast3D.Core.Cameras.Calibration;

namespace Broadcast3D.Engine.Pipeline;

/// <summary>
/// The offline pipeline (ARCHITECTURE.md, "Offline mode"): every frame set of a recorded trial in order under a
/// virtual clock, deterministic. Decode → detect → 2D pose → associate → triangulate per frame set
/// (<see cref="FrameSetTracker"/>), then gap filling and Butterworth over the whole trial, then the pictures
/// (<see cref="OfflineRenderer"/>: the videos are decoded a second time, since the zero-phase filter needs the
/// whole trial before anything can be drawn), and writes the outputs: <c>pose-2d/camNN_json/</c> (OpenPose JSON),
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
        CancellationToken cancellation = default)
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

        TrackingAccelerator accelerator = TrackingAccelerators.Resolve(options.Accelerator, "--accelerator");
        CameraCalibration calibration = CalibrationToml.Read(input.CalibrationPath);
        if (calibration.Count != input.Videos.Count)
            throw new ArgumentException($"{input.Videos.Count} videos for a calibration of {calibration.Count} cameras ({input.CalibrationPath})");
        Directory.CreateDirectory(options.OutputDirectory);

        var stages = new PipelineStages();
        var readers = new CameraVideoReader[input.Videos.Count];
        try
        {
            for (int c = 0; c < readers.Length; c++)
                readers[c] = new CameraVideoReader(input.Videos[c]);
            FrameRate rate = readers[0].Stream.FrameRate
                ?? throw new ArgumentException($"{input.Videos[0]} declares no frame rate; the trial needs one for its time line");
            int total = readers.Min(r => (int)(r.Stream.FrameCount ?? int.MaxValue));
            if (options.MaxFrames is { } max)
                total = Math.Min(total, max);

            var inference = new InferenceOptions(ExecutionProvider.Auto, options.InferenceThreads);
            var pose = new Pose2DPipeline(
                new TimedPersonDetector(ModelCatalog.CreateDetector(detectorModel, inference), stages.Detect),
                new TimedPoseEstimator(ModelCatalog.CreateEstimator(poseModel, inference), stages.Pose),
                readers.Length, new Pose2DOptions(DetectEvery: options.DetectEvery));
            using var tracker = new FrameSetTracker(calibration, pose, options.MaxPeople, stages, accelerator);
            var capture = new TrialCapture(total, options.MaxPeople, Pose2SimMarkers.Definition.KeypointCount, readers.Length);
            var cameraNames = input.Videos.Select(Path.GetFileNameWithoutExtension).Select(n => n!).ToArray();
            var json = new OpenPoseJsonWriter(pose.Skeleton);
            string[] jsonFolders = [.. cameraNames.Select(n => Directory.CreateDirectory(Path.Combine(options.OutputDirectory, "pose-2d", n + "_json")).FullName)];

            long trackingStart = Stopwatch.GetTimestamp();
            int frames = TrackAll(readers, tracker, json, jsonFolders, cameraNames, capture, rate, total, stages, progress, cancellation, out double skew);
            double trackingSeconds = Stopwatch.GetElapsedTime(trackingStart).TotalSeconds;

            TrialResults results = Finish(input, options, calibration, capture, frames, rate, stages);
            var outputs = new List<string>(results.Files);
            double[] world = results.Filtered.Trc.ToWorldZUp();
            OrbitCamera orbit = OrbitCamera.Around(world);
            string renderer = "not run";
            if (options.RenderVideo)
            {
                outputs.AddRange(OfflineRenderer.Render(input.Videos, calibration, world, frames, rate, orbit, options.OutputDirectory,
                    options.NdiSourceName, stages, progress, cancellation, out renderer));
            }
            outputs.AddRange(cameraNames.Select(n => $"pose-2d/{n}_json/"));
            outputs.Add(SummaryFileName);

            var summary = new OfflineRunSummary
            {
                Trial = input.Name,
                Frames = frames,
                Cameras = readers.Length,
                FrameRate = rate.ToDouble(),
                MaxFrameSetSkewMilliseconds = skew * 1000.0,
                Models = $"{options.Detector} + {options.PoseModel}",
                WallSeconds = Stopwatch.GetElapsedTime(runStart).TotalSeconds,
                TrackingFrameSetsPerSecond = frames / trackingSeconds,
                Stages = Summarise(stages, frames),
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
                OrbitStartRadians = OfflineRenderer.OrbitStartRadians,
                Outputs = outputs,
            };
            File.WriteAllText(Path.Combine(options.OutputDirectory, SummaryFileName), JsonSerializer.Serialize(summary, s_json));
            return summary;
        }
        finally
        {
            foreach (CameraVideoReader? r in readers)
                r?.Dispose();
        }
    }

    private static int TrackAll(CameraVideoReader[] readers, FrameSetTracker tracker, OpenPoseJsonWriter json, string[] jsonFolders,
        string[] cameraNames, TrialCapture capture,
        FrameRate rate, int total, PipelineStages stages, IProgress<OfflineProgress>? progress, CancellationToken cancellation, out double skew)
    {
        var frames = new ImagePlanes[readers.Length];
        // Offline time is the frame count on the capture's rational time line: the virtual clock of the run.
        var clock = new VirtualFrameClock(rate);
        skew = 0;
        int f = 0;
        for (; f < total; f++)
        {
            clock.WaitForFrame(f, cancellation);
            long start = Stopwatch.GetTimestamp();
            bool complete = true;
            for (int c = 0; c < readers.Length && complete; c++)
            {
                complete = readers[c].TryRead();
                frames[c] = readers[c].Frame;
            }
            if (!complete)
                break; // a video ended early: the trial is as long as its shortest camera
            double first = readers[0].Time.ToDouble();
            for (int c = 1; c < readers.Length; c++)
                skew = Math.Max(skew, Math.Abs(readers[c].Time.ToDouble() - first));
            stages.Decode.Record(start);

            tracker.Process(frames);

            start = Stopwatch.GetTimestamp();
            for (int c = 0; c < readers.Length; c++)
                json.Write(Path.Combine(jsonFolders[c], OpenPoseJsonWriter.FileName(cameraNames[c], f)), tracker.Poses2D[c]);
            stages.Write.Record(start);
            capture.Store(f, tracker);
            progress?.Report(new OfflineProgress("tracking", f + 1, total));
        }
        return f;
    }

    private static TrialResults Finish(OfflineTrialInput input, OfflineRunOptions options, CameraCalibration calibration, TrialCapture capture,
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

    private static List<StageSummary> Summarise(PipelineStages stages, int frames) =>
        [.. stages.All.Select(s => new StageSummary(s.Name, s.Count, s.MeanSeconds * s.Count,
            frames == 0 ? 0 : s.MeanSeconds * s.Count * 1000.0 / frames, s.MaxSeconds * 1000.0))];

    private sealed record TrialResults(TrialTriangulationResult Raw, TrialTriangulationResult Filtered, int PersonId, int PeopleTracked,
        TrcAgreement? Agreement, TrcAgreement? AgreementRaw, IReadOnlyList<string> Files);
}
