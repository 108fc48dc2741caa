using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// <c>b3d run</c> as a process with files standing in for cameras (issue #13): played at their own rate, and stopped
/// by SIGTERM (what systemd and containers send) with every output finalised. The in-process live failures are in
/// Engine.Tests' LiveReliabilityTests.
/// </summary>
[NonParallelizable]
public class LiveReliabilityCliTests
{
    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "b3d.dll");

    /// <summary>
    /// Files as cameras in a live run: each 100-frame 60 fps clip plays at its own rate (not decoded in a fraction of a
    /// second with most frames dropped), looping past its end, so every source frame reaches the programme once.
    /// </summary>
    [Test]
    [Category("Live")] // no frame dropped in real time: run with nothing else on the cores
    public void Run_FileCamerasAtTheProgrammeRate_NoFrameDroppedAnywhere()
    {
        const int Frames = 120;
        using var tmp = new TempFolder("b3d-file-cams");
        string output = tmp.File("programme.mp4");
        string config = LiveFileRig.Config(tmp, LiveFileRig.Clips(tmp, 100, loop: true), $$"""[{"type": "file", "target": "{{output}}"}]""");
        ProcessRunner.Result r = ProcessRunner.Run("dotnet", [CliDll, "run", config, "--frames", Frames.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(3));
        TestContext.Out.WriteLine(r.StdOut);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        foreach (string cam in new[] { "cam01", "cam03" })
        {
            Match m = Regex.Match(r.StdOut, $@"camera {cam}: (\d+) frames read, (\d+) dropped \(live queue\)");
            Assert.That(m.Success, Is.True, r.StdOut);
            Assert.That(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Is.GreaterThan(100), $"{cam} looped past its 100 frames");
            Assert.That(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), Is.Zero, $"{cam} frames dropped by the reader");
        }
        // A picture is only ever dropped with a tick the channel skipped because the CPU was taken away from it
        // (counted); with no skipped tick, every picture is shown.
        Match channel = Regex.Match(r.StdOut, @"channel: \d+ frames out, \d+ late.*, \d+ repeated \(no new picture\), (\d+) pictures dropped .* (\d+) ticks dropped \(behind real time\)");
        Assert.That(channel.Success, Is.True, r.StdOut);
        Assert.That(int.Parse(channel.Groups[1].Value, CultureInfo.InvariantCulture),
            Is.LessThanOrEqualTo(int.Parse(channel.Groups[2].Value, CultureInfo.InvariantCulture)), "pictures replaced unseen without a skipped tick");
        Assert.That(r.StdOut, Does.Match(@"sync: \d+ frame sets, \d+ incomplete, 0 skipped"));
    }

    /// <summary>
    /// SIGTERM (what systemd and containers send) stops <c>b3d run</c> like Ctrl-C: between frames, every output
    /// finalised, the report printed, exit code 0.
    /// </summary>
    [Test]
    public void Run_Sigterm_StopsFinalisesTheOutputAndPrintsTheReport()
    {
        using var tmp = new TempFolder("b3d-sigterm");
        string output = tmp.File("programme.mp4");
        string config = LiveFileRig.Config(tmp, LiveFileRig.Clips(tmp, 100, loop: true), $$"""[{"type": "file", "target": "{{output}}"}]""");
        var psi = new ProcessStartInfo("dotnet", [CliDll, "run", config]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using Process b3d = Process.Start(psi)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        b3d.OutputDataReceived += (_, e) => { lock (stdout) stdout.AppendLine(e.Data); };
        b3d.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        b3d.BeginOutputReadLine();
        b3d.BeginErrorReadLine();
        try
        {
            // Running once the programme file holds pictures (the fragmented MP4 grows as frames are written).
            var started = Stopwatch.StartNew();
            while (!File.Exists(output) || new FileInfo(output).Length < 20_000)
            {
                Assert.That(b3d.HasExited, Is.False, () => $"b3d run ended early:\n{stderr}");
                Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(90)), () => $"no programme written:\n{stderr}");
                b3d.WaitForExit(TimeSpan.FromMilliseconds(100));
            }
            ProcessRunner.Result kill = ProcessRunner.Run("kill", ["-TERM", b3d.Id.ToString(CultureInfo.InvariantCulture)]);
            Assert.That(kill.ExitCode, Is.Zero, kill.StdErr);
            Assert.That(b3d.WaitForExit(TimeSpan.FromSeconds(30)), Is.True, "b3d run stops on SIGTERM");
            b3d.WaitForExit();
        }
        finally
        {
            if (!b3d.HasExited)
                b3d.Kill(entireProcessTree: true);
        }
        string report = stdout.ToString();
        TestContext.Out.WriteLine(report);
        Assert.That(b3d.ExitCode, Is.Zero, stderr.ToString());
        Match sent = Regex.Match(report, @"output file:\S+ (\d+) sent");
        Assert.That(sent.Success, Is.True, $"the report is printed:\n{report}");
        int frames = int.Parse(sent.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(report, Does.Match(@"channel: [1-9]\d* frames out"));
        // Finalised: the file decodes to its end with every picture the output sent.
        ProcessRunner.Result count = ProcessRunner.Run("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", output]);
        Assert.That(count.ExitCode, Is.Zero, count.StdErr);
        Assert.That(count.StdErr, Is.Empty, "the file decodes without errors");
        Assert.That(int.Parse(count.StdOut.Trim().TrimEnd(','), CultureInfo.InvariantCulture), Is.EqualTo(frames), "every sent picture is in the file");
    }
}
