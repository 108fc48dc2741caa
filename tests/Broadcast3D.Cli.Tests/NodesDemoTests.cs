using System.Diagnostics;
using Broadcast3D.Engine.Nodes;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Engine.Offline;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// The demo's tracking through real <c>b3d node</c> processes on a real nats-server (started and stopped by the run on
/// a free loopback port) against the demo in one process, on the first frames of the Balancing trial (the pictures
/// are not drawn: they come from the same 3D either way).
/// </summary>
[NonParallelizable]
public class NodesDemoTests
{
    private const int Frames = 8;

    private static ProcessStartInfo B3d(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "b3d.dll"));
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        return start;
    }

    [Test]
    public void Run_DemoThroughNodes_RawThreeDEqualsTheOneProcessDemoAndTheJsonIsIdentical()
    {
        using var folder = new TempFolder("b3d-nodes-demo");
        OfflineTrialInput input = OfflineTrialInput.BalancingDemo();
        var one = new OfflineRunOptions { OutputDirectory = folder.File("one"), MaxFrames = Frames, RenderVideo = false };
        var nodes = one with { OutputDirectory = folder.File("nodes") };

        OfflineRunSummary inProcess = OfflineTrialRunner.Run(input, one);
        OfflineRunSummary throughBus = NodesDemo.Run(input, nodes, B3d);

        Assert.That(throughBus.Frames, Is.EqualTo(Frames));
        Assert.That(inProcess.Frames, Is.EqualTo(Frames));
        string raw = $"{input.Name}_b3d_raw.trc";
        TrcData a = TrcFile.Read(Path.Combine(one.OutputDirectory, raw)), b = TrcFile.Read(Path.Combine(nodes.OutputDirectory, raw));
        Assert.That(b.Coordinates, Has.Length.EqualTo(a.Coordinates.Length));
        int compared = 0;
        for (int i = 0; i < a.Coordinates.Length; i++)
        {
            Assert.That(double.IsNaN(b.Coordinates[i]), Is.EqualTo(double.IsNaN(a.Coordinates[i])), $"value {i}: present in one run only");
            if (double.IsNaN(a.Coordinates[i]))
                continue;
            Assert.That(b.Coordinates[i], Is.EqualTo(a.Coordinates[i]).Within(1e-9), $"value {i} (metres)");
            compared++;
        }
        Assert.That(compared, Is.GreaterThan(Frames * 21), "the athlete is triangulated in both runs");
        foreach (string camera in Directory.GetDirectories(Path.Combine(one.OutputDirectory, "pose-2d")))
        {
            string[] files = Directory.GetFiles(camera, "*.json");
            Assert.That(files, Has.Length.EqualTo(Frames), camera);
            foreach (string file in files)
            {
                string other = Path.Combine(nodes.OutputDirectory, "pose-2d", Path.GetFileName(camera), Path.GetFileName(file));
                Assert.That(File.ReadAllText(other), Is.EqualTo(File.ReadAllText(file)), other);
            }
        }
    }

    [Test]
    public async Task IngestNode_KilledMidRunAndRestarted_ResumesAfterItsLastFrameWithEveryFrameOnTheBusOnce()
    {
        using var folder = new TempFolder("b3d-nodes-ingest");
        using NatsServerProcess server = NatsServerProcess.Start(folder.File("js"));
        string video = OfflineTrialInput.BalancingDemo().Videos[0];
        string[] args = ["node", "ingest", "--bus", server.Url, "--cameras", $"cam_01={video}", "--frames", "12"];
        await using NodeBus bus = await NodeBus.ConnectAsync(new BusOptions { Url = server.Url }, "test");

        using (Process first = Process.Start(B3d(args))!)
        {
            var clock = Stopwatch.StartNew();
            while ((await bus.Last2DFrameAsync("cam_01") ?? -1) < 3)
            {
                Assert.That(first.HasExited, Is.False, "the ingest node ended before it was killed");
                Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMinutes(2)), "the ingest node published no 4 frames in 2 minutes");
                await Task.Delay(50);
            }
            first.Kill();
            await first.WaitForExitAsync();
        }
        long killedAfter = (await bus.Last2DFrameAsync("cam_01"))!.Value;
        ProcessRunner.Result second = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(3));

        Assert.That(second.ExitCode, Is.Zero, second.StdErr);
        Assert.That(second.StdErr, Does.Contain($"ingest resumes after frame {killedAfter}"));
        var frames = new List<long>();
        bool ended = false;
        foreach ((string _, byte[] data) in await bus.ReadAllAsync(NodeWire.Stream2D, NodeWire.Subject2D("cam_01")))
        {
            Assert.That(NodeWire.TryDecode2D(data, out CameraPoses2D message, out string? why), Is.True, why);
            if (message.EndOfStream)
                ended = true;
            else
                frames.Add(message.Frame);
        }
        Assert.That(frames, Is.EqualTo(Enumerable.Range(0, 12).Select(i => (long)i)), "every frame once, in order");
        Assert.That(ended, Is.True);
    }
}
