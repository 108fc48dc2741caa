using System.Text.Json.Nodes;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary><c>b3d sync</c> through the real CLI on the Balancing trial's 2D keypoints (issue #19).</summary>
public class SyncCliTests
{
    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(2));

    [Test]
    public void Sync_Cam03DelayedByFiveFrames_PrintsItAndWritesOffsetsIntoConfig()
    {
        using var tmp = new TempFolder();
        string source = Path.Combine(SharedAssets.BalancingTrial, "pose-associated");
        string pose2d = Path.Combine(tmp.Path, "pose");
        foreach (string folder in Directory.GetDirectories(source))
        {
            string target = Path.Combine(pose2d, Path.GetFileName(folder));
            Directory.CreateDirectory(target);
            string[] files = [.. Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)];
            // cam03 started 5 frames later: its frame f is the original frame f - 5, nobody before.
            int delay = Path.GetFileName(folder).StartsWith("cam03", StringComparison.Ordinal) ? 5 : 0;
            for (int f = 0; f < files.Length; f++)
            {
                File.WriteAllText(Path.Combine(target, Path.GetFileName(files[f])), f >= delay ? File.ReadAllText(files[f - delay]) : "{\"people\":[]}");
            }
        }

        string config = tmp.File("pipeline.json");
        File.WriteAllText(config, """
            // cameras in the order of the 2D folders
            {"frameRate": "60", "cameras": [{"name": "a", "source": "a.mp4"}, {"name": "b", "source": "b.mp4"},
                                            {"name": "c", "source": "c.mp4", "offsetSeconds": 1.5}, {"name": "d", "source": "d.mp4"}]}
            """);

        ProcessRunner.Result r = B3d("sync", "--pose2d", pose2d, "--fps", "60", "--config", config);

        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        // Recorded together, cam03 measures -0.72 frames on its own (docs/calibration.md): 5 frames later gives 4.
        Assert.That(r.StdOut, Does.Contain("cam03_json\t4 frames\t0.0667 s"));
        JsonArray cameras = JsonNode.Parse(File.ReadAllText(config))!["cameras"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That((double)cameras[0]!["offsetSeconds"]!, Is.Zero);
            Assert.That((double)cameras[2]!["offsetSeconds"]!, Is.EqualTo(-0.066667).Within(1e-9));
            Assert.That((string)cameras[3]!["source"]!, Is.EqualTo("d.mp4"), "the rest of the file kept");
        });
    }

    [Test]
    public void Sync_StaticTrial_ExitsOneSayingToRecordMotion()
    {
        ProcessRunner.Result r = B3d("sync", "--pose2d", Path.Combine(SharedAssets.StaticTrial, "pose-associated"), "--fps", "60");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
            Assert.That(r.StdErr + r.StdOut, Does.Contain("too few to synchronise").And.Contain("athlete moving"));
        });
    }

    [Test]
    public void Sync_ZeroFps_ExitsOneNamingTheOption()
    {
        ProcessRunner.Result r = B3d("sync", "--pose2d", Path.Combine(SharedAssets.BalancingTrial, "pose-associated"), "--fps", "0");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
            Assert.That(r.StdErr + r.StdOut, Does.Contain("--fps 0"));
        });
    }
}
