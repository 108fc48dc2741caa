using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Broadcast3D.Engine.Nodes;
using Broadcast3D.Engine.Nodes.Wire;
using Google.Protobuf;

namespace Broadcast3D.Engine.Tests.Nodes;

/// <summary>
/// Scale of the fusion node (issue #20), measured, not asserted: a load generator publishes synthetic 2D (a ring rig,
/// walking athletes with known 3D, 2 px noise) on a real nats-server over loopback. Prints the tables of docs/nodes.md.
/// Bounded: every cell stops after its frames or <see cref="CellLimit"/>. Run by hand:
/// <c>dotnet test tests/Broadcast3D.Engine.Tests -c Release --filter FullyQualifiedName~FusionScaleMeasurement</c>.
/// </summary>
[Explicit("measurement (minutes): run by hand, figures go to docs/nodes.md")]
[NonParallelizable]
public class FusionScaleMeasurement
{
    private static readonly TimeSpan CellLimit = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Measure_CamerasTimesAthletes_FrameSetsPerSecondAndFittedExponent()
    {
        int[] cameras = [4, 10, 20, 40];
        int[] athletes = [1, 5, 15, 30];
        const int Frames = 40;
        var rows = new List<(int Cameras, int Athletes, double SetsPerSecond, double MillisecondsPerSet, double Bytes2D)>();
        // The first cell once more before the grid, only to load and compile the code (JIT): not measured.
        foreach ((int c, int a, bool measured) in cameras.SelectMany(c => athletes.Select(a => (c, a, true))).Prepend((cameras[0], athletes[0], false)))
        {
            using var server = new NatsServerFixture();
            var nodes = new SyntheticCameraNodes(c, Frames, a);
            await using (NodeBus bus = await server.ConnectAsync())
            {
                for (int f = 0; f < Frames; f++)
                {
                    for (int k = 0; k < c; k++)
                        await bus.Publish2DAsync(nodes.Message(k, f));
                }
                for (int k = 0; k < c; k++)
                    await bus.Publish2DAsync(nodes.End(k, Frames));
            }
            // Capacity: the 2D is all there, the fusion node goes as fast as it can (latest figures are per set).
            using var stop = new CancellationTokenSource(CellLimit);
            var clock = Stopwatch.StartNew();
            FusionNodeSummary s = await FusionNode.RunAsync(SyntheticCameraNodes.Fusion(server.Url, stall: null, a), nodes.Rig, Serilog.Core.Logger.None, stop.Token);
            double seconds = clock.Elapsed.TotalSeconds;
            if (!measured)
                continue;
            rows.Add((c, a, s.Sets / seconds, seconds * 1000 / Math.Max(1, s.Sets), s.Mean2DBytes));
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c} | {a} | {s.Sets} | {s.Sets / seconds:0.0} | {seconds * 1000 / Math.Max(1, s.Sets):0.0} | {s.Mean2DBytes:0} | {s.Mean3DBytes:0} |"));
        }
        // cost per set ≈ k · (cameras × athletes)^p, least squares in log–log.
        double[] x = [.. rows.Select(r => Math.Log(r.Cameras * r.Athletes))], y = [.. rows.Select(r => Math.Log(r.MillisecondsPerSet))];
        double mx = x.Average(), my = y.Average();
        double p = x.Zip(y).Sum(v => (v.First - mx) * (v.Second - my)) / x.Sum(v => (v - mx) * (v - mx));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fitted exponent of cost per set vs cameras × athletes: {p:0.00}"));
    }

    [Test]
    public async Task Measure_PacedAtSixtyFps_PublishToThreeDLatency()
    {
        (int Cameras, int Athletes)[] cells = [(4, 1), (10, 5), (20, 5), (40, 5), (40, 30)];
        const int Frames = 120;
        foreach ((int c, int a) in cells)
        {
            using var server = new NatsServerFixture();
            var nodes = new SyntheticCameraNodes(c, Frames, a);
            CameraPoses2D[][] messages = [.. Enumerable.Range(0, Frames).Select(f => Enumerable.Range(0, c).Select(k => nodes.Message(k, f)).ToArray())];
            await using NodeBus bus = await server.ConnectAsync();
            using var stop = new CancellationTokenSource(CellLimit * 2);
            Task<FusionNodeSummary> fusion = FusionNode.RunAsync(SyntheticCameraNodes.Fusion(server.Url, TimeSpan.FromMilliseconds(100), a), nodes.Rig,
                Serilog.Core.Logger.None, stop.Token);
            var clock = Stopwatch.StartNew();
            using (var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(1000.0 / 60)))
            {
                for (int f = 0; f < Frames && !stop.IsCancellationRequested; f++)
                {
                    long now = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
                    // The cameras of a frame publish concurrently, as separate machines would.
                    await Task.WhenAll(messages[f].Select(m =>
                    {
                        m.PublishedUnixNanoseconds = now;
                        return bus.Publish2DAsync(m, stop.Token);
                    }));
                    await tick.WaitForNextTickAsync(stop.Token);
                }
            }
            double publishSeconds = clock.Elapsed.TotalSeconds;
            for (int k = 0; k < c; k++)
                await bus.Publish2DAsync(nodes.End(k, Frames));
            FusionNodeSummary s = await fusion;
            double seconds = clock.Elapsed.TotalSeconds;
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c} | {a} | {Frames / publishSeconds:0.0} | {s.Sets} | {s.Sets / seconds:0.0} | {s.MeanLatencyMilliseconds:0.0} | {s.IncompleteSets} |"));
        }
    }

    [Test]
    public async Task Measure_OneHop_BusVersusInProcessHandOff()
    {
        const int Messages = 2000;
        var nodes = new SyntheticCameraNodes(4, 2, 1);
        CameraPoses2D message = nodes.Message(0, 0);
        using var server = new NatsServerFixture();
        await using NodeBus bus = await server.ConnectAsync();

        // Bus hop: encode, publish (acknowledged by JetStream), delivered by the ordered consumer, decoded.
        var clock = Stopwatch.StartNew();
        var consume = Task.Run(async () =>
        {
            int n = 0;
            await foreach (var m in bus.ConsumeAsync<byte[]>(NodeWire.Stream2D, NodeWire.Subject2DPrefix + ">"))
            {
                NodeWire.TryDecode2D(m.Data, out _, out _);
                if (++n == Messages)
                    return;
            }
        });
        for (int i = 0; i < Messages; i++)
        {
            message.Frame = i;
            await bus.Publish2DAsync(message);
        }
        await consume;
        double busMicroseconds = clock.Elapsed.TotalMilliseconds * 1000 / Messages;

        // In-process hand-off of the same 2D: a bounded channel between two threads, no encoding.
        var channel = Channel.CreateBounded<CameraPoses2D>(64);
        clock.Restart();
        var reader = Task.Run(async () =>
        {
            for (int i = 0; i < Messages; i++)
                await channel.Reader.ReadAsync();
        });
        for (int i = 0; i < Messages; i++)
            await channel.Writer.WriteAsync(message);
        await reader;
        double localMicroseconds = clock.Elapsed.TotalMilliseconds * 1000 / Messages;
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one hop, {message.CalculateSize()} B message: bus {busMicroseconds:0.0} µs, in-process {localMicroseconds:0.00} µs, ratio {busMicroseconds / localMicroseconds:0}"));
    }
}
