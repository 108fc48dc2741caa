using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Meshes;

namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// <c>b3d mesh RECORDING</c> (issue #18): the meshes of a recording's last run (what <c>b3d run</c> recorded: each
/// camera's pictures, calibration and 3D) through <see cref="RecordingMeshes"/>, frame n at the first recorded
/// camera's start + n frame periods; the same files and <c>mesh.json</c> as a trial (<see cref="MeshTrialRunner"/>),
/// the calibration being the one recorded per camera. Stateless; one run per call.
/// </summary>
public static class MeshRecordingRunner
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>True when <paramref name="folder"/> is a recording (holds the replay index).</summary>
    public static bool IsRecording(string folder) => File.Exists(Path.Combine(folder, RecordingSchema.IndexFile));

    /// <summary>Meshes <paramref name="folder"/>'s last run and writes <c>meshes/</c> and <c>mesh.json</c>.</summary>
    /// <exception cref="ReplayException">Not a readable recording, nothing recorded, or a segment missing or corrupt (named).</exception>
    /// <exception cref="ArgumentException">A bad frame range or a pose model without a person mask.</exception>
    public static MeshReport Run(string folder, MeshRunOptions options, IProgress<OfflineProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(options);
        MeshOptions mesh = options.Mesh ?? new MeshOptions();
        mesh.Validate();
        if (options.FirstFrame < 0 || options.FrameCount < 1)
            throw new ArgumentException($"--start must be ≥ 0 and --frames ≥ 1 (got {options.FirstFrame}, {options.FrameCount})");
        TrackingAccelerator accelerator = TrackingAccelerators.Resolve(options.Accelerator, "--accelerator");
        using RecordingCatalog catalog = RecordingCatalog.Open(folder);
        RecordedRun run = catalog.Run(null);
        IReadOnlyList<CameraRecording> cameras = catalog.Cameras(run);
        if (cameras.Count == 0)
            throw new ReplayException($"recording {catalog.Folder}: run {run.Id} recorded no camera; give a recording b3d run made with cameras");
        CameraRecording first = cameras[0];
        Rational step = run.FrameRate.FrameDuration;
        var times = new List<Rational>();
        for (int f = options.FirstFrame; f < options.FirstFrame + options.FrameCount; f++)
        {
            Rational t = first.Start + step.Multiply(f);
            if (t >= first.End + step)
                break;
            times.Add(t);
        }
        if (times.Count == 0)
            throw new ArgumentException($"--start {options.FirstFrame}: {first.Camera} of {catalog.Folder} holds {first.Frames} frames; start inside them");

        string output = Path.GetFullPath(options.OutputDirectory);
        string meshFolder = Directory.CreateDirectory(Path.Combine(output, "meshes")).FullName;
        long started = Stopwatch.GetTimestamp();
        RecordingMeshes meshes = RecordingMeshes.Carve(catalog, run, first.Camera, times, mesh, accelerator, options.PoseModel, options.Detector,
            measure: true, cancellation: cancellation);
        double frameMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds / times.Count;
        var files = new List<MeshFileEntry>();
        for (int k = 0; k < times.Count; k++)
        {
            int frame = options.FirstFrame + k;
            foreach (AthleteMesh m in meshes.Sequence.MeshesAt(k, times[k]))
            {
                string stem = string.Create(CultureInfo.InvariantCulture, $"frame_{frame:00000}_person_{m.PersonId}");
                MeshObj.Write(m, Path.Combine(meshFolder, stem + ".obj"));
                MeshGltf.Write(m, Path.Combine(meshFolder, stem + ".glb"));
                files.Add(new MeshFileEntry(frame, m.PersonId, m.VertexCount, m.TriangleCount, Path.Combine("meshes", stem + ".obj"), Path.Combine("meshes", stem + ".glb")));
            }
            progress?.Report(new OfflineProgress("writing", k + 1, times.Count));
        }

        MeshTally? tally = meshes.Tally;
        var skips = tally is null ? new Dictionary<string, int> { [meshes.NotCarved!] = times.Count } : new Dictionary<string, int>(tally.SkipReasons);
        IReadOnlyList<MeshCameraCounts> counts = tally?.Cameras() ?? [];
        var report = new MeshReport
        {
            Trial = catalog.Folder,
            Calibration = $"recorded with run {run.Id} (per camera)",
            Frames = new MeshFrameCounts(options.FirstFrame, options.FrameCount, times.Count, tally?.Meshed ?? 0, skips.Values.Sum(), skips),
            Cameras = [.. meshes.Cameras.Select((name, c) => new MeshCameraFigures(counts.Count > c ? counts[c].Name : name, name,
                meshes.Figures.Count > c ? meshes.Figures[c].Silhouette : null, meshes.Figures.Count > c ? meshes.Figures[c].LeaveOneOut : null,
                counts.Count > c ? counts[c].FramesCarved : 0, counts.Count > c ? counts[c].FramesWithoutMask : 0, counts.Count > c ? counts[c].FramesPartlyOutOfFrame : 0)
                { FramesLeftOutOtherwise = counts.Count > c ? counts[c].FramesLeftOutOtherwise : 0 })],
            CamerasWithoutCalibration = meshes.CamerasWithoutCalibration,
            Settings = new MeshSettingsReport(mesh.VoxelMetres, mesh.MarginMetres, mesh.TriangleBudget, mesh.SmoothingIterations, mesh.AllowedMisses,
                options.PoseModel, accelerator.ToString().ToLowerInvariant()),
            // The carving runs once per mesh on the resolved accelerator; the kernel comparison is the trial's (b3d mesh TRIAL).
            Timing = new MeshTiming(accelerator == TrackingAccelerator.Reference ? meshes.CarveMilliseconds : null, 0, null, null,
                accelerator == TrackingAccelerator.Reference ? null : meshes.CarveMilliseconds, meshes.SurfaceMilliseconds, frameMs, true,
                $"{Environment.ProcessorCount} logical CPUs, {Environment.OSVersion}"),
            Meshes = files,
        };
        File.WriteAllText(Path.Combine(output, MeshTrialRunner.ReportFileName), JsonSerializer.Serialize(report, s_json));
        return report;
    }
}
