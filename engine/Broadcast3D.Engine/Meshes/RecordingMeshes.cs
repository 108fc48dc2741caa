using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Media;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Meshes;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// The athletes' meshes of a recording at given instants (issue #18), for the virtual-camera replay and
/// <c>b3d mesh RECORDING</c>. A recording keeps each camera's pictures, calibration and the tracked 3D, not the person
/// masks: at each instant every calibrated camera's recorded picture is read (<see cref="ReplaySource"/>, mapped to
/// its own clock by its recorded placement), the detector and BlazePose run on them for the masks, and each recorded
/// person (the 3D as recorded, interpolated at the instant) is carved and coloured by a <see cref="FrameSetMesher"/>,
/// so the meshes carry the recorded ids and sit exactly on the recorded skeletons. A camera without a calibration is
/// left out and listed; an instant without a picture in some camera or without recorded 3D gets no mesh and is
/// counted. Repeated instants (a freeze, slow motion) are carved once. Not thread-safe; one carving per call.
/// </summary>
public sealed class RecordingMeshes
{
    // Recorded 3D further than this from the instant (held, not interpolated) is not carved: the athlete has moved.
    private const double MaxSkeletonAgeSeconds = 0.1;

    private RecordingMeshes(MeshSequence sequence, MeshTally? tally, IReadOnlyList<string> cameras, IReadOnlyList<string> uncalibrated, int instants,
        double? carveMs, double? surfaceMs, string? notCarved, IReadOnlyList<(double? Silhouette, double? LeaveOneOut)>? figures = null)
    {
        Figures = figures ?? [];
        Sequence = sequence;
        Tally = tally;
        Cameras = cameras;
        CamerasWithoutCalibration = uncalibrated;
        Instants = instants;
        CarveMilliseconds = carveMs;
        SurfaceMilliseconds = surfaceMs;
        NotCarved = notCarved;
    }

    /// <summary>The meshes, frame k for instant k of the times carved.</summary>
    public MeshSequence Sequence { get; }

    /// <summary>People meshed and skipped (with reasons), each camera's part; null when nothing was carved (<see cref="NotCarved"/>).</summary>
    public MeshTally? Tally { get; }

    /// <summary>The calibrated cameras carved from, in order.</summary>
    public IReadOnlyList<string> Cameras { get; }

    /// <summary>Recorded cameras without a calibration (not used).</summary>
    public IReadOnlyList<string> CamerasWithoutCalibration { get; }

    /// <summary>Distinct instants looked at.</summary>
    public int Instants { get; }

    /// <summary>Median carving time per mesh, milliseconds (null: none built).</summary>
    public double? CarveMilliseconds { get; }

    /// <summary>Median surface + colour time per mesh, milliseconds (null: none built).</summary>
    public double? SurfaceMilliseconds { get; }

    /// <summary>Per camera of <see cref="Cameras"/>, the median silhouette and leave-one-out IoUs (measured only when asked; empty otherwise).</summary>
    public IReadOnlyList<(double? Silhouette, double? LeaveOneOut)> Figures { get; }

    /// <summary>Why nothing could be carved at all (fewer than two calibrated cameras), or null.</summary>
    public string? NotCarved { get; }

