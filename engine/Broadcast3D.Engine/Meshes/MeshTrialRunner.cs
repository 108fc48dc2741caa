using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Engine.Sync;
using Broadcast3D.Media;
using Broadcast3D.Media.Ingest;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.FrameSets;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Masks;
using Broadcast3D.Tracking.Meshes;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// <c>b3d mesh</c> (issue #18): the trial's videos through the tracking of <c>b3d run</c> (detect → BlazePose with
/// person masks → associate → triangulate), then per frame set and 3D person: the mask of that person in each
/// camera (the 2D person holding most of the skeleton's projected markers), the visual hull
/// (<see cref="HullCarver"/>), its surface and vertex colours (<see cref="AthleteMesher"/>), an OBJ and a glTF file,
/// and the figures of <c>mesh.json</c> (<see cref="MeshReport"/>). A frame whose person cannot be carved is skipped
/// and counted with its reason, never meshed from garbage. Stateless; one run per call.
/// </summary>
public static class MeshTrialRunner
{
    /// <summary>File name of the report inside the output folder.</summary>
    public const string ReportFileName = "mesh.json";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// Runs the trial and writes <c>meshes/</c> and <c>mesh.json</c>. Throws for unusable input before any work
    /// (<see cref="ArgumentException"/>, <see cref="InputFormatException"/>, <see cref="Core.Assets.AssetNotFoundException"/>,
    /// <see cref="AcceleratorUnavailableException"/>), <see cref="MediaException"/> for an unreadable video.
    /// </summary>
    public static MeshReport Run(MeshTrialInput input, MeshRunOptions options, IProgress<OfflineProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        MeshOptions mesh = options.Mesh ?? new MeshOptions();
        mesh.Validate();
        if (options.FirstFrame < 0 || options.FrameCount < 1 || options.CompareFrames < 0)
            throw new ArgumentException($"--start and --compare-frames must be ≥ 0 and --frames ≥ 1 (got {options.FirstFrame}, {options.CompareFrames}, {options.FrameCount})");
        ModelReference poseModel = ModelCatalog.Resolve(options.PoseModel);
        if (poseModel.Family != ModelFamily.BlazePose)
            throw new ArgumentException($"--pose {options.PoseModel}: meshes need the person mask only BlazePose gives; use blazepose-lite, -full or -heavy");
        ModelReference detectorModel = ModelCatalog.Resolve(options.Detector);
        TrackingAccelerator accelerator = TrackingAccelerators.Resolve(options.Accelerator, "--accelerator");
        CameraRig full = CalibrationToml.Read(input.CalibrationPath);

        // Videos and calibration cameras pair in order; the rest of either side is reported, not guessed at.
        int cameras = Math.Min(full.Count, input.Videos.Count);
        if (cameras < mesh.MinCameras)
            throw new InputFormatException(input.CalibrationPath, $"{full.Count} calibration cameras for {input.Videos.Count} videos: at least {mesh.MinCameras} calibrated cameras are needed to carve");
        CameraRig rig = cameras == full.Count ? full : new CameraRig([.. full.Cameras.Take(cameras)]);
        IReadOnlyList<string> videos = [.. input.Videos.Take(cameras)];
        string[] uncalibrated = [.. input.Videos.Skip(cameras).Select(Path.GetFileName).Select(n => n!)];

        string output = Path.GetFullPath(options.OutputDirectory);
        string meshFolder = Directory.CreateDirectory(Path.Combine(output, "meshes")).FullName;
        var rate = ProbeRate(videos[0]);
        var inference = new InferenceOptions(ExecutionProvider.Auto, options.InferenceThreads);
        var stages = new PipelineStages();
        var pose = new Pose2DPipeline(ModelCatalog.CreateDetector(detectorModel, inference), ModelCatalog.CreateEstimator(poseModel, inference), cameras);

        var run = new MeshRun(rig, mesh, output, meshFolder, options.CompareFrames);
        using (var tracker = new FrameSetTracker(rig, pose, options.MaxPeople, stages, accelerator))
        using (var main = new HullCarver(mesh, accelerator))
        using (var reference = accelerator == TrackingAccelerator.Reference ? null : new HullCarver(mesh, TrackingAccelerator.Reference))
        using (var kernel = accelerator == TrackingAccelerator.Cpu ? null : new HullCarver(mesh, TrackingAccelerator.Cpu))
        {
            List<CameraReader> readers = OfflineIngest.OpenReaders(videos, FrameOutput.Native);
            try
            {
                using CameraSync sync = OfflineIngest.Sync(readers, rate);
                var frames = new ImagePlanes[cameras];
                int last = options.FirstFrame + options.FrameCount;
                for (int f = 0; f < last; f++)
                {
                    if (!sync.TryNext(out FrameSet? set, cancellation) || !set.IsComplete)
                        break; // a video ended early: the trial is as long as its shortest camera
                    if (f < options.FirstFrame)
                        continue;
                    long start = Stopwatch.GetTimestamp();
                    for (int c = 0; c < cameras; c++)
                        frames[c] = set[c].Frame!.AsPlanes();
                    tracker.Process(frames);
                    run.Frame(f, tracker, frames, main, reference ?? main, kernel ?? main, accelerator);
                    run.FrameMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    progress?.Report(new OfflineProgress("meshing", f - options.FirstFrame + 1, options.FrameCount));
                }
                OfflineIngest.ThrowIfFailed(readers);
            }
            finally
            {
                OfflineIngest.Dispose(readers);
            }

            MeshReport report = run.Report(input, options, mesh, videos, uncalibrated, main.Description);
            File.WriteAllText(Path.Combine(output, ReportFileName), JsonSerializer.Serialize(report, s_json));
            return report;
        }
    }

