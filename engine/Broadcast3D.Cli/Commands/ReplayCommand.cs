using System.CommandLine;
using System.Globalization;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Engine.Meshes;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Tracking.Meshes;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d replay list RECORDING</c> (runs, cameras, time range, gaps, size) and <c>b3d replay export RECORDING --camera
/// NAME --in TC --out TC [--speed S] [--run N] [--graphics] [--virtual orbit|fly[:VIEW]
/// [--freeze FRAMES] [--dissolve FRAMES] [--athlete ID]] --out-file CLIP.mp4</c>, over the folder <c>b3d run</c> records into.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var listFolder = new Argument<string>("recording") { Description = "The recording folder (record.folder of the run configuration)." };
        var list = new Command("list", "Runs and cameras of a recording: time range, gaps, size.") { listFolder };
        list.SetAction(parse => List(parse.GetValue(listFolder)!));

        var folder = new Argument<string>("recording") { Description = "The recording folder (record.folder of the run configuration)." };
        var camera = new Option<string>("--camera") { Description = "Camera name.", Required = true };
        var markIn = new Option<string>("--in") { Description = "Mark-in: HH:MM:SS:FF or seconds (12.5s) on the capture timeline.", Required = true };
        var markOut = new Option<string>("--out") { Description = "Mark-out (exclusive), after --in.", Required = true };
        var speed = new Option<double>("--speed") { Description = "Speed in (0, 2]: 1, 0.5, 0.33, 0.25, ...", DefaultValueFactory = _ => 1 };
        var run = new Option<long?>("--run") { Description = "Run to export from (b3d replay list shows them); default: the last." };
        var graphics = new Option<bool>("--graphics") { Description = "Draw the recorded 3D (skeleton, labels) over the pictures, at each output frame's own time." };
        var virtualMove = new Option<string?>("--virtual")
        {
            Description = "Start with a virtual camera around the athlete: orbit, or fly[:VIEW] (VIEW: side, behind, front, top, or an azimuth in degrees).",
        };
        var freeze = new Option<int>("--freeze") { Description = "With --virtual: hold the mark-in instant for this many frames (0: replay the range)." };
        var dissolve = new Option<int>("--dissolve") { Description = "With --virtual: dissolve back to the real camera over this many frames (0: a cut)." };
        var athlete = new Option<int?>("--athlete") { Description = "With --virtual: track id of the athlete followed (default: the lowest id at the first instant)." };
        var mesh = new Option<string>("--mesh")
        {
            Description = "With --virtual: the athletes as carved meshes (BlazePose's masks from the recorded pictures, the recorded 3D; needs two calibrated cameras) or none (capsules).",
            DefaultValueFactory = _ => "carved",
        };
        mesh.AcceptOnlyFromAmong("carved", "none");
        var meshVoxel = new Option<double>("--mesh-voxel") { Description = "With --virtual: voxel edge of the carving, metres (0.002–0.2).", DefaultValueFactory = _ => 0.03 };
        var outFile = new Option<string>("--out-file") { Description = "The MP4 to write (H.264 at the recording's frame rate).", Required = true };
        var unblurred = new Option<bool>("--unblurred")
        {
            Description = "The original pictures, without the recorded blur regions: only for a run recorded with record.keepUnblurred (issue #21).",
        };
        var export = new Command("export", "Export one camera between two marks as an MP4, optionally in slow motion.")
        {
            folder, camera, markIn, markOut, speed, run, graphics, virtualMove, freeze, dissolve, athlete, mesh, meshVoxel, outFile, unblurred,
        };
        // Every replay export is audited (issue #21): the clip shows people.
        var privacy = new PrivacyOptions();
        privacy.AddTo(export, withSubject: false);
        export.SetAction((parse, token) => Task.FromResult(Export(parse.GetValue(folder)!, new ReplayExportRequest(parse.GetValue(camera)!,
            ReplayTime.Parse(parse.GetValue(markIn)!, "--in"), ReplayTime.Parse(parse.GetValue(markOut)!, "--out"), parse.GetValue(speed),
            parse.GetValue(outFile)!)
        {
            Run = parse.GetValue(run), Graphics = parse.GetValue(graphics), FreezeFrames = parse.GetValue(freeze), Unblurred = parse.GetValue(unblurred),
            Virtual = VirtualShot(parse.GetValue(virtualMove), parse.GetValue(dissolve), parse.GetValue(athlete)),
            Meshes = MeshSettings(parse.GetValue(mesh)!, parse.GetValue(meshVoxel), parse.GetValue(virtualMove) is not null),
        }, token, privacy.Audit(parse))));
        return new Command("replay", "Instant replay: what b3d run recorded.") { list, export };
    }

    /// <summary>The shot <c>--virtual</c> asks for; null without it (then <c>--dissolve</c> and <c>--athlete</c> are refused).</summary>
    private static VirtualCameraShot? VirtualShot(string? move, int dissolve, int? athlete)
    {
        if (move is not null)
            return VirtualCameraShot.Parse(move, dissolve, athlete);
        if (dissolve != 0 || athlete is not null)
            throw new ReplayException("--dissolve and --athlete shape a virtual camera shot: add --virtual orbit or --virtual fly[:VIEW]");
        return null;
    }

    /// <summary>The carving <c>--mesh</c> asks for with a virtual camera; null without one or with <c>--mesh none</c>.</summary>
    private static MeshOptions? MeshSettings(string mesh, double voxel, bool virtualShot)
    {
        if (!virtualShot || mesh == "none")
            return null;
        if (!(voxel >= 0.002 && voxel <= 0.2))
            throw new UsageException($"--mesh-voxel {voxel.ToString(CultureInfo.InvariantCulture)}: give a voxel edge of 0.002–0.2 m (or --mesh none)");
        // No miss allowed, as in the demo: with one, phantom limbs appear where three cameras' cones meet (docs/mesh.md).
        return new MeshOptions(VoxelMetres: voxel, AllowedMisses: 0);
    }

    private static int List(string folder)
    {
        using RecordingCatalog catalog = RecordingCatalog.Open(folder);
        IReadOnlyList<RecordedRun> runs = catalog.Runs();
        Console.Out.WriteLine($"recording {catalog.Folder}: {runs.Count} run(s)");
        foreach (RecordedRun run in runs)
        {
            IReadOnlyList<CameraRecording> cameras = catalog.Cameras(run);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run.Id}: started {run.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC, {run.FrameRate} fps, {cameras.Count} camera(s)"));
            if (cameras.Count == 0)
                continue;
            // One line per camera (not a table): readable on a terminal and in a log, and never wrapped in a pipe.
            foreach (CameraRecording c in cameras)
            {
                string gaps = c.Gaps.Count == 0 ? "none"
                    : string.Join("; ", c.Gaps.Select(g => $"{Time(g.Start, run.FrameRate)} to {Time(g.End, run.FrameRate)}"));
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {c.Camera}: {c.Codec} {c.Width}x{c.Height}, {Time(c.Start, run.FrameRate)} to {Time(c.End, run.FrameRate)} ({(c.End - c.Start).ToDouble():0.###} s), {c.Segments} segments, {c.Frames} frames, {c.Bytes / 1048576.0:0.0} MiB, gaps: {gaps}"));
            }
        }
        return CliErrors.Ok;
    }

    private static int Export(string folder, ReplayExportRequest request, CancellationToken cancellation, AuditLog audit)
    {
        using RecordingCatalog catalog = RecordingCatalog.Open(folder);
        ReplayExportResult result = ReplayExporter.Export(catalog, request, cancellation);
        string virtualShot = result.VirtualFrames > 0 ? string.Create(CultureInfo.InvariantCulture, $", the first {result.VirtualFrames} from the virtual camera") : "";
        // What the clip shows of people (issue #21), in the audit line and on the console alike.
        string blur = result switch
        {
            { Unblurred: true } => "original pictures (recorded with record.keepUnblurred, --unblurred)",
            { Privacy: null } => "not blurred (the run was recorded before blur regions were kept)",
            { Privacy.Blur: Engine.Privacy.BlurMode.None } => "not blurred (recorded with privacy.blur none)",
            _ => string.Create(CultureInfo.InvariantCulture, $"{result.BlurredFrames} frame(s) blurred by the recorded regions (privacy.blur {result.Privacy.Blur.ToString().ToLowerInvariant()})"),
        };
        audit.Write(AuditLog.CommandLineUser, "replay-export", Path.GetFullPath(result.OutFile),
            string.Create(CultureInfo.InvariantCulture, $"{request.Camera} of {catalog.Folder}, {result.FramesOut} frames, {blur}"));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.OutFile}: {result.FramesOut} frames from {result.Pictures} recorded pictures of {request.Camera} ({result.Segments} segments), speed {request.Speed}{virtualShot}; {blur}"));
        if (result.Meshes is { } meshes)
            Console.Out.WriteLine(MeshLine(meshes, result.VirtualFrames));
        return CliErrors.Ok;
    }

    /// <summary>What the virtual camera's meshes were: how many frames show one, from which cameras, what was skipped and why.</summary>
    private static string MeshLine(RecordingMeshes meshes, long virtualFrames)
    {
        string uncalibrated = meshes.CamerasWithoutCalibration.Count == 0 ? "" : $"; without calibration (not used): {string.Join(", ", meshes.CamerasWithoutCalibration)}";
        if (meshes.NotCarved is { } why || meshes.Tally is not { } tally)
            return $"meshes: none, capsules drawn ({meshes.NotCarved}){uncalibrated}";
        string skipped = tally.SkipReasons.Count == 0 ? "none skipped"
            : string.Join("; ", tally.SkipReasons.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value}× {r.Key}")));
        string withoutMask = string.Join(", ", tally.Cameras().Where(c => c.FramesWithoutMask > 0).Select(c => $"{c.Name} {c.FramesWithoutMask}"));
        string masks = withoutMask.Length == 0 ? "" : $"; cameras without the athlete's mask: {withoutMask}";
        return string.Create(CultureInfo.InvariantCulture,
            $"meshes: {meshes.Sequence.FramesWithMeshes} of {virtualFrames} virtual-camera frames, {tally.Meshed} carved at {meshes.Instants} instant(s) from " +
            $"{string.Join(", ", meshes.Cameras)} ({meshes.CarveMilliseconds:0} ms carving + {meshes.SurfaceMilliseconds:0} ms surface per mesh); {skipped}{masks}{uncalibrated}");
    }

    private static string Time(Rational seconds, FrameRate rate) =>
        string.Create(CultureInfo.InvariantCulture, $"{Timecode.FromTime(seconds < Rational.Zero ? Rational.Zero : seconds, rate)} ({seconds.ToDouble():0.###}s)");
}
