using System.Globalization;
using System.Text.Json;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Engine.Sync;
using Broadcast3D.Core.Time;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Preprocessing;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// Reads and validates a pipeline configuration in JSON (comments and trailing commas allowed). Every problem is
/// reported with the file and the field path, and all problems are collected before throwing so a user fixes
/// them in one go. Unknown fields are errors: a typo must not silently fall back to a default.
/// </summary>
public static class PipelineConfigLoader
{
    private static readonly string[] s_networkSchemes = ["rtsp://", "rtsps://", "srt://", "udp://", "rtp://", "http://", "https://", "rtmp://"];

    /// <summary>
    /// The fastest frame rate accepted. Broadcast and sports cameras top out at 240 fps (super slow motion); above
    /// that a rate is a typo (60000 for 60000/1001) and would ask the channel for a picture every few microseconds.
    /// </summary>
    public const int MaxFrameRate = 240;

    /// <summary>Longest delay line accepted, frames (fixed or automatic): 5 s at 60 fps; memory bounds it further.</summary>
    public const int MaxDelayFrames = 300;

    /// <summary>Largest camera offset accepted, seconds: more is a unit mistake (milliseconds written as seconds).</summary>
    public const double MaxOffsetSeconds = 60;

    /// <summary>Longest replay retention accepted, minutes (a week): longer belongs to an archive, not a replay server.</summary>
    public const int MaxRetainMinutes = 10_080;

    /// <summary>
    /// Most memory the delay line may take, bytes: it holds <c>delayFrames + 1</c> GPU plates of the programme camera,
    /// counted at 4 bytes a pixel (a camera decoded to RGBA; the usual yuv420p plate takes 1.5). A quarter of the memory the process may use, at most 8 GiB, so a 4K delay of seconds is refused
    /// before it runs the machine out of memory rather than after.
    /// </summary>
    public static long MaxDelayLineBytes => Math.Min(8L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

    /// <summary>Loads <paramref name="path"/>; throws <see cref="ConfigException"/> listing every problem.</summary>
    public static PipelineConfig Load(string path)
    {
        if (Directory.Exists(path))
            throw new ConfigException($"{path}: is a folder; give the configuration's .json file");
        if (!File.Exists(path))
            throw new ConfigException($"{path}: configuration file not found");
        string text = File.ReadAllText(path);
        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
    }

    /// <summary>Parses configuration text; <paramref name="baseDirectory"/> resolves relative paths.</summary>
    public static PipelineConfig Parse(string json, string sourceName, string baseDirectory)
    {
        using JsonDocument doc = ConfigJson.Parse(json, sourceName);
        var r = new ConfigReader(sourceName, baseDirectory);
        PipelineConfig? config = r.Read(doc.RootElement);
        if (r.Errors.Count > 0 || config is null)
            throw new ConfigException($"{sourceName}: invalid configuration:\n  " + string.Join("\n  ", r.Errors));
        return config;
    }

    private sealed class ConfigReader(string source, string baseDirectory)
    {
        public List<string> Errors { get; } = [];

        public PipelineConfig? Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Errors.Add("the top level must be an object");
                return null;
            }
            _ = Known(root, "", "frameRate", "calibration", "cameras", "models", "outputs", "overlay", "delayFrames", "maxDelayFrames", "program", "sync", "tracking", "plugins", "record", "control", "replay", "privacy");
            FrameRate rate = FrameRate.Fps60;
            string? rateText = String(root, "frameRate", "", required: false);
            if (rateText != null)
            {
                try
                {
                    rate = FrameRate.Parse(rateText);
                    if (rate.ToDouble() > MaxFrameRate)
                    {
                        Errors.Add(string.Create(CultureInfo.InvariantCulture,
                            $"frameRate: {rate.ToDouble():0.###} fps is above {MaxFrameRate} fps, the fastest camera rate handled; use the cameras' rate (e.g. \"59.94\" or \"60000/1001\")"));
                        rate = FrameRate.Fps60;
                    }
                }
                catch (FormatException ex)
                {
                    Errors.Add($"frameRate: {ex.Message}");
                }
            }
            string calibration = ExistingPath(String(root, "calibration", "", required: true), "calibration");
            var cameras = new List<CameraConfig>();
            if (root.TryGetProperty("cameras", out JsonElement cams) && cams.ValueKind == JsonValueKind.Array && cams.GetArrayLength() > 0)
            {
                int i = 0;
                foreach (JsonElement cam in cams.EnumerateArray())
                    cameras.Add(Camera(cam, $"cameras[{i++}]"));
                foreach (var dup in cameras.GroupBy(c => c.Name).Where(g => g.Count() > 1))
                    Errors.Add($"cameras: the name '{dup.Key}' is used {dup.Count()} times; names must match the calibration and be unique");
            }
            else
            {
                Errors.Add("cameras: required, a non-empty array of {\"name\", \"source\"}");
            }
            ModelConfig models = Models(root);
            var outputs = new List<OutputConfig>();
            if (root.TryGetProperty("outputs", out JsonElement outs))
            {
                if (outs.ValueKind != JsonValueKind.Array)
                    Errors.Add("outputs: must be an array");
                else
                {
                    int i = 0;
                    foreach (JsonElement o in outs.EnumerateArray())
                        outputs.Add(Output(o, $"outputs[{i++}]"));
                }
            }
            CheckDuplicateOutputs(outputs, "outputs");
            ReplayConfig? replay = Replay(root, outputs);
            OverlayConfig overlay = Overlay(root);
            int maxDelay = Int(root, "maxDelayFrames", "", PipelineConfig.DefaultMaxDelayFrames, 1, MaxDelayFrames);
            (bool autoDelay, int delay) = Delay(root, maxDelay);
            ProgramConfig program = Program(root, cameras);
            // The line holds its longest delay from the start: the automatic one may grow to it on air.
            CheckAgainstCalibration(calibration, cameras, program, autoDelay ? maxDelay : delay);
            RecordConfig? record = Record(root);
            if (replay is not null && record is null)
                Errors.Add("replay: a replay channel plays the recording; add a \"record\": {\"folder\": ...} section, or remove replay");
            SyncConfig sync = Sync(root);
            TrackingConfig tracking = Tracking(root);
            // The bus's 3D carries the camera nodes' capture times: this process's pictures must be on the same clock.
            if (tracking.Source == TrackingSource.Bus && sync.Placement != OffsetEstimate.None)
                Errors.Add("sync.placement: tracking.source \"bus\" matches the fusion node's 3D to the pictures by capture time, so the pictures " +
                           "must keep the cameras' own timestamps (arrival placement is this process's clock); set \"sync\": {\"placement\": \"timestamps\"}");
            return new PipelineConfig(rate, calibration, cameras, models, outputs, overlay, delay, program)
            {
                Sync = sync, Tracking = tracking, Plugins = Plugins(root), Record = record, Replay = replay, Control = Control(root), Privacy = Privacy(root), AutoDelay = autoDelay, MaxDelayFrames = autoDelay ? maxDelay : delay,
            };
        }

