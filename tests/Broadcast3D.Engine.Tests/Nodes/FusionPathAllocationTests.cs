using System.Globalization;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Nodes;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Tracking.FrameSets;
using Google.Protobuf;

namespace Broadcast3D.Engine.Tests.Nodes;

/// <summary>
/// Bytes the fusion node's own path allocates per frame set, on one thread, without the bus (NATS.Net's receive
/// buffers and acknowledgements are the client's): every camera's 2D message read in place and put into its set, the
/// fusion, and the 3D message refilled and serialised, as <see cref="FusionNode"/> runs them.
/// </summary>
public class FusionPathAllocationTests
{
    [TestCase(4, 1)]
    [TestCase(10, 5)]
    [TestCase(20, 15)]
    public void ReadAssembleAndWrite_SteadyState_AllocateNothing(int cameras, int athletes)
    {
        PerSet bytes = Measure(cameras, athletes);

        Assert.That(bytes.ReadAndAssemble, Is.Zero, "reading the 2D in place into the assembler's sets");
        Assert.That(bytes.Write, Is.Zero, "refilling and serialising the one 3D message");
    }

    [Test]
    public void Fusion_OneAthleteOnFourCameras_OnlyTheAssociationsResultRecords()
    {
        // What remains is PoseFusion's, shared with the one-process tracker (docs/nodes.md): CrossViewAssociator
        // returns a new list of AssociatedPerson records, each with its per-camera array, sorted through a closure:
        // 256 B a set at one athlete (measured 2026-12-05). More would be a new allocation on the fusion path.
        Assert.That(Measure(4, 1).Fusion, Is.LessThanOrEqualTo(256));
    }

    [TestCase(4, 1)]
    [TestCase(10, 5)]
    [TestCase(20, 15)]
    [Explicit("measurement for docs/nodes.md")]
    [Category("Measurement")]
    public void Measure_BytesPerFrameSet(int cameras, int athletes)
    {
        PerSet bytes = Measure(cameras, athletes);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cameras} cameras × {athletes} athletes, bytes per frame set: read 2D + assembler {bytes.ReadAndAssemble} B, " +
            $"fusion {bytes.Fusion} B, 3D written {bytes.Write} B; total {bytes.ReadAndAssemble + bytes.Fusion + bytes.Write} B"));
    }

    /// <summary>
    /// The whole fusion node on a real nats-server, every thread of this process counted: two runs of 40 and 200 sets
    /// (2D already in the stream, fused as fast as it goes), their difference per set, so start-up (connection,
    /// streams, consumer, JIT) cancels out. What is not the node's own path is NATS.Net's and the async machinery's.
    /// </summary>
    [TestCase(4, 1)]
    [TestCase(10, 5)]
    [TestCase(20, 15)]
    [Explicit("measurement for docs/nodes.md")]
    [Category("Measurement")]
    [NonParallelizable]
    public async Task Measure_WholeNodeOnTheBus_BytesPerFrameSet(int cameras, int athletes)
    {
        const int Short = 40, Long = 200;
        long shortRun = await WholeRun(cameras, athletes, Short);
        long longRun = await WholeRun(cameras, athletes, Long);
        long perSet = (longRun - shortRun) / (Long - Short);
        PerSet path = Measure(cameras, athletes);
        long own = path.ReadAndAssemble + path.Fusion + path.Write;
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cameras} cameras × {athletes} athletes, whole fusion node on the bus: {perSet} B per frame set ({perSet / cameras} B per 2D message); " +
            $"its own path {own} B, the rest (NATS.Net: {cameras} messages delivered, one 3D published and acknowledged; async state) {perSet - own} B"));
    }

    private static async Task<long> WholeRun(int cameras, int athletes, int frames)
    {
        using var server = new NatsServerFixture();
        var nodes = new SyntheticCameraNodes(cameras, frames, athletes);
        await using (NodeBus bus = await server.ConnectAsync())
        {
            for (int f = 0; f < frames; f++)
            {
                for (int c = 0; c < cameras; c++)
                    await bus.Publish2DAsync(nodes.Message(c, f));
            }
            for (int c = 0; c < cameras; c++)
                await bus.Publish2DAsync(nodes.End(c, frames));
        }
        long before = GC.GetTotalAllocatedBytes(precise: true);
        FusionNodeSummary summary = await FusionNode.RunAsync(SyntheticCameraNodes.Fusion(server.Url, stall: null, athletes), nodes.Rig, null,
            new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
        long bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.That(summary.Sets, Is.EqualTo(frames));
        return bytes;
    }

    private static PerSet Measure(int cameras, int athletes)
    {
        const int WarmUp = 20, Sets = 100;
        var nodes = new SyntheticCameraNodes(cameras, WarmUp + Sets, athletes);
        byte[][][] wire = [.. Enumerable.Range(0, nodes.Frames).Select(f => Enumerable.Range(0, cameras).Select(c => nodes.Message(c, f).ToByteArray()).ToArray())];
        string[] ids = [.. nodes.Rig.Cameras.Select(c => c.Name)];
        SkeletonDefinition skeleton = SkeletonCatalog.Body25B;
        using var fusion = new PoseFusion(nodes.Rig, skeleton, Math.Max(4, athletes), new PipelineStages());
        var assembler = new FrameSetAssembler(ids, skeleton, 16, FrameRate.Fps60, stallTimeout: null);
        var writer = new FrameSet3DWriter();
        long assemble = 0, fuse = 0, write = 0, people = 0;
        for (int f = 0; f < nodes.Frames; f++)
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            for (int c = 0; c < cameras; c++)
            {
                // Assert.That allocates (its constraint): checked only when false.
                if (!CameraPoses2DView.TryRead(wire[f][c], out CameraPoses2DView view, out string? why) || !assembler.Add(c, view, out why))
                    Assert.Fail($"frame {f} camera {c}: {why}");
            }
            if (!assembler.TryTake(out FrameSetAssembler.ReadySet? set))
                Assert.Fail($"set {f} not handed out with every camera in it");
            long assembled = GC.GetAllocatedBytesForCurrentThread();
            fusion.Process(set!.Poses);
            long fused = GC.GetAllocatedBytesForCurrentThread();
            ReadOnlyMemory<byte> bytes = writer.Write(set, fusion, cameras);
            long written = GC.GetAllocatedBytesForCurrentThread();
            if (bytes.Length == 0)
                Assert.Fail($"set {f}: no 3D written");
            if (f >= WarmUp)
            {
                assemble += assembled - start;
                fuse += fused - assembled;
                write += written - fused;
                people += fusion.PeopleCount;
            }
        }
        Assert.That(people, Is.GreaterThanOrEqualTo((long)athletes * Sets), "every athlete fused in every set: the path measured is the whole one");
        return new PerSet(assemble / Sets, fuse / Sets, write / Sets);
    }

    private readonly record struct PerSet(long ReadAndAssemble, long Fusion, long Write);
}
