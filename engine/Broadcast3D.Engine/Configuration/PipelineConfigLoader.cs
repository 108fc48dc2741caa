using System.Text.Json;
using Broadcast3D.Engine.Ingest;
using Broadcast3D.Core.Time;
using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// Reads and validates a pipeline configuration in JSON (comments and trailing commas allowed). Every problem is
/// reported with the file and the field path, and all problems are collected before throwing so a user fixes
/// them in one go. Unknown fields are errors: a typo must not silently fall back to a default.
/// </summary>
public static class PipelineConfigLoader
{
    private static readonly JsonDocumentOptions s_options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly string[] s_networkSchemes = ["rtsp://", "rtsps://", "srt://", "udp://", "rtp://", "http://", "https://", "rtmp://"];

    /// <summary>Loads <paramref name="path"/>; throws <see cref="ConfigException"/> listing every problem.</summary>
    public static PipelineConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new ConfigException($"{path}: configuration file not found");
        string text = File.ReadAllText(path);
        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
    }

    /// <summary>Parses configuration text; <paramref name="baseDirectory"/> resolves relative paths.</summary>
    public static PipelineConfig Parse(string json, string sourceName, string baseDirectory)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, s_options);
        }
        catch (JsonException ex)
        {
            throw new ConfigException($"{sourceName}: not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}");
        }
        using (doc)
        {
            var r = new ConfigReader(sourceName, baseDirectory);
            PipelineConfig? config = r.Read(doc.RootElement);
            if (r.Errors.Count > 0 || config is null)
                throw new ConfigException($"{sourceName}: invalid configuration:\n  " + string.Join("\n  ", r.Errors));
            return config;
        }
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
            _ = Known(root, "", "frameRate", "calibration", "cameras", "models", "outputs", "overlay", "delayFrames", "program", "sync", "tracking");
            FrameRate rate = FrameRate.Fps60;
            string? rateText = String(root, "frameRate", "", required: false);
            if (rateText != null)
            {
                try
                {
                    rate = FrameRate.Parse(rateText);
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
            OverlayConfig overlay = Overlay(root);
            int delay = Int(root, "delayFrames", "", 0, 0, 300);
            ProgramConfig program = Program(root, cameras);
            return new PipelineConfig(rate, calibration, cameras, models, outputs, overlay, delay, program) { Sync = Sync(root), Tracking = Tracking(root) };
        }

        private CameraConfig Camera(JsonElement cam, string path)
        {
            if (cam.ValueKind != JsonValueKind.Object)
            {
                Errors.Add($"{path}: must be an object with \"name\" and \"source\"");
                return new CameraConfig("?", "", false, Rational.Zero);
            }
            _ = Known(cam, path + ".", "name", "source", "offsetSeconds", "loop");
            string name = String(cam, "name", path + ".", required: true) ?? "?";
            string src = String(cam, "source", path + ".", required: true) ?? "";
            bool network = s_networkSchemes.Any(s => src.StartsWith(s, StringComparison.OrdinalIgnoreCase));
            if (!network && src.Length > 0)
                src = ExistingPath(src, path + ".source");
            double offset = cam.TryGetProperty("offsetSeconds", out JsonElement off) && off.ValueKind == JsonValueKind.Number ? off.GetDouble() : 0;
            bool loop = Bool(cam, "loop", path + ".", false);
            if (loop && network)
                Errors.Add($"{path}.loop: only file sources loop; a network source is reconnected when it ends, remove loop here");
            // Offsets are configured in seconds; keep them exact to the microsecond.
            return new CameraConfig(name, src, network, new Rational((long)Math.Round(offset * 1_000_000), 1_000_000)) { Loop = loop };
        }

        private ModelConfig Models(JsonElement root)
        {
            if (!root.TryGetProperty("models", out JsonElement m))
                return new ModelConfig("rtmdet", "blazepose-full", 1);
            _ = Known(m, "models.", "detector", "pose", "detectEvery");
            return new ModelConfig(String(m, "detector", "models.", false) ?? "rtmdet", String(m, "pose", "models.", false) ?? "blazepose-full",
                Int(m, "detectEvery", "models.", 1, 1, 1000));
        }

        private OutputConfig Output(JsonElement o, string path)
        {
            if (!Known(o, path + ".", "type", "target", "alpha"))
                return new OutputConfig(OutputKind.File, "", false);
            string type = String(o, "type", path + ".", true) ?? "";
            string target = String(o, "target", path + ".", true) ?? "";
            bool alpha = Bool(o, "alpha", path + ".", false);
            if (!Enum.TryParse(type, ignoreCase: true, out OutputKind kind))
            {
                Errors.Add($"{path}.type: '{type}' is not an output type; use ndi, file, srt, rtmp or udp");
                return new OutputConfig(OutputKind.File, target, alpha);
            }
            if (kind == OutputKind.File && target.Length > 0)
                target = Path.GetFullPath(Path.Combine(baseDirectory, target));
            if (alpha)
                CheckCarriesAlpha(kind, target, path);
            return new OutputConfig(kind, target, alpha);
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

        private TrackingConfig Tracking(JsonElement root)
        {
            if (!root.TryGetProperty("tracking", out JsonElement t) || !Known(t, "tracking.", "accelerator"))
                return TrackingConfig.Default;
            string? name = String(t, "accelerator", "tracking.", false);
            if (name is null)
                return TrackingConfig.Default;
            if (TrackingAccelerators.TryParse(name, out TrackingAccelerator accelerator))
                return new TrackingConfig(accelerator);
            Errors.Add($"tracking.accelerator: '{name}' is not an accelerator; use {string.Join(", ", TrackingAccelerators.Names)}");
            return TrackingConfig.Default;
        }

        private OverlayConfig Overlay(JsonElement root)
        {
            if (!root.TryGetProperty("overlay", out JsonElement o))
                return new OverlayConfig(true, true, false, false);
            _ = Known(o, "overlay.", "skeleton", "labels", "trails", "speed", "maxSkeletonAgeMs");
            return new OverlayConfig(Bool(o, "skeleton", "overlay.", true), Bool(o, "labels", "overlay.", true), Bool(o, "trails", "overlay.", false),
                Bool(o, "speed", "overlay.", false)) { MaxSkeletonAge = TimeSpan.FromMilliseconds(Int(o, "maxSkeletonAgeMs", "overlay.", 500, 20, 60_000)) };
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
            if (w % 2 != 0 || h % 2 != 0)
                Errors.Add($"program: {w}x{h} must have even width and height (4:2:0 outputs)");
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
            if (!File.Exists(full))
                Errors.Add($"{field}: file not found: {full} (paths are relative to {source}'s folder)");
            return full;
        }
    }
}
