using System.Collections.Concurrent;
using System.Diagnostics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Threading;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Live;
using Broadcast3D.Engine.Pipeline;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The live programme's picture path on the channel thread (<see cref="LiveProgramme"/>), on the real GPU device
/// (llvmpipe here) with real decoded frames and real sinks: how many full-frame copies a programme frame costs, that
/// every output gets the same picture, and that the plate's colours come out as they went in.
/// </summary>
public class LiveProgrammeTests
{
    private const int Width = 64, Height = 48, Frames = 30, DelayFrames = 2, SinkCapacity = 3;

    [Test]
    public void Tick_TwoOutputsOverYuvFrames_OneFullFrameCopyPerProgrammeFrameAndOnePictureSharedByBoth()
    {
        using var tmp = new TempFolder("b3d-programme");
        // Pure red, BT.709 limited range as broadcast HD marks it: the plate must show red, not blue.
        string clip = tmp.File("red.mp4");
        ProcessRunner.Ffmpeg("-f", "lavfi", "-i", $"color=c=red:s={Width}x{Height}:r=60", "-frames:v", $"{Frames}",
            "-vf", "scale=out_color_matrix=bt709:out_range=tv", "-colorspace", "bt709", "-color_range", "tv",
            "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", clip);
        Camera camera = CalibrationToml.Read(SharedAssets.CalibrationToml).Cameras[0];
        var slots = new List<ProgramPicture>();
        var pictures = new FrameQueue<ProgramPicture>(() =>
        {
            var slot = new ProgramPicture();
            slots.Add(slot);
            return slot;
        }, maxBacklog: 1);
        var skeletons = new TripleBuffer<SkeletonSet>(() => new SkeletonSet(Pose2SimMarkers.Definition, 8));
        var stats = new ChannelStats();
        StageTiming composite = stats.AddStage("composite");
        var received = new[] { new ConcurrentDictionary<long, Picture>(), new ConcurrentDictionary<long, Picture>() };
        var colours = new ConcurrentQueue<(byte R, byte G, byte B, byte A)>();
        var sinks = new List<(ProgramSink Sink, bool Alpha)>();
        long framesOut = 0, steadyBytes = 0, copies, available, capacity;
        try
        {
            using (var programme = new LiveProgramme(camera, pictures, skeletons, DelayFrames, new OverlayConfig(true, true, true, true), Width, Height,
                       maxPeople: 8, sinks, SinkCapacity, graphicsOutputs: 0, Serilog.Core.Logger.None))
            {
                for (int s = 0; s < 2; s++)
                {
                    ConcurrentDictionary<long, Picture> seen = received[s];
                    sinks.Add((new ProgramSink($"test:{s}", SinkCapacity, picture =>
                    {
                        seen[picture.FrameIndex] = picture;
                        int centre = (((Height / 2) * Width) + (Width / 2)) * 4;
                        ReadOnlySpan<byte> p = picture.Bytes;
                        colours.Enqueue((p[centre], p[centre + 1], p[centre + 2], p[centre + 3]));
                    }, () => { }, stats.AddStage($"sink {s}"), waitForRoom: true), false));
                }
                using (Decoder decoder = Decoder.Open(clip, new DecoderOptions { Output = FrameOutput.Native, Threads = 1, Hardware = HardwareDecode.Software }))
                {
                    long tick = 0;
                    while (decoder.TryRead(out VideoFrame? frame))
                    {
                        Assert.That(frame.PixelFormat, Is.EqualTo("yuv420p"), "the plate is fed the planes as decoded");
                        pictures.WriteSlot.Hold(frame, frame.Time, Stopwatch.GetTimestamp());
                        frame.Dispose(); // the decoder's reference: the hand-over slot holds its own
                        pictures.Publish();
                        long before = GC.GetAllocatedBytesForCurrentThread();
                        if (programme.Tick(tick++, stats, composite, graphics: null))
                            framesOut++;
                        if (tick > Frames / 2) // steady state: the delay line full, every texture and label made
                            steadyBytes += GC.GetAllocatedBytesForCurrentThread() - before;
                    }
                }
                programme.Flush(stats);
                foreach ((ProgramSink sink, _) in sinks)
                    sink.Complete();
                PicturePool pool = programme.ProgrammePool;
                (copies, available, capacity) = (pool.FullFrameCopies, pool.Available, pool.Capacity);
            }
        }
        finally
        {
            foreach ((ProgramSink sink, _) in sinks)
                sink.Dispose();
            foreach (ProgramPicture slot in slots)
                slot.Release();
        }

        TestContext.Out.WriteLine($"{framesOut} programme frames, {copies} full-frame copies, sinks sent {sinks[0].Sink.Sent} and {sinks[1].Sink.Sent}; " +
                                  $"channel thread allocated {steadyBytes} B over the last {Frames - (Frames / 2)} ticks");
        Assert.That(framesOut, Is.EqualTo(Frames - DelayFrames), "every tick after the delay line filled puts out a frame");
        Assert.That(stats.RepeatedFrames, Is.Zero, "a new picture came every tick");
        // The readback's copy into the pooled picture is the only full-frame copy: none per output.
        Assert.That(copies, Is.EqualTo(framesOut), "full-frame copies: one per programme frame");
        foreach ((ProgramSink sink, _) in sinks)
            Assert.That((sink.Sent, sink.Dropped), Is.EqualTo((framesOut, 0L)), sink.Name);
        for (long f = DelayFrames; f < Frames; f++)
            Assert.That(received[1][f], Is.SameAs(received[0][f]), $"frame {f}: both outputs were handed the same picture");
        // The one object a tick still makes is the 32-byte fence of ReadbackPool.TryBegin (GpuFence); the pipelined
        // ProgramReadback re-inserts its fences and makes none.
        Assert.That(steadyBytes, Is.LessThanOrEqualTo(32 * (Frames - (Frames / 2))), "the channel thread allocates nothing per frame but the readback's fence");
        Assert.That(available, Is.EqualTo(capacity), "every picture is back in its pool once the outputs released it");
        foreach ((byte r, byte g, byte b, byte a) in colours)
            Assert.That(r > 220 && g < 40 && b < 40 && a == 255, Is.True, $"red plate read back as RGBA ({r}, {g}, {b}, {a})");
    }
}
