using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broadcast3D.Calibration.Sync;
using Broadcast3D.Engine.Configuration;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d sync --pose2d DIR --fps RATE [--config FILE]</c>: each camera's time offset from the athletes' motion
/// (Pose2Sim-like), one line per camera; with <c>--config</c> the offsets go into the configuration's
/// <c>cameras[i].offsetSeconds</c> (camera i = the i-th 2D folder, Pose2Sim's rule).
/// </summary>
internal static class SyncCommand
{
    public static Command Create()
    {
        var pose2d = new Option<string>("--pose2d") { Description = "Folder of OpenPose JSON folders, one per camera (cam01_json, ...).", Required = true };
        var fps = new Option<double>("--fps") { Description = "The cameras' frame rate, frames per second.", Required = true };
        var reference = new Option<string?>("--reference") { Description = "Camera folder the offsets are measured against (default: the first)." };
        var maxLag = new Option<int?>("--max-lag") { Description = "Largest offset searched, frames (default: a quarter of the recording)." };
        var config = new Option<string?>("--config") { Description = "Pipeline configuration (.json) whose cameras[i].offsetSeconds to set." };
        var command = new Command("sync", "Estimate each camera's time offset from the athletes' motion in their 2D keypoints.")
        {
            pose2d, fps, reference, maxLag, config,
        };
        command.SetAction(parse => Run(parse.GetValue(pose2d)!, parse.GetValue(fps), parse.GetValue(reference), parse.GetValue(maxLag), parse.GetValue(config)));
        return command;
    }

    private static int Run(string pose2d, double fps, string? referenceName, int? maxLag, string? config)
    {
        if (!(fps > 0) || fps > 1000)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--fps {fps}: give the cameras' frame rate, above 0 and at most 1000 (e.g. 60 or 59.94)"));
        }

        if (maxLag is < 1)
        {
            throw new UsageException($"--max-lag {maxLag}: give 1 or more frames");
        }

        if (config is not null && !File.Exists(config))
        {
            throw new UsageException($"--config {config}: the configuration file does not exist");
        }

        IReadOnlyList<PoseSeries> cameras = PoseSeries.ReadOpenPose(pose2d);
        int reference = 0;
        if (referenceName is not null)
        {
            reference = cameras.Select(c => c.Camera).ToList().IndexOf(referenceName);
            if (reference < 0)
            {
                throw new UsageException($"--reference {referenceName}: no such camera folder in {pose2d} ({string.Join(", ", cameras.Select(c => c.Camera))})");
            }
        }

        IReadOnlyList<CameraOffset> offsets = MotionSync.Estimate(cameras, fps, reference, new SyncOptions { MaxLagFrames = maxLag }, pose2d);
        foreach (CameraOffset o in offsets)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{o.Camera}\t{o.Frames} frames\t{o.Seconds:F4} s\t(sub-frame {o.FractionalFrames:F2}, correlation {o.Correlation:F2}{(o.Correlation < 0.3 && o.Frames != 0 ? ", weak: film more motion" : "")})"));
        }

        Console.Out.WriteLine($"Offset k: frame f of {cameras[reference].Camera} shows the same instant as frame f + k of the camera (positive k: the camera started earlier).");
        if (config is not null)
        {
            WriteOffsets(config, offsets);
            Console.Out.WriteLine($"Wrote cameras[i].offsetSeconds = -k / fps into {config}.");
        }

        return 0;
    }

    /// <summary>
    /// Sets <c>cameras[i].offsetSeconds</c> = −k / fps: the configuration's offset is added to the camera's
    /// timestamps, and a camera whose frame f + k matches the reference's frame f stamps each instant k frames late.
    /// Comments in the file are not kept (System.Text.Json writes none).
    /// </summary>
    private static void WriteOffsets(string config, IReadOnlyList<CameraOffset> offsets)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(config), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ConfigException($"{config}: not valid JSON at line {ex.LineNumber + 1}: {ex.Message}");
        }

        if (root?["cameras"] is not JsonArray array)
        {
            throw new ConfigException($"{config}: no \"cameras\" array to write the offsets into");
        }

        if (array.Count != offsets.Count)
        {
            throw new ConfigException($"{config}: {array.Count} cameras but {offsets.Count} 2D folders; camera i of the configuration must be the i-th 2D folder");
        }

        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject camera)
            {
                throw new ConfigException($"{config}: cameras[{i}] is not an object");
            }

            camera["offsetSeconds"] = Math.Round(-offsets[i].Seconds, 6) + 0.0;
        }

        string temporary = config + ".tmp";
        File.WriteAllText(temporary, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(temporary, config, overwrite: true);
    }
}
