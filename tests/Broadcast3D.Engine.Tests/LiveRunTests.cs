using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Broadcast3D.Core.Time;
using Broadcast3D.Ndi;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary><c>b3d run</c> on two cameras streamed live over UDP on loopback (see <see cref="LiveRig"/>).</summary>
[NonParallelizable]
public class LiveRunTests
{
    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "b3d.dll");

    [Test]
    public void Run_TwoUdpCameras_OutputsEveryChannelFrameAndFinalisesTheFile()
    {
        const int Frames = 240;
        using var tmp = new TempFolder("b3d-live");
        using var rig = new LiveRig(tmp);
        string output = tmp.File("programme.mp4");
        string config = rig.Config(tmp, $$"""[{"type": "file", "target": "{{output}}"}]""", delayFrames: 2);

        ProcessRunner.Result r = ProcessRunner.Run("dotnet", [CliDll, "run", config, "--frames", Frames.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(3));
        TestContext.Out.WriteLine(r.StdOut);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(r.StdOut, Does.Contain($"channel: {Frames} frames out"));
        Assert.That(r.StdOut, Does.Match(@"camera cam01: [1-9]\d* frames read"));
        Assert.That(r.StdOut, Does.Match(@"camera cam03: [1-9]\d* frames read"));
        Assert.That(r.StdOut, Does.Match(@"tracking: [1-9]\d* frame sets tracked"));
        Assert.That(r.StdOut, Does.Contain("delay line: 2 frames"));

        // Finalised: the file plays, and each picture sits at its channel frame's time (gaps where an output
        // queue was full stay gaps; no picture is ever mistimed).
        ProcessRunner.Result decode = ProcessRunner.Run("ffmpeg", ["-v", "error", "-nostdin", "-i", output, "-f", "null", "-"]);
        Assert.That(decode.ExitCode, Is.Zero, decode.StdErr);
        ProcessRunner.Result times = ProcessRunner.Run("ffprobe", ["-v", "error", "-select_streams", "v:0",
            "-show_entries", "frame=pts_time", "-of", "csv=p=0", output]);
        double[] pts = [.. times.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => double.Parse(s.Trim().TrimEnd(','), CultureInfo.InvariantCulture))];
        Assert.That(pts, Is.Not.Empty);
        Assert.That(pts, Is.Ordered.Ascending);
        foreach (double t in pts)
        {
            double frame = t * 60;
            Assert.That(frame, Is.EqualTo(Math.Round(frame)).Within(1e-3), "pts on the 60 fps grid");
            Assert.That(frame, Is.LessThan(Frames));
        }
    }

    /// <summary>
    /// The issue's live test: programme received over NDI by the test; camera cam03 is killed once output flows and
    /// restarted when b3d reports it lost (its 5 s read timeout); the channel keeps sending throughout, the sets go
    /// on without the camera, and the counters show the outage and the reconnect.
    /// </summary>
    [Test]
    public void Run_NdiOutputWithCameraKilledAndRestarted_KeepsSendingAndCountsOutageAndReconnect()
    {
        const int Frames = 960; // 16 s: start, 5 s outage before the reader gives up, reconnect, and recovery
        string ndiDir = NdiLibraryDirectory();
        using var tmp = new TempFolder("b3d-live-ndi");
        using var rig = new LiveRig(tmp);
        string name = $"B3D live test {Guid.NewGuid():N}"[..24];
        string config = rig.Config(tmp, $$"""[{"type": "ndi", "target": "{{name}}"}]""", delayFrames: 2);

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var lost = new ManualResetEventSlim();
        var psi = new ProcessStartInfo("dotnet", [CliDll, "run", config, "--frames", Frames.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["NDI_RUNTIME_DIR_V5"] = ndiDir;
        using Process b3d = Process.Start(psi)!;
        b3d.OutputDataReceived += (_, e) => { lock (stdout) stdout.AppendLine(e.Data); };
        b3d.ErrorDataReceived += (_, e) =>
        {
            lock (stderr) stderr.AppendLine(e.Data);
            // The reader's own report that the source went away (read timeout) → time to bring it back.
            if (e.Data is { } line && line.TrimStart().StartsWith("cam03: ", StringComparison.Ordinal))
                lost.Set();
        };
        b3d.BeginOutputReadLine();
        b3d.BeginErrorReadLine();
        try
        {
            NdiRuntime runtime = NdiRuntime.Load(new NdiRuntimeOptions { SearchDirectories = [ndiDir], UseEnvironment = false, UseDefaultSearch = false });
            using var finder = new NdiFinder(runtime, new NdiFinderOptions { ShowLocalSources = true, ExtraIps = "127.0.0.1" });
            NdiSource source = finder.WaitForSource(name, TimeSpan.FromSeconds(60))
                ?? throw new AssertionException($"NDI source '{name}' not found; b3d said:\n{stderr}");
            using var receiver = new NdiReceiver(runtime, source, new NdiReceiverOptions { ColorFormat = NdiReceiveColorFormat.BgrxBgra });

            int received = 0, killedAt = -1, restartedAt = -1;
            long lastIndex = -1;
            var rate = new FrameRate(60, 1);
            while (receiver.TryCaptureVideo(TimeSpan.FromSeconds(5), out NdiReceivedVideoFrame? frame))
            {
                using (frame)
                {
                    Assert.That(frame.Layout.Width, Is.EqualTo(272));
                    Assert.That(frame.Layout.Height, Is.EqualTo(480));
                    Assert.That(frame.FrameRate, Is.EqualTo(rate));
                    long index = NdiTimecode.ToFrameIndex(frame.Timecode, rate);
                    Assert.That(index, Is.GreaterThan(lastIndex), "programme frames arrive in order");
                    lastIndex = index;
                }
                received++;
                if (received == 60)
                {
                    rig.Kill(1);
                    killedAt = received;
                }
                if (killedAt > 0 && restartedAt < 0 && lost.IsSet)
                {
                    rig.Start(1);
                    restartedAt = received;
                }
            }
            Assert.That(b3d.WaitForExit(TimeSpan.FromMinutes(1)), Is.True, "b3d run ends after its frames");
            b3d.WaitForExit(); // flush the asynchronous output readers
            string outText = stdout.ToString(), errText = stderr.ToString();
            TestContext.Out.WriteLine(outText);
            Assert.That(b3d.ExitCode, Is.Zero, errText);
            Assert.That(restartedAt, Is.GreaterThan(0), $"b3d never reported cam03 lost:\n{errText}");
            // The outage lasted at least the 5 s read timeout: the channel kept sending through it.
            Assert.That(restartedAt - killedAt, Is.GreaterThan(150), "programme frames received while cam03 was dark");
            Assert.That(outText, Does.Contain($"channel: {Frames} frames out"));
            Assert.That(outText, Does.Match(@"sync: \d+ frame sets, [1-9]\d* incomplete"));
            Assert.That(outText, Does.Match(@"camera cam03: \d+ frames read, \d+ dropped \(live queue\), [1-9]\d* reconnects"));
            Assert.That(errText, Does.Contain("cam03 is back in the frame sets"), "the camera rejoined the sets after the restart");
            Assert.That(received, Is.GreaterThan(Frames / 2), "most programme frames reached the receiver");
            // The programme camera (cam01) kept delivering: its pictures stay fresh while cam03 is dark, rather
            // than repeating while each frame set waits for the dead camera.
            Match channel = Regex.Match(outText, @"channel: \d+ frames out, \d+ late, (\d+) repeated");
            Assert.That(channel.Success, Is.True, outText);
            Assert.That(int.Parse(channel.Groups[1].Value, CultureInfo.InvariantCulture), Is.LessThan(Frames / 4), "programme frames repeated");
        }
        finally
        {
            if (!b3d.HasExited)
                b3d.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The NDI runtime the setup script put in the cache (tests only; never shipped).</summary>
    internal static string NdiLibraryDirectory()
    {
        string cache = Environment.GetEnvironmentVariable("B3D_CACHE") is { Length: > 0 } c
            ? c
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "broadcast3d");
        string dir = Path.Combine(cache, "ndi", "lib", "linux_x64");
        if (!File.Exists(Path.Combine(dir, "libndi.so.5")))
            Assert.Fail($"libndi.so.5 not found in {dir}: run scripts/setup.sh (or set B3D_CACHE to its cache)");
        return dir;
    }
}