    /// <summary>
    /// Carves the recorded people of <paramref name="run"/> at <paramref name="times"/> (seconds on
    /// <paramref name="timeCamera"/>'s capture clock, as a clip's marks are).
    /// </summary>
    /// <param name="catalog">The recording's index.</param>
    /// <param name="run">The run.</param>
    /// <param name="timeCamera">The camera whose clock <paramref name="times"/> are on.</param>
    /// <param name="times">The instants, one mesh frame each.</param>
    /// <param name="mesh">Carving and surface settings.</param>
    /// <param name="accelerator">Where the carving runs (resolved).</param>
    /// <param name="poseModel">A BlazePose model of the catalog (the only family with a person mask).</param>
    /// <param name="detector">The person detector of the catalog.</param>
    /// <param name="measure">Also measure the silhouette and leave-one-out IoUs (<see cref="Figures"/>).</param>
    /// <param name="cancellation">Stops between instants.</param>
    /// <param name="carved">
    /// Called on the calling thread after each instant k with its meshes (empty: skipped, counted in the tally), so a
    /// caller can use the first meshes while the rest are carved (the live replay channel); the list is the caller's.
    /// </param>
    /// <param name="inference">How the 2D models run (null: ONNX Runtime's default threads; the live replay gives one thread).</param>
    /// <param name="poses">
    /// The caller's 2D pipeline (detector + a BlazePose model), kept loaded across calls so a call does not pay the
    /// models' loading (the live replay's worker); made for as many cameras as the run has with a calibration, and
    /// reset here. Null: <paramref name="poseModel"/> and <paramref name="detector"/> are loaded for this call.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="poseModel"/> has no person mask.</exception>
    /// <exception cref="ReplayException">A segment is missing or corrupt, or the recorded 3D is not Pose2Sim's markers (named).</exception>
    /// <exception cref="Core.Assets.AssetNotFoundException">A model file is missing.</exception>
    public static RecordingMeshes Carve(RecordingCatalog catalog, RecordedRun run, string timeCamera, IReadOnlyList<Rational> times, MeshOptions mesh,
        TrackingAccelerator accelerator, string poseModel = "blazepose-full", string detector = "rtmdet", bool measure = false,
        CancellationToken cancellation = default, Action<int, IReadOnlyList<Core.Meshes.AthleteMesh>>? carved = null, InferenceOptions? inference = null,
        Pose2DPipeline? poses = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(mesh);
        mesh.Validate();
        ModelReference pose = ModelCatalog.Resolve(poseModel);
        if (pose.Family != ModelFamily.BlazePose)
            throw new ArgumentException($"pose model {poseModel}: meshes need the person mask only BlazePose gives; use blazepose-lite, -full or -heavy");
        ModelReference detection = ModelCatalog.Resolve(detector);
        var sequence = new MeshSequence(times.Count);
        if (times.Count == 0)
            return new RecordingMeshes(sequence, null, [], [], 0, null, null, "no instant to carve");

        // The cameras that have a calibration; the others are listed, not guessed at.
        var calibrated = new List<Camera>();
        var names = new List<string>();
        var uncalibrated = new List<string>();
        foreach (CameraRecording recording in catalog.Cameras(run))
        {
            try
            {
                calibrated.Add(catalog.Calibration(run, recording.Camera));
                names.Add(recording.Camera);
            }
            catch (ReplayException)
            {
                uncalibrated.Add(recording.Camera);
            }
        }
        if (calibrated.Count < mesh.MinCameras)
        {
            return new RecordingMeshes(sequence, null, names, uncalibrated, 0, null, null,
                $"{calibrated.Count} recorded camera(s) with a calibration, {mesh.MinCameras} needed to carve");
        }
        var rig = new CameraRig([.. calibrated]);
        Rational first = times.Min(), last = times.Max();
        Rational common = first + catalog.OffsetAt(run, timeCamera, first);
        var offsets = new Rational[rig.Count];
        var sources = new ReplaySource?[rig.Count];
        // The recorded 3D is on the common clock, the times on the time camera's: mapped by its placement.
        Rational toCommon = common - first;
        var skeletons = new RecordedSkeletons(catalog, run, first + toCommon, last + toCommon);
        if (skeletons.Count == 0)
        {
            // Nobody tracked around these instants: nothing to carve, and no reason to load the 2D models.
            return new RecordingMeshes(sequence, null, names, uncalibrated, 0, null, null, "no 3D recorded around the instants (nobody tracked there)");
        }
        var sample = RecordedSkeletons.CreateSet();
        inference ??= new InferenceOptions(ExecutionProvider.Auto, 0);
        using var mesher = new FrameSetMesher(rig, mesh, accelerator, measure);
        if (poses is not null && poses.CameraCount != rig.Count)
            throw new ArgumentException($"the 2D pipeline is made for {poses.CameraCount} cameras; the recording has {rig.Count} with a calibration", nameof(poses));
        poses?.Reset();
        Pose2DPipeline? owned = poses is null
            ? new Pose2DPipeline(ModelCatalog.CreateDetector(detection, inference), ModelCatalog.CreateEstimator(pose, inference), rig.Count)
            : null;
        Pose2DPipeline pipeline = poses ?? owned!;
        try
        {
            for (int c = 0; c < rig.Count; c++)
            {
                string name = names[c];
                offsets[c] = catalog.OffsetAt(run, name, common) - catalog.OffsetAt(run, timeCamera, common);
                try
                {
                    sources[c] = new ReplaySource(catalog, run, name, first - offsets[c], last - offsets[c] + run.FrameRate.FrameDuration,
                        $"meshes {name}", output: FrameOutput.Native);
                }
                catch (ReplayException)
                {
                    // No picture of this camera at the first instant: each instant then names it as missing.
                }
            }
            var planes = new ImagePlanes[rig.Count];
            int instants = 0;
            for (int k = 0; k < times.Count; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                if (k > 0 && times[k] == times[k - 1])
                {
                    Core.Meshes.AthleteMesh[] same = [.. sequence.MeshesAt(k - 1, times[k - 1])];
                    sequence.Add(k, same);
                    carved?.Invoke(k, same);
                    continue;
                }
                instants++;
                string? missing = null;
                for (int c = 0; c < rig.Count && missing is null; c++)
                {
                    if (sources[c]?.PictureAt(times[k] - offsets[c]) is { } picture)
                        planes[c] = picture.AsPlanes();
                    else
                        missing = names[c];
                }
                if (missing is not null)
                {
                    mesher.Tally.Skip($"camera {missing} has no recorded picture at the instant");
                    carved?.Invoke(k, []);
                    continue;
                }
                if (!skeletons.Sample(times[k] + toCommon, sample, out double age) || sample.Count == 0 || age > MaxSkeletonAgeSeconds)
                {
                    mesher.Tally.Skip("no recorded 3D at the instant");
                    carved?.Invoke(k, []);
                    continue;
                }
                IReadOnlyList<CameraPoses> people = pipeline.Process(planes);
                var meshes = new List<Core.Meshes.AthleteMesh>(sample.Count);
                for (int p = 0; p < sample.Count; p++)
                {
                    double[] joints = [.. sample.PersonJoints(p).ToArray().Select(v => (double)v)];
                    if (mesher.Mesh(sample.PersonIds[p], joints, people, planes) is { } built)
                        meshes.Add(built);
                }
                sequence.Add(k, meshes);
                carved?.Invoke(k, meshes);
            }
            return new RecordingMeshes(sequence, mesher.Tally, names, uncalibrated, instants, mesher.CarveMilliseconds,
                mesher.SurfaceMilliseconds, null, measure ? [.. Enumerable.Range(0, rig.Count).Select(c => (mesher.SilhouetteIoU(c), mesher.LeaveOneOutIoU(c)))] : null);
        }
        finally
        {
            foreach (ReplaySource? source in sources)
                source?.Dispose();
            owned?.Dispose();
        }
    }
}
