using System.Collections.Concurrent;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Live;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// Live-path failures a broadcaster meets on a long night (issue #13): an output that cannot open, a tracker that
/// dies. Cameras here are files played live (looping, at their own rate), so nothing else needs to stream; the same
/// failures through the <c>b3d run</c> process (SIGTERM, file cameras' rate) are in Cli.Tests' LiveReliabilityCliTests.
/// </summary>
[NonParallelizable]
public class LiveReliabilityTests
{
    private const int Width = OverlayPixels.Width, Height = OverlayPixels.Height;

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
        PipelineConfig config = PipelineConfigLoader.Load(LiveFileRig.Config(tmp, LiveFileRig.Clips(tmp, 30, loop: false),
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
        PipelineConfig config = PipelineConfigLoader.Load(LiveFileRig.Config(tmp, LiveFileRig.Clips(tmp, 100, loop: true), $$"""[{"type": "file", "target": "{{output}}"}]"""));
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
