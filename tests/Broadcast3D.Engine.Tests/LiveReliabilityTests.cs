using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Live;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// Live-path failures a broadcaster meets on a long night (issue #13): an output that cannot open, a stop signal from
/// systemd or a container, files standing in for cameras. Cameras here are files played live (looping, at their own
/// rate), so nothing else needs to stream.
/// </summary>
[NonParallelizable]
public class LiveReliabilityTests
{
    private const int Width = OverlayPixels.Width, Height = OverlayPixels.Height;

    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "b3d.dll");

    /// <summary>
    /// The second output cannot be opened (an RTMP server that is not there): the run must refuse naming outputs[1],
    /// and the file output opened before it must be finalised and closed, not left with its thread and encoder.
    /// </summary>
    [Test]
    public void Run_SecondOutputCannotOpen_FirstOutputFinalisedAndErrorNamesIt()
    {
        using var tmp = new TempFolder("b3d-half-built");
        string first = tmp.File("first.mp4");
        string rtmp = $"rtmp://127.0.0.1:{LoopbackPorts.FreeTcp()}/live/programme";
        PipelineConfig config = PipelineConfigLoader.Load(Config(tmp, Clips(tmp, 30, loop: false),
            $$"""[{"type": "file", "target": "{{first}}"}, {"type": "rtmp", "target": "{{rtmp}}"}]"""));

        var error = Assert.Throws<ConfigException>(() => new LivePipeline(config).Run(60, CancellationToken.None))!;
        TestContext.Out.WriteLine(error.Message);
        Assert.That(error.Message, Does.StartWith("outputs[1] (rtmp " + rtmp + ") could not be opened: "));
        Assert.That(OpenFiles(), Has.None.EqualTo(first), "the first output's file is still open: its sink was never completed");
        ProcessRunner.Result probe = ProcessRunner.Run("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", first]);
        Assert.That(probe.ExitCode, Is.Zero, probe.StdErr);
        Assert.That(probe.StdOut.Trim(), Is.EqualTo("h264"), "the first output was written and finalised");
    }

    /// <summary>
    /// Files as cameras in a live run: each 100-frame 60 fps clip plays at its own rate (not decoded in a fraction of a
    /// second with most frames dropped), looping past its end, so every source frame reaches the programme once.
    /// </summary>
    [Test]
    public void Run_FileCamerasAtTheProgrammeRate_NoFrameDroppedAnywhere()
    {
        const int Frames = 120;
        using var tmp = new TempFolder("b3d-file-cams");
        string output = tmp.File("programme.mp4");
        string config = Config(tmp, Clips(tmp, 100, loop: true), $$"""[{"type": "file", "target": "{{output}}"}]""");
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
        string config = Config(tmp, Clips(tmp, 100, loop: true), $$"""[{"type": "file", "target": "{{output}}"}]""");
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

    /// <summary>
    /// The tracker fails for good mid-run (a fault injected at the tracking worker's boundary once it has tracked some
    /// sets): each failure is logged and the worker restarts with fresh models, up to its bound; then it stops, the
    /// report says so, and the skeleton graphics fade out of the programme instead of freezing on air.
    /// </summary>
    [Test]
    public void Run_TrackerFailsForGood_RestartsAreBoundedAndTheGraphicsLeaveTheProgramme()
    {
        const int TrackedBeforeFault = 10;
        using var tmp = new TempFolder("b3d-tracker-dies");
        string output = tmp.File("programme.mp4");
        PipelineConfig config = PipelineConfigLoader.Load(Config(tmp, Clips(tmp, 100, loop: true), $$"""[{"type": "file", "target": "{{output}}"}]"""));
        var log = new ConcurrentQueue<string>();
        // Runs until 2 s after the worker gave up (each restart loads the models again: seconds on a loaded machine);
        // the 3-minute limit only ends a run whose worker never gives up, which the assertions then report.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using Serilog.Core.Logger logger = CollectingLog.Calling(line =>
        {
            log.Enqueue(line);
            if (line.StartsWith("tracking failed and stopped", StringComparison.Ordinal))
                stop.CancelAfter(TimeSpan.FromSeconds(2));
        });
        var pipeline = new LivePipeline(config, logger)
        {
            TrackingFault = tracked =>
            {
                if (tracked >= TrackedBeforeFault)
                    throw new InvalidOperationException("injected tracking fault");
            },
        };
        LiveRunReport report = pipeline.Run(null, stop.Token);
        TestContext.Out.WriteLine(string.Join("\n", report.Lines));
        Assert.That(report.Lines, Has.Some.Match($@"^tracking: {TrackedBeforeFault} frame sets tracked, \d+ skipped while busy, 5 restarts, FAILED: injected tracking fault$"));
        Assert.That(log, Has.Some.StartsWith("tracking failed (InvalidOperationException: injected tracking fault); restarting the tracker (1 of at most 5)"));
        Assert.That(log, Has.Some.StartsWith("tracking failed and stopped after 5 restarts: injected tracking fault"));

        const int FrameBytes = Width * Height * 3;
        byte[] programme = OverlayPixels.RawRgb(output, tmp.File("programme.rgb"), frames: null);
        int frames = programme.Length / FrameBytes;
        int[] orange = [.. Enumerable.Range(0, frames).Select(f => OverlayPixels.CountOrange(programme.AsSpan(f * FrameBytes, FrameBytes), 3, out _, out _, out _, out _))];
        int lastDrawn = Array.FindLastIndex(orange, n => n >= OverlayPixels.MinimumSkeletonPixels);
        TestContext.Out.WriteLine($"{frames} programme frames; skeleton last drawn in frame {lastDrawn}; orange in the last second at most {orange[^60..].Max()}");
        Assert.That(lastDrawn, Is.GreaterThanOrEqualTo(0), "the skeleton was on air while tracking worked");
        Assert.That(orange[^60..].Max(), Is.LessThan(10), "skeleton graphics still on air in the last second, long after tracking died");
    }

    /// <summary>cam01 and cam03 of the Balancing trial, their first <paramref name="frames"/> frames at 272×480 (60 fps), as camera JSON.</summary>
    internal static string Clips(TempFolder tmp, int frames, bool loop)
    {
        var cameras = new List<string>();
        foreach (int c in new[] { 1, 3 })
        {
            string clip = tmp.File($"cam{c:00}.mp4");
            ProcessRunner.Ffmpeg("-i", Path.Combine(SharedAssets.BalancingTrial, "videos", $"cam{c:00}.mp4"), "-an", "-frames:v",
                frames.ToString(CultureInfo.InvariantCulture), "-vf", $"scale={Width}:{Height}", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", clip);
            cameras.Add($$"""{"name": "cam{{c:00}}", "source": "{{clip}}"{{(loop ? ", \"loop\": true" : "")}}}""");
        }
        return "[" + string.Join(", ", cameras) + "]";
    }

    internal static string Config(TempFolder tmp, string camerasJson, string outputsJson)
    {
        string calibration = LiveRig.ScaledCalibration(tmp, [1, 3], 272.0 / 1088.0);
        string path = tmp.File("live.json");
        File.WriteAllText(path, $$"""
            {
              "frameRate": "60",
              "calibration": "{{calibration}}",
              "cameras": {{camerasJson}},
              "outputs": {{outputsJson}},
              "delayFrames": 2,
              "program": {"camera": "cam01", "width": {{Width}}, "height": {{Height}}}
            }
            """);
        return path;
    }

    /// <summary>The files this process holds open (Linux: the targets of /proc/self/fd).</summary>
    private static List<string> OpenFiles()
    {
        var files = new List<string>();
        foreach (string fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (new FileInfo(fd).LinkTarget is { } target)
                files.Add(target);
        }
        return files;
    }
}