        /// <summary>
        /// <c>delayFrames</c>: "auto" (the default: chosen from the measured tracking latency, up to
        /// <c>maxDelayFrames</c>) or a fixed number of frames (0 to <see cref="MaxDelayFrames"/>).
        /// </summary>
        private (bool Auto, int Frames) Delay(JsonElement root, int maxDelay)
        {
            if (!root.TryGetProperty("delayFrames", out JsonElement v))
                return (true, 0);
            if (v.ValueKind == JsonValueKind.String && string.Equals(v.GetString(), "auto", StringComparison.OrdinalIgnoreCase))
                return (true, 0);
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int frames) && frames is >= 0 and <= MaxDelayFrames)
            {
                if (root.TryGetProperty("maxDelayFrames", out _))
                    Errors.Add("maxDelayFrames: bounds the automatic delay only; with a fixed delayFrames remove it (or set delayFrames to \"auto\")");
                return (false, frames);
            }
            Errors.Add($"delayFrames: must be \"auto\" or an integer from 0 to {MaxDelayFrames}, not {v.GetRawText()}");
            return (true, 0);
        }

        private CameraConfig Camera(JsonElement cam, string path)
        {
            if (cam.ValueKind != JsonValueKind.Object)
            {
                Errors.Add($"{path}: must be an object with \"name\" and \"source\"");
                return new CameraConfig("?", "", false, Rational.Zero);
            }
            _ = Known(cam, path + ".", "name", "source", "offsetSeconds", "loop", "record");
            string name = String(cam, "name", path + ".", required: true) ?? "?";
            string src = String(cam, "source", path + ".", required: true) ?? "";
            bool network = s_networkSchemes.Any(s => src.StartsWith(s, StringComparison.OrdinalIgnoreCase));
            if (!network && src.Length > 0)
                src = ExistingPath(src, path + ".source");
            double offset = 0;
            if (cam.TryGetProperty("offsetSeconds", out JsonElement off))
            {
                if (off.ValueKind == JsonValueKind.Number && off.TryGetDouble(out double value) && Math.Abs(value) <= MaxOffsetSeconds)
                    offset = value;
                else
                    Errors.Add($"{path}.offsetSeconds: must be a number of seconds from -{MaxOffsetSeconds} to {MaxOffsetSeconds} (e.g. 0.0166), not {off.GetRawText()}");
            }
            bool loop = Bool(cam, "loop", path + ".", false);
            if (loop && network)
                Errors.Add($"{path}.loop: only file sources loop; a network source is reconnected when it ends, remove loop here");
            RecordMode record = String(cam, "record", path + ".", false) switch
            {
                null or "copy" => RecordMode.Copy,
                "encode" => RecordMode.Encode,
                string other => InvalidRecord(other),
            };
            // Offsets are configured in seconds; keep them exact to the microsecond.
            return new CameraConfig(name, src, network, new Rational((long)Math.Round(offset * 1_000_000), 1_000_000)) { Loop = loop, Record = record };

            RecordMode InvalidRecord(string value)
            {
                Errors.Add($"{path}.record: '{value}' is not a recording mode; use \"copy\" (the packets as received) or \"encode\" (H.264 again)");
                return RecordMode.Copy;
            }
        }

        private ModelConfig Models(JsonElement root)
        {
            if (!root.TryGetProperty("models", out JsonElement m))
                return new ModelConfig("rtmdet", "blazepose-full", 1);
            _ = Known(m, "models.", "detector", "pose", "detectEvery", "detectorFamily", "poseFamily");
            (string detector, string? detectorFamily) = Model(m, "detector", "rtmdet", detector: true);
            (string pose, string? poseFamily) = Model(m, "pose", "blazepose-full", detector: false);
            return new ModelConfig(detector, pose, Int(m, "detectEvery", "models.", 1, 1, 1000), detectorFamily, poseFamily);
        }

        /// <summary>
        /// A model is a catalogue name of the right role, or an existing .onnx file (relative to the configuration)
        /// with its family in <c>{field}Family</c>: the file alone does not say how to feed it.
        /// </summary>
        private (string NameOrPath, string? Family) Model(JsonElement m, string field, string fallback, bool detector)
        {
            string role = detector ? "person detector" : "pose model";
            string names = string.Join(", ", ModelCatalog.Names.Where(n => ModelCatalog.IsDetector(ModelCatalog.FamilyOf(n)!.Value) == detector));
            string families = detector ? "rtmdet, yolox, movenet-multipose" : "blazepose, movenet, rtmpose";
            string value = String(m, field, "models.", false) ?? fallback;
            string? familyText = String(m, field + "Family", "models.", false);
            if (ModelCatalog.FamilyOf(value) is { } known)
            {
                if (ModelCatalog.IsDetector(known) != detector)
                    Errors.Add($"models.{field}: '{value}' is a {(detector ? "pose model" : "person detector")}, not a {role}; use one of {names}");
                if (familyText is not null)
                    Errors.Add($"models.{field}Family: only for a model given by path; '{value}' is a catalogue name");
                return (value, null);
            }
            if (!value.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            {
                Errors.Add($"models.{field}: '{value}' is not a known {role} ({names}) nor an .onnx file");
                return (fallback, null);
            }
            string path = ExistingPath(value, $"models.{field}");
            if (familyText is null)
            {
                Errors.Add($"models.{field}Family: required with a model file ({families}): the file alone does not say how to feed it");
                return (path, null);
            }
            try
            {
                ModelFamily family = ModelCatalog.ParseFamily(familyText);
                if (ModelCatalog.IsDetector(family) != detector)
                    Errors.Add($"models.{field}Family: '{familyText}' is not a {role} family; use {families}");
            }
            catch (ArgumentException)
            {
                Errors.Add($"models.{field}Family: '{familyText}' is not a model family; use {families}");
            }
            return (path, familyText);
        }

        /// <summary>
        /// The cameras are the calibration's, by name and in its order (camera i is calibration camera i for
        /// triangulation); the delay line must fit in memory. Skipped when the calibration cannot be read (that is
        /// reported on its own).
        /// </summary>
        private void CheckAgainstCalibration(string calibrationPath, List<CameraConfig> cameras, ProgramConfig program, int delay)
        {
            if (calibrationPath.Length == 0 || !File.Exists(calibrationPath))
                return;
            CameraRig calibration;
            try
            {
                calibration = CalibrationToml.Read(calibrationPath);
            }
            catch (CalibrationFormatException ex)
            {
                Errors.Add($"calibration: {ex.Message}");
                return;
            }
            string order = string.Join(", ", calibration.Cameras.Select(c => c.Name));
            for (int i = 0; i < cameras.Count; i++)
            {
                int at = calibration.IndexOf(cameras[i].Name);
                if (at < 0)
                    Errors.Add($"cameras[{i}].name: '{cameras[i].Name}' is not a camera of the calibration ({order})");
                else if (at != i)
                    Errors.Add($"cameras[{i}].name: '{cameras[i].Name}' is camera {at + 1} of the calibration; list the cameras in calibration order ({order})");
            }
            if (cameras.Count > 0 && cameras.Count != calibration.Count)
                Errors.Add($"cameras: {cameras.Count} listed, the calibration has {calibration.Count} ({order}); list every calibrated camera once");
            int programAt = calibration.IndexOf(program.Camera);
            if (programAt < 0)
                return;
            Core.Cameras.Camera programCamera = calibration.Cameras[programAt];
            long bytes = (delay + 1L) * programCamera.ImageWidth * programCamera.ImageHeight * 4;
            if (bytes > MaxDelayLineBytes)
            {
                Errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"delayFrames: {delay} frames of {programCamera.Name}'s {programCamera.ImageWidth}×{programCamera.ImageHeight} pictures need {bytes / (double)(1 << 30):0.0} GiB, " +
                    $"more than the {MaxDelayLineBytes / (double)(1 << 30):0.0} GiB allowed (a quarter of this machine's memory, at most 8 GiB); lower delayFrames (with \"auto\": maxDelayFrames)"));
            }
        }

        private OutputConfig Output(JsonElement o, string path)
        {
            if (!Known(o, path + ".", "type", "target", "alpha"))
                return new OutputConfig(OutputKind.File, "", false);
            string? type = String(o, "type", path + ".", true);
            string target = String(o, "target", path + ".", true) ?? "";
            bool alpha = Bool(o, "alpha", path + ".", false);
            // By name only: Enum.TryParse would also take "1" or "4" as a kind.
            OutputKind? parsed = type?.ToLowerInvariant() switch
            {
                "ndi" => OutputKind.Ndi,
                "file" => OutputKind.File,
                "srt" => OutputKind.Srt,
                "rtmp" => OutputKind.Rtmp,
                "udp" => OutputKind.Udp,
                _ => null,
            };
            if (parsed is not { } kind)
            {
                if (type is not null)
                    Errors.Add($"{path}.type: '{type}' is not an output type; use ndi, file, srt, rtmp or udp");
                return new OutputConfig(OutputKind.File, "", alpha);
            }
            if (kind == OutputKind.File && target.Length > 0)
            {
                target = Path.GetFullPath(Path.Combine(baseDirectory, target));
                if (Directory.Exists(target))
                    Errors.Add($"{path}.target: {target} is a folder; give the file to write (e.g. programme.mp4)");
            }
            else if (kind is OutputKind.Srt or OutputKind.Udp or OutputKind.Rtmp && target.Length > 0)
            {
                CheckStreamUrl(kind, target, path);
            }
            if (alpha)
                CheckCarriesAlpha(kind, target, path);
            return new OutputConfig(kind, target, alpha);
        }

        /// <summary>A stream output's target is a URL of its own protocol with a host and port, never a file name.</summary>
        private void CheckStreamUrl(OutputKind kind, string target, string path)
        {
            string[] schemes = kind switch { OutputKind.Srt => ["srt"], OutputKind.Udp => ["udp", "rtp"], _ => ["rtmp", "rtmps"] };
            string example = kind switch { OutputKind.Srt => "srt://host:9000", OutputKind.Udp => "udp://239.0.0.1:5000", _ => "rtmp://host/app/key" };
            if (!Uri.TryCreate(target, UriKind.Absolute, out Uri? uri) || !schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase) || uri.Host.Length == 0
                || (kind != OutputKind.Rtmp && uri.Port <= 0))
            {
                Errors.Add($"{path}.target: '{target}' is not a {string.Join(" or ", schemes.Select(x => x + "://"))} URL with a host and port " +
                           $"(e.g. {example}); to write a file use \"type\": \"file\"");
            }
        }

        /// <summary>Alpha needs a format with a key: NDI (BGRA with alpha) or a ProRes 4444 file, which lives in a .mov.</summary>
        private void CheckCarriesAlpha(OutputKind kind, string target, string path)
        {
            string kindName = kind.ToString().ToLowerInvariant();
            if (kind is OutputKind.Srt or OutputKind.Udp or OutputKind.Rtmp)
            {
                Errors.Add($"{path}.alpha: {kindName} outputs are H.264, which has no alpha channel; send the graphics with their key " +
                           "on an ndi output or a .mov file output, or remove alpha here");
            }
            else if (kind == OutputKind.File && target.Length > 0 && !string.Equals(Path.GetExtension(target), ".mov", StringComparison.OrdinalIgnoreCase))
            {
                Errors.Add($"{path}.alpha: {Path.GetFileName(target)} cannot carry alpha: the graphics and their key are written as " +
                           "ProRes 4444, which needs a .mov target; rename it to .mov or remove alpha here");
            }
        }

        /// <summary>Two outputs of <paramref name="path"/>'s list with one target (an NDI name, ignoring case, or a file/stream).</summary>
        private void CheckDuplicateOutputs(List<OutputConfig> outputs, string path)
        {
            foreach (var dup in outputs.Where(o => o.Target.Length > 0).GroupBy(Key).Where(g => g.Count() > 1))
            {
                string kind = dup.Key.Kind.ToString().ToLowerInvariant();
                Errors.Add(dup.Key.Kind == OutputKind.Ndi
                    ? $"{path}: two ndi outputs are named '{dup.First().Target}'; NDI source names must be unique on the network (names are compared ignoring case)"
                    : $"{path}: {dup.Count()} {kind} outputs write to {dup.First().Target}; each output needs its own target");
            }
        }

        private static (OutputKind Kind, string Target) Key(OutputConfig o) => (o.Kind, o.Kind == OutputKind.Ndi ? o.Target.ToUpperInvariant() : o.Target);

        /// <summary>The <c>replay</c> section: its outputs are read as the programme's (same kinds and checks), paths <c>replay.outputs[i]</c>.</summary>
        private ReplayConfig? Replay(JsonElement root, List<OutputConfig> programme)
        {
            if (!root.TryGetProperty("replay", out JsonElement r) || !Known(r, "replay.", "outputs", "mesh", "meshVoxel"))
                return null;
            if (!r.TryGetProperty("outputs", out JsonElement outs) || outs.ValueKind != JsonValueKind.Array || outs.GetArrayLength() == 0)
            {
                Errors.Add("replay.outputs: required, a non-empty array of outputs like the programme's (e.g. [{\"type\": \"ndi\", \"target\": \"B3D Replay\"}])");
                return null;
            }
            var outputs = new List<OutputConfig>();
            int i = 0;
            foreach (JsonElement o in outs.EnumerateArray())
            {
                string path = $"replay.outputs[{i++}]";
                OutputConfig output = Output(o, path);
                if (output.Alpha)
                    Errors.Add($"{path}.alpha: the replay channel sends its picture with the graphics drawn in; a graphics layer with its key is the programme's only (remove alpha here)");
                if (output.Target.Length > 0 && programme.Any(p => Key(p) == Key(output)))
                    Errors.Add($"{path}.target: '{output.Target}' is already a programme output; give the replay its own (e.g. \"B3D Replay\", replay.mp4)");
                outputs.Add(output);
            }
            CheckDuplicateOutputs(outputs, "replay.outputs");
            return new ReplayConfig(outputs) { Mesh = ReplayMesh(r), MeshVoxelMetres = ReplayMeshVoxel(r) };
        }

        /// <summary><c>replay.mesh</c>: "carved" (default) or "none", as <c>b3d demo --mesh</c>.</summary>
        private bool ReplayMesh(JsonElement r)
        {
            if (!r.TryGetProperty("mesh", out JsonElement m))
                return true;
            if (m.ValueKind == JsonValueKind.String && m.GetString() is "carved" or "none")
                return m.GetString() == "carved";
            Errors.Add($"replay.mesh: {m.GetRawText()} is not a mesh mode; give \"carved\" (the athletes' meshes in the virtual camera) or \"none\" (capsules)");
            return false;
        }

        /// <summary><c>replay.meshVoxel</c>: metres, 0.005–0.2 (default 0.03).</summary>
        private double ReplayMeshVoxel(JsonElement r)
        {
            if (!r.TryGetProperty("meshVoxel", out JsonElement v))
                return ReplayConfig.DefaultMeshVoxelMetres;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double metres) && metres is >= 0.005 and <= 0.2)
                return metres;
            Errors.Add($"replay.meshVoxel: {v.GetRawText()} is not a voxel edge; give metres from 0.005 to 0.2 (e.g. 0.03; smaller is finer and slower)");
            return ReplayConfig.DefaultMeshVoxelMetres;
        }

        private SyncConfig Sync(JsonElement root)
        {
            if (!root.TryGetProperty("sync", out JsonElement s) || !Known(s, "sync.", "placement", "stallTimeoutMs"))
                return SyncConfig.Default;
            OffsetEstimate placement = String(s, "placement", "sync.", false) switch
            {
                null or "arrival" => OffsetEstimate.Arrival,
                "timestamps" => OffsetEstimate.None,
                string other => Invalid(other),
            };
            int stallMs = Int(s, "stallTimeoutMs", "sync.", 100, 10, 5000);
            return new SyncConfig(placement, TimeSpan.FromMilliseconds(stallMs));

            OffsetEstimate Invalid(string value)
            {
                Errors.Add($"sync.placement: '{value}' is not a placement; use \"arrival\" (senders with their own clocks) or " +
                           "\"timestamps\" (senders sharing a clock)");
                return OffsetEstimate.Arrival;
            }
        }

        private RecordConfig? Record(JsonElement root)
        {
            if (!root.TryGetProperty("record", out JsonElement r) || !Known(r, "record.", "folder", "retainMinutes", "maxGigabytes", "keepUnblurred"))
                return null;
            string? folder = String(r, "folder", "record.", required: true);
            string full = folder is null ? "" : Path.GetFullPath(Path.Combine(baseDirectory, folder));
            if (File.Exists(full))
                Errors.Add($"record.folder: {full} is a file; give a folder for the segments and index (created if missing; relative to {source}'s folder)");
            int minutes = Int(r, "retainMinutes", "record.", 60, 1, MaxRetainMinutes);
            double gigabytes = 100;
            if (r.TryGetProperty("maxGigabytes", out JsonElement g))
            {
                if (g.ValueKind == JsonValueKind.Number && g.TryGetDouble(out double value) && value >= 0.1 && value <= 100_000)
                    gigabytes = value;
                else
                    Errors.Add($"record.maxGigabytes: must be a number of GiB from 0.1 to 100000 (e.g. 200), not {g.GetRawText()}");
            }
            return new RecordConfig(full, minutes, gigabytes) { KeepUnblurred = Bool(r, "keepUnblurred", "record.", false) };
        }

        private TrackingConfig Tracking(JsonElement root)
        {
            if (!root.TryGetProperty("tracking", out JsonElement t) || !Known(t, "tracking.", "accelerator", "preprocess", "source", "bus"))
                return TrackingConfig.Default;
            TrackingConfig config = TrackingConfig.Default;
            if (String(t, "accelerator", "tracking.", false) is { } name)
            {
                if (TrackingAccelerators.TryParse(name, out TrackingAccelerator accelerator))
                    config = new TrackingConfig(accelerator);
                else
                    Errors.Add($"tracking.accelerator: '{name}' is not an accelerator; use {string.Join(", ", TrackingAccelerators.Names)}");
            }
            if (String(t, "preprocess", "tracking.", false) is { } preprocess)
            {
                if (CropPreprocessors.TryParse(preprocess, out TrackingAccelerator crops))
                    config = config with { Preprocess = crops };
                else
                    Errors.Add($"tracking.preprocess: '{preprocess}' is not a preprocessing choice; use {string.Join(", ", CropPreprocessors.Names)}");
            }
            TrackingSource source = TrackingSourceOf(t);
            string? bus = String(t, "bus", "tracking.", false);
            if (source == TrackingSource.Bus && bus is null)
                Errors.Add("tracking.bus: required with \"source\": \"bus\"; give the fusion node's server, e.g. \"nats://10.0.0.5:4222\"");
            else if (source == TrackingSource.Local && bus is not null)
                Errors.Add("tracking.bus: only read with \"source\": \"bus\"; add it, or remove tracking.bus");
            else if (bus is not null && !(Uri.TryCreate(bus, UriKind.Absolute, out Uri? uri) && uri.Scheme == "nats" && uri.Port > 0 && uri.AbsolutePath == "/"))
                Errors.Add($"tracking.bus: '{bus}' is not a bus address; give nats://HOST:PORT (the nats-server the fusion node publishes on)");
            return config with { Source = source, Bus = source == TrackingSource.Bus ? bus : null };
        }

        private TrackingSource TrackingSourceOf(JsonElement t)
        {
            switch (String(t, "source", "tracking.", false))
            {
                case null or "local":
                    return TrackingSource.Local;
                case "bus":
                    return TrackingSource.Bus;
                case string other:
                    Errors.Add($"tracking.source: '{other}' is not a source; use \"local\" (track here) or \"bus\" (the 3D of a fusion node, with tracking.bus)");
                    return TrackingSource.Local;
            }
        }

        /// <summary>
        /// The control API: <c>bind</c> is <c>host:port</c> with an IP literal or localhost (IPv6 in brackets), so
        /// a host name that resolves elsewhere cannot widen what listens; the token file must exist.
        /// </summary>
        private ControlConfig? Control(JsonElement root)
        {
            if (!root.TryGetProperty("control", out JsonElement c) || !Known(c, "control.", "bind", "tokenFile"))
                return null;
            string bind = String(c, "bind", "control.", false) ?? "127.0.0.1:8080";
            string? tokenFile = String(c, "tokenFile", "control.", false) is { } file ? ExistingPath(file, "control.tokenFile") : null;
            int colon = bind.LastIndexOf(':');
            string host = colon > 0 ? bind[..colon] : "";
            if (host.StartsWith('[') && host.EndsWith(']'))
                host = host[1..^1];
            bool hostOk = host == "localhost" || (System.Net.IPAddress.TryParse(host, out _) && (host.Contains(':', StringComparison.Ordinal) == bind.StartsWith('[')));
            if (!hostOk || !int.TryParse(bind.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            {
                Errors.Add($"control.bind: '{bind}' is not host:port with an IP address or localhost and a port from 1 to 65535 " +
                           "(e.g. \"127.0.0.1:8080\", \"0.0.0.0:8080\" with a token, \"[::1]:8080\")");
                return null;
            }
            return new ControlConfig(host, port, tokenFile);
        }

        /// <summary>
        /// The <c>privacy</c> section (issue #21): registry, blur mode, retention and audit log, each checked by field path.
        /// </summary>
        private PrivacyConfig Privacy(JsonElement root)
        {
            PrivacyConfig defaults = PrivacyConfig.Default(baseDirectory);
            if (!root.TryGetProperty("privacy", out JsonElement p) || !Known(p, "privacy.", "consent", "blur", "retention", "auditLog"))
                return defaults;
            string? consent = String(p, "consent", "privacy.", false) is { } file ? ExistingPath(file, "privacy.consent") : null;
            BlurMode blur = (String(p, "blur", "privacy.", false) ?? "untracked") switch
            {
                "untracked" => BlurMode.Untracked,
                "unconsented" => BlurMode.Unconsented,
                "none" => BlurMode.None,
                string other => InvalidBlur(other),
            };
            int? days = null;
            var folders = new List<string>();
            if (p.TryGetProperty("retention", out JsonElement r) && Known(r, "privacy.retention.", "days", "folders"))
            {
                days = Int(r, "days", "privacy.retention.", 30, 1, PrivacyConfig.MaxRetentionDays);
                if (r.TryGetProperty("folders", out JsonElement list))
                {
                    if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(f => f.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(f.GetString())))
                        Errors.Add("privacy.retention.folders: must be an array of folder paths (exports, reports, 3D history; relative to the configuration), e.g. [\"exports\"]");
                    else
                        folders.AddRange(list.EnumerateArray().Select(f => Path.GetFullPath(Path.Combine(baseDirectory, f.GetString()!))));
                }
                foreach (string folder in folders.Where(File.Exists))
                    Errors.Add($"privacy.retention.folders: {folder} is a file; give folders whose old files are deleted");
            }
            string audit = String(p, "auditLog", "privacy.", false) is { } log ? Path.GetFullPath(Path.Combine(baseDirectory, log)) : defaults.AuditLogPath;
            if (Directory.Exists(audit))
                Errors.Add($"privacy.auditLog: {audit} is a folder; give the JSON-lines file the audit is appended to");
            return new PrivacyConfig(consent, blur, days, folders, audit);

            BlurMode InvalidBlur(string value)
            {
                Errors.Add($"privacy.blur: '{value}' is not a blur mode; use \"untracked\" (the default: everyone not linked to a consenting identity), \"unconsented\" or \"none\"");
                return BlurMode.Untracked;
            }
        }

        private OverlayConfig Overlay(JsonElement root)
        {
            if (!root.TryGetProperty("overlay", out JsonElement o))
                return new OverlayConfig(true, true, false, false);
            _ = Known(o, "overlay.", "skeleton", "labels", "trails", "speed", "maxSkeletonAgeMs");
            return new OverlayConfig(Bool(o, "skeleton", "overlay.", true), Bool(o, "labels", "overlay.", true), Bool(o, "trails", "overlay.", false),
                Bool(o, "speed", "overlay.", false)) { MaxSkeletonAge = TimeSpan.FromMilliseconds(Int(o, "maxSkeletonAgeMs", "overlay.", 500, 20, 60_000)) };
        }

        private PluginsConfig Plugins(JsonElement root)
        {
            if (!root.TryGetProperty("plugins", out JsonElement p))
                return PluginsConfig.Default;
            if (!Known(p, "plugins.", "folders", "settings", "budgetMs"))
                return PluginsConfig.Default;
            var folders = new List<string>();
            if (p.TryGetProperty("folders", out JsonElement f))
            {
                if (f.ValueKind != JsonValueKind.Array)
                    Errors.Add("plugins.folders: must be an array of folder paths (relative to the config file's folder)");
                else
                {
                    int i = 0;
                    foreach (JsonElement folder in f.EnumerateArray())
                    {
                        string field = $"plugins.folders[{i++}]";
                        if (folder.ValueKind != JsonValueKind.String || folder.GetString() is not { Length: > 0 } text)
                        {
                            Errors.Add($"{field}: must be a folder path");
                            continue;
                        }
                        string full = Path.GetFullPath(Path.Combine(baseDirectory, text));
                        if (!Directory.Exists(full))
                            Errors.Add($"{field}: folder not found: {full} (paths are relative to {source}'s folder)");
                        folders.Add(full);
                    }
                }
            }
            var settings = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (p.TryGetProperty("settings", out JsonElement s))
            {
                if (s.ValueKind != JsonValueKind.Object)
                    Errors.Add("plugins.settings: must be an object of settings objects by plugin name, e.g. {\"trails\": {\"samples\": 90}}");
                else
                {
                    foreach (JsonProperty plugin in s.EnumerateObject())
                    {
                        if (plugin.Value.ValueKind != JsonValueKind.Object)
                            Errors.Add($"plugins.settings.{plugin.Name}: must be an object of that plugin's settings");
                        else
                            settings[plugin.Name] = plugin.Value.Clone();
                    }
                }
            }
            double budget = PluginsConfig.DefaultBudgetMilliseconds;
            if (p.TryGetProperty("budgetMs", out JsonElement b))
            {
                // 0.05 ms: below that the timer's own cost would trip it; 100 ms: several frames.
                if (b.ValueKind == JsonValueKind.Number && b.TryGetDouble(out double ms) && ms >= 0.05 && ms <= 100)
                    budget = ms;
                else
                    Errors.Add($"plugins.budgetMs: must be a number of milliseconds from 0.05 to 100, not {b.GetRawText()}");
            }
            return new PluginsConfig(folders, settings, budget) { BaseDirectory = Path.GetFullPath(baseDirectory) };
        }

        private ProgramConfig Program(JsonElement root, List<CameraConfig> cameras)
        {
            string first = cameras.Count > 0 ? cameras[0].Name : "";
            if (!root.TryGetProperty("program", out JsonElement p))
                return new ProgramConfig(first, 1280, 720);
            _ = Known(p, "program.", "camera", "width", "height");
            string cam = String(p, "camera", "program.", false) ?? first;
            if (cameras.Count > 0 && cameras.All(c => c.Name != cam))
                Errors.Add($"program.camera: '{cam}' is not one of the cameras ({string.Join(", ", cameras.Select(c => c.Name))})");
            int w = Int(p, "width", "program.", 1280, 16, 7680), h = Int(p, "height", "program.", 720, 16, 4320);
            // The GPU converts the programme for x264 to yuv420p in blocks of 8×2 pixels (ProgramReadback).
            if (w % 8 != 0 || h % 2 != 0)
                Errors.Add($"program: {w}x{h}: the width must be a multiple of 8 and the height even (the GPU converts the programme to 4:2:0 in 8×2 blocks); e.g. 1280x720 or 1920x1080");
            return new ProgramConfig(cam, w, h);
        }

        /// <summary>Reports unknown fields; false (reported) when <paramref name="obj"/> is not an object at all.</summary>
        private bool Known(JsonElement obj, string prefix, params string[] names)
        {
            if (obj.ValueKind != JsonValueKind.Object)
            {
                // Said once here; the field readers below then see no fields and keep their defaults.
                Errors.Add($"{prefix.TrimEnd('.')}: must be an object with the fields {string.Join(", ", names)}, not {obj.ValueKind.ToString().ToLowerInvariant()}");
                return false;
            }
            foreach (JsonProperty p in obj.EnumerateObject())
            {
                if (!names.Contains(p.Name))
                    Errors.Add($"{prefix}{p.Name}: unknown field (known: {string.Join(", ", names)})");
            }
            return true;
        }

        private string? String(JsonElement obj, string name, string prefix, bool required)
        {
            if (obj.ValueKind != JsonValueKind.Object)
                return null;
            if (obj.TryGetProperty(name, out JsonElement v))
            {
                if (v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0)
                    return v.GetString();
                Errors.Add($"{prefix}{name}: must be a non-empty string");
                return null;
            }
            if (required)
                Errors.Add($"{prefix}{name}: required");
            return null;
        }

        private int Int(JsonElement obj, string name, string prefix, int fallback, int min, int max)
        {
            if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out JsonElement v))
                return fallback;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) && i >= min && i <= max)
                return i;
            Errors.Add($"{prefix}{name}: must be an integer from {min} to {max}");
            return fallback;
        }

        private bool Bool(JsonElement obj, string name, string prefix, bool fallback)
        {
            if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out JsonElement v))
                return fallback;
            if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
                return v.GetBoolean();
            Errors.Add($"{prefix}{name}: must be true or false");
            return fallback;
        }

        private string ExistingPath(string? value, string field)
        {
            if (value is null)
                return "";
            string full = Path.GetFullPath(Path.Combine(baseDirectory, value));
            if (Directory.Exists(full))
                Errors.Add($"{field}: {full} is a folder; give a file (paths are relative to {source}'s folder)");
            else if (!File.Exists(full))
                Errors.Add($"{field}: file not found: {full} (paths are relative to {source}'s folder)");
            return full;
        }
    }
}