    private static FrameRate ProbeRate(string video)
    {
        using Decoder probe = Decoder.Open(video, new DecoderOptions { Hardware = HardwareDecode.Software });
        return probe.Stream.FrameRate ?? throw new ArgumentException($"{video} declares no frame rate; the trial needs one for its time line");
    }

    /// <summary>The per-frame work and the figures gathered over the run.</summary>
    private sealed class MeshRun(CameraRig rig, MeshOptions options, string output, string meshFolder, int compareFrames)
    {
        private readonly List<double>[] _iou = NewLists(rig.Count);
        private readonly List<double>[] _leaveOneOut = NewLists(rig.Count);
        private readonly MeshTally _tally = new(rig);
        private readonly bool[] _partly = new bool[rig.Count];
        private readonly List<double> _referenceMs = [], _kernelMs = [], _deviceMs = [], _surfaceMs = [];
        private readonly List<MeshFileEntry> _files = [];
        private int _processed;
        private bool _identical = true;

        public List<double> FrameMs { get; } = [];

        public void Frame(int frame, FrameSetTracker tracker, ImagePlanes[] frames, HullCarver main, HullCarver reference, HullCarver kernel,
            TrackingAccelerator accelerator)
        {
            _processed++;
            if (tracker.PeopleCount == 0)
            {
                Skip("no 3D person (fewer than two cameras saw the athlete, or association failed)");
                return;
            }
            for (int person = 0; person < tracker.PeopleCount; person++)
            {
                double[] skeleton = tracker.Points(person).ToArray();
                PersonMask?[] masks = MeshMasks.Match(rig, skeleton, tracker.Poses2D, frames, _partly);

                long t0 = Stopwatch.GetTimestamp();
                VisualHull? hull = reference.Carve(rig, masks, skeleton, out string? reason);
                double referenceMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                _tally.Count(masks, _partly, hull, reason);
                if (hull is null)
                    continue;
                _referenceMs.Add(referenceMs);
                if (_kernelMs.Count < compareFrames)
                {
                    t0 = Stopwatch.GetTimestamp();
                    VisualHull ilgpu = kernel.Carve(rig, masks, skeleton, out _)!;
                    _kernelMs.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    _identical &= ilgpu.Occupancy.AsSpan().SequenceEqual(hull.Occupancy);
                }
                if (accelerator is not (TrackingAccelerator.Reference or TrackingAccelerator.Cpu))
                {
                    t0 = Stopwatch.GetTimestamp();
                    hull = main.Carve(rig, masks, skeleton, out _)!;
                    _deviceMs.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }

                t0 = Stopwatch.GetTimestamp();
                SurfaceMesh surface = AthleteMesher.Surface(hull, options);
                int id = tracker.PersonId(person);
                AthleteMesh coloured = AthleteMesher.Colour(id, surface, rig, frames, hull.Cameras);
                _surfaceMs.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                string stem = string.Create(CultureInfo.InvariantCulture, $"frame_{frame:00000}_person_{id}");
                MeshObj.Write(coloured, Path.Combine(meshFolder, stem + ".obj"));
                MeshGltf.Write(coloured, Path.Combine(meshFolder, stem + ".glb"));
                _files.Add(new MeshFileEntry(frame, id, coloured.VertexCount, coloured.TriangleCount,
                    Path.GetRelativePath(output, Path.Combine(meshFolder, stem + ".obj")), Path.GetRelativePath(output, Path.Combine(meshFolder, stem + ".glb"))));

                foreach (int c in hull.Cameras)
                {
                    _iou[c].Add(SilhouetteAgreement.IoU(rig.Cameras[c], surface, masks[c]!));
                    // Leave one out: the others carve (with four cameras, three: no miss allowed), this one judges.
                    if (hull.Cameras.Count < 3)
                        continue;
                    VisualHull? without = reference.Carve(rig, masks, skeleton, out _, exclude: c);
                    if (without is not null)
                        _leaveOneOut[c].Add(SilhouetteAgreement.IoU(rig.Cameras[c], AthleteMesher.Surface(without, options), masks[c]!));
                }
            }
        }

