using System.Collections.Concurrent;
using System.Diagnostics;
using Broadcast3D.Engine.Nodes;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Engine.Offline;
using Broadcast3D.TestSupport;
using NATS.Client.JetStream;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// Issue #20's "kill one ingest node mid-run": real <c>b3d node</c> processes (a fusion node and two live ingest
/// nodes, one camera each) on a real nats-server started on a free loopback port. The cameras are the Balancing
/// trial's first two videos, copied at 5 fps (FFmpeg) so that the pose models keep up with them on this machine, played
/// in a loop at their frame rate. The published 3D sets' camera lists show who was fused.
/// </summary>
[NonParallelizable]
[Category("Live")]
public class LiveIngestNodeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static Process Start(TempFolder folder, string name, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "b3d.dll"));
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        var process = new Process { StartInfo = start };
        var log = new StreamWriter(folder.File(name + ".log")) { AutoFlush = true };
        process.ErrorDataReceived += (_, e) => { lock (log) { if (e.Data is not null) log.WriteLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (log) { if (e.Data is not null) log.WriteLine(e.Data); } };
        process.Exited += (_, _) => { lock (log) { log.Dispose(); } };
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    [Test]
    public async Task IngestNodeLive_KilledAndRestarted_FusionGoesOnWithoutItsCameraThenItRejoins()
    {
        using var folder = new TempFolder("b3d-live-ingest");
        OfflineTrialInput input = OfflineTrialInput.BalancingDemo();
        string[] videos = new string[2];
        for (int c = 0; c < videos.Length; c++)
        {
            videos[c] = folder.File($"cam{c + 1:00}_5fps.mp4");
            ProcessRunner.Result r = ProcessRunner.Run("ffmpeg", ["-v", "error", "-nostdin", "-y", "-i", input.Videos[c], "-vf", "fps=5", "-c:v", "libx264",
                "-preset", "veryfast", "-g", "5", videos[c]], TimeSpan.FromMinutes(1));
            Assert.That(r.ExitCode, Is.Zero, $"ffmpeg could not copy {input.Videos[c]} at 5 fps: {r.StdErr}");
        }
        using NatsServerProcess server = NatsServerProcess.Start(folder.File("js"));
        string[] ingest = ["--bus", server.Url, "--live", "--loop", "--detector", "rtmdet", "--pose", "blazepose-lite", "--threads", "1"];
        var processes = new List<Process>();
        var sets = new ConcurrentQueue<(long Frame, uint[] Cameras)>();
        using var reading = new CancellationTokenSource();
        Task reader = Task.CompletedTask;
        try
        {
            processes.Add(Start(folder, "fusion", "node", "fusion", "--bus", server.Url, "--calibration", input.CalibrationPath, "--rate", "5",
                "--stall-timeout", "0.5", "--keep-running"));
            processes.Add(Start(folder, "ingest-cam_01", ["node", "ingest", .. ingest, "--cameras", $"cam_01={videos[0]}"]));
            Process second = Start(folder, "ingest-cam_02-first", ["node", "ingest", .. ingest, "--cameras", $"cam_02={videos[1]}"]);
            processes.Add(second);

            await using NodeBus bus = await NodeBus.ConnectAsync(new BusOptions { Url = server.Url }, "test");
            reader = Task.Run(async () =>
            {
                try
                {
                    await foreach (NatsJSMsg<byte[]> message in bus.ConsumeAsync<byte[]>(NodeWire.Stream3D, NodeWire.Subject3D, reading.Token))
                    {
                        if (NodeWire.TryDecode3D(message.Data ?? [], out FrameSet3D set, out string? why))
                            sets.Enqueue((set.Frame, [.. set.Cameras]));
                        else
                            Assert.Fail($"a 3D set the fusion node published does not decode: {why}");
                    }
                }
                catch (OperationCanceledException) when (reading.IsCancellationRequested)
                {
                    // the test is done reading
                }
            });
            const uint Cam01 = 0, Cam02 = 1;

            // Both cameras fused.
            long before = await WaitFor(sets, s => s.Cameras.Contains(Cam02), -1, processes, "a 3D set with cam_02 before the kill");
            await WaitFor(sets, s => s.Cameras.Contains(Cam01), -1, processes, "a 3D set with cam_01 before the kill");

            // Kill cam_02's node (the process, no goodbye): the fusion goes on with cam_01 alone.
            processes.Remove(second);
            Stop(second);
            // Its newest 2D on the bus: the 3D sets lag behind the 2D (the fusion waits for the cameras' delays), so
            // the sets up to this frame may still hold cam_02; none after it can.
            long killedAt = (await bus.Last2DFrameAsync("cam_02"))!.Value;
            long alone = await WaitFor(sets, s => s.Cameras.Contains(Cam01), killedAt, processes, "a 3D set with cam_01 after cam_02's node was killed");
            for (int i = 0; i < 3; i++)
                alone = await WaitFor(sets, s => s.Cameras.Contains(Cam01), alone, processes, "more 3D sets with cam_01 after the kill");
            long restartedAt = sets.Max(s => s.Frame);
            Assert.That(sets.Where(s => s.Frame > killedAt && s.Frame <= restartedAt).Any(s => s.Cameras.Contains(Cam02)), Is.False,
                "cam_02 is in no set while its node is down");

            // The node starts again: its camera is back in the sets.
            second = Start(folder, "ingest-cam_02-again", ["node", "ingest", .. ingest, "--cameras", $"cam_02={videos[1]}"]);
            processes.Add(second);
            long back = await WaitFor(sets, s => s.Cameras.Contains(Cam02), restartedAt, processes, "a 3D set with cam_02 after its node restarted");

            long[] frames = [.. sets.Select(s => s.Frame)];
            Assert.That(frames, Is.Ordered.And.Unique, "each set published once, in order");
            TestContext.Out.WriteLine($"cam_02 fused at set {before}, killed after set {killedAt}, cam_01 alone up to set {alone}, restarted after set {restartedAt}, back at set {back}: " +
                $"{frames.Length} sets ({back - killedAt} sets = {(back - killedAt) / 5.0:0.0} s from the kill to the rejoin)");
        }
        finally
        {
            foreach (Process p in processes)
                Stop(p);
            await reading.CancelAsync();
            await reader;
            foreach (string log in Directory.GetFiles(folder.Path, "*.log").Order())
                TestContext.Out.WriteLine($"--- {Path.GetFileName(log)} (last lines)\n{string.Join('\n', File.ReadLines(log).TakeLast(12))}");
        }
        string fusionLog = File.ReadAllText(folder.File("fusion.log"));
        // The fusion's own count of the camera leaving and coming back (SyncRules: logged once each, counted).
        Assert.That(fusionLog, Does.Contain("cam_02 stalled at").And.Contain("cam_02 is back in the fused frame sets"), fusionLog);
    }

    /// <summary>The first set after <paramref name="after"/> that matches, as soon as it is published; fails when a node died or after <see cref="Patience"/>.</summary>
    private static async Task<long> WaitFor(ConcurrentQueue<(long Frame, uint[] Cameras)> sets, Func<(long Frame, uint[] Cameras), bool> match, long after,
        List<Process> processes, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach ((long Frame, uint[] Cameras) s in sets)
            {
                if (s.Frame > after && match(s))
                    return s.Frame;
            }
            Process? dead = processes.FirstOrDefault(p => p.HasExited);
            Assert.That(dead, Is.Null, $"a b3d node exited ({dead?.ExitCode}: {string.Join(' ', dead?.StartInfo.ArgumentList.Skip(1) ?? [])}) while waiting for {what}; its log is next to the test's videos");
            Assert.That(clock.Elapsed, Is.LessThan(Patience), $"no {what} in {Patience.TotalSeconds:0} s ({sets.Count} sets published)");
            await Task.Delay(100);
        }
    }
}
