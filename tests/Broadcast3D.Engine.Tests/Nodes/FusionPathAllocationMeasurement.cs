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
/// buffers and acknowledgements are the client's): decode of every camera's 2D message, the assembler, the fusion, and
/// the 3D message encoded and serialised, split by step. Prints the figures of docs/nodes.md.
/// </summary>
[Explicit("measurement for docs/nodes.md")]
[Category("Measurement")]
public class FusionPathAllocationMeasurement
{
    [TestCase(4, 1)]
    [TestCase(10, 5)]
    [TestCase(20, 15)]
    public void Measure_BytesPerFrameSet(int cameras, int athletes)
    {
        const int WarmUp = 20, Sets = 100;
        var nodes = new SyntheticCameraNodes(cameras, WarmUp + Sets, athletes);
        byte[][][] wire = [.. Enumerable.Range(0, nodes.Frames).Select(f => Enumerable.Range(0, cameras).Select(c => nodes.Message(c, f).ToByteArray()).ToArray())];
        string[] ids = [.. nodes.Rig.Cameras.Select(c => c.Name)];
        SkeletonDefinition skeleton = SkeletonCatalog.Body25B;
        using var fusion = new PoseFusion(nodes.Rig, skeleton, Math.Max(4, athletes), new PipelineStages());
        var assembler = new FrameSetAssembler(ids, skeleton, 16, FrameRate.Fps60, stallTimeout: null);
        long decode = 0, assemble = 0, fuse = 0, encode = 0;
        for (int f = 0; f < nodes.Frames; f++)
        {
            bool measured = f >= WarmUp;
            long start = GC.GetAllocatedBytesForCurrentThread();
            var messages = new CameraPoses2D[cameras];
            for (int c = 0; c < cameras; c++)
                Assert.That(NodeWire.TryDecode2D(wire[f][c], out messages[c], out string? why), Is.True, why);
            long decoded = GC.GetAllocatedBytesForCurrentThread();
            FrameSetAssembler.ReadySet? set = null;
            for (int c = 0; c < cameras; c++)
                Assert.That(assembler.Add(c, messages[c], out string? why), Is.True, why);
            Assert.That(assembler.TryTake(out set), Is.True);
            long assembled = GC.GetAllocatedBytesForCurrentThread();
            fusion.Process(set!.Poses);
            long fused = GC.GetAllocatedBytesForCurrentThread();
            byte[] bytes = FusionNode.Encode(set, fusion, cameras).ToByteArray();
            long encoded = GC.GetAllocatedBytesForCurrentThread();
            Assert.That(bytes, Is.Not.Empty);
            if (measured)
            {
                // The messages array is the measurement's own: not counted.
                decode += decoded - start - (24 + (8L * cameras));
                assemble += assembled - decoded;
                fuse += fused - assembled;
                encode += encoded - fused;
            }
        }
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cameras} cameras × {athletes} athletes, bytes per frame set over {Sets} sets: decode 2D {decode / Sets} B ({decode / Sets / cameras} B a message), " +
            $"assembler {assemble / Sets} B, fusion {fuse / Sets} B, encode + serialise 3D {encode / Sets} B; total {(decode + assemble + fuse + encode) / Sets} B"));
    }
}