        public MeshReport Report(MeshTrialInput input, MeshRunOptions run, MeshOptions mesh, IReadOnlyList<string> videos, string[] uncalibrated, string device)
        {
            // The ratio compares the same meshes: the reference's times of the frames the kernel also ran.
            double? kernel = Median(_kernelMs), pairedReference = Median(_referenceMs.Take(_kernelMs.Count).ToList());
            IReadOnlyList<MeshCameraCounts> counts = _tally.Cameras();
            return new MeshReport
            {
                Trial = input.Folder,
                Calibration = input.CalibrationPath,
                Frames = new MeshFrameCounts(run.FirstFrame, run.FrameCount, _processed, _tally.Meshed, _tally.Skipped, _tally.SkipReasons),
                Cameras = [.. rig.Cameras.Select((cam, c) => new MeshCameraFigures(cam.Name, Path.GetFileName(videos[c]), Median(_iou[c]),
                    Median(_leaveOneOut[c]), counts[c].FramesCarved, counts[c].FramesWithoutMask, counts[c].FramesPartlyOutOfFrame)
                    { FramesLeftOutOtherwise = counts[c].FramesLeftOutOtherwise })],
                CamerasWithoutCalibration = uncalibrated,
                Settings = new MeshSettingsReport(mesh.VoxelMetres, mesh.MarginMetres, mesh.TriangleBudget, mesh.SmoothingIterations, mesh.AllowedMisses,
                    run.PoseModel, device),
                Timing = new MeshTiming(Median(_referenceMs), _kernelMs.Count, kernel, kernel / pairedReference, Median(_deviceMs), Median(_surfaceMs),
                    Median(FrameMs), _identical, $"{Environment.ProcessorCount} logical CPUs, {Environment.OSVersion}"),
                Meshes = _files,
            };
        }

        private void Skip(string reason) => _tally.Skip(reason);

        private static List<double>[] NewLists(int n) => [.. Enumerable.Range(0, n).Select(_ => new List<double>())];

        private static double? Median(List<double> values)
        {
            if (values.Count == 0)
                return null;
            double[] sorted = [.. values.Order()];
            int mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }
}
