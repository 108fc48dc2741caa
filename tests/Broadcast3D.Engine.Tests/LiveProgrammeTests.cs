using System.Collections.Concurrent;
using System.Diagnostics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Live;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Skeletons;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The live programme's picture path on the channel thread (<see cref="LiveProgramme"/>), on the real GPU device
/// (llvmpipe here) with real decoded frames and real sinks: how many full-frame copies a programme frame costs (one per
/// layout the outputs take), that the outputs of one layout get the same picture, and that the plate's colours come
/// out as they went in, through the GPU's conversion to the sinks' YUV.
/// </summary>
public class LiveProgrammeTests
{
    private const int Width = 64, Height = 48, Frames = 30, DelayFrames = 2, SinkCapacity = 3;

    // Limited-range 8-bit YUV of a colour that is pure on one axis, converted back by the BT.709 matrix: the GPU
    // conversion rounds each sample once and the chroma of a flat picture is exact, so ±8 of 255 is the bound here
    // (red comes back as about (255, 0, 0)).
    private const int ColourTolerance = 8;

    [TestCase(PixelLayout.Yuv420P, 1, false, TestName = "Tick_TwoX264OutputsOverYuvFrames_OneFullFrameCopyPerProgrammeFrameAndOnePictureSharedByBoth")]
    [TestCase(PixelLayout.Uyvy, 2, false, TestName = "Tick_X264AndNdiOutputsOverYuvFrames_OneFullFrameCopyPerLayoutAndFrame")]
    // The warm-up (issue #13) reads back one picture per layout before the clock: never sent, every one released,
    // nothing of it left in the delay line (every picture out is the camera's red), counted apart from the frames.
    [TestCase(PixelLayout.Uyvy, 2, true, TestName = "Tick_AfterWarmUpX264AndNdiOutputs_WarmUpPicturesNeverSentAndReleased")]
    public void Tick_TwoOutputs_OneFullFrameCopyPerLayoutAndFrame(PixelLayout second, int copiesPerFrame, bool warmUp)
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
        var colours = new ConcurrentQueue<(PixelLayout Layout, int R, int G, int B)>();
        var sinks = new List<ProgramSink>();
        PixelLayout[] layouts = [PixelLayout.Yuv420P, second];
        long framesOut = 0, steadyBytes = 0, copies = 0, warmUpPictures = 0;
        bool poolsFull = true;
        try
        {
            using (var programme = new LiveProgramme(camera, pictures, skeletons, new ProgrammeDelay(auto: false, DelayFrames, DelayFrames, FrameRate.Fps60), new OverlayConfig(true, true, true, true), Width, Height,
                       maxPeople: 8, [(layouts[0], false), (layouts[1], false)], sinks, SinkCapacity, Serilog.Core.Logger.None))
            {
                for (int s = 0; s < 2; s++)
                {
                    ConcurrentDictionary<long, Picture> seen = received[s];
                    sinks.Add(new ProgramSink($"test:{s}", SinkCapacity, picture =>
                    {
                        seen[picture.FrameIndex] = picture;
                        (int y, int cb, int cr) = CentreYuv(picture);
                        (int r, int g, int b) = Bt709LimitedToRgb(y, cb, cr);
                        colours.Enqueue((picture.Layout, r, g, b));
                    }, () => { }, stats.AddStage($"sink {s}"), waitForRoom: true));
                }
                if (warmUp)
                {
                    programme.WarmUp();
                    warmUpPictures = programme.WarmUpPictures;
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
                foreach (ProgramSink sink in sinks)
                    sink.Complete();
                foreach (PicturePool pool in programme.Pools)
                {
                    copies += pool.FullFrameCopies;
                    poolsFull &= pool.Available == pool.Capacity;
                }
            }
        }
        finally
        {
            foreach (ProgramSink sink in sinks)
                sink.Dispose();
            foreach (ProgramPicture slot in slots)
                slot.Release();
        }

        TestContext.Out.WriteLine($"{framesOut} programme frames, {copies} full-frame copies, sinks sent {sinks[0].Sent} and {sinks[1].Sent}; " +
                                  $"channel thread allocated {steadyBytes} B over the last {Frames - (Frames / 2)} ticks");
        Assert.That(framesOut, Is.EqualTo(Frames - DelayFrames), "every tick after the delay line filled puts out a frame");
        Assert.That(stats.RepeatedFrames, Is.Zero, "a new picture came every tick");
        // The readback's copy into the pooled picture is the only full-frame copy: one per layout, none per output.
        Assert.That(warmUpPictures, Is.EqualTo(warmUp ? copiesPerFrame : 0), "the warm-up reads back one picture per layout");
        Assert.That(copies - warmUpPictures, Is.EqualTo(framesOut * copiesPerFrame), $"full-frame copies: {copiesPerFrame} per programme frame ({string.Join(", ", layouts.Distinct())})");
        // Pipelined one frame deep, the last frame comes out of Flush: every output still gets every frame.
        foreach (ProgramSink sink in sinks)
            Assert.That((sink.Sent, sink.Dropped), Is.EqualTo((framesOut, 0L)), sink.Name);
        for (long f = DelayFrames; f < Frames; f++)
        {
            for (int s = 0; s < 2; s++)
                Assert.That(received[s][f].Layout, Is.EqualTo(layouts[s]), $"frame {f}: output {s} takes {layouts[s]}");
            if (layouts[0] == layouts[1])
                Assert.That(received[1][f], Is.SameAs(received[0][f]), $"frame {f}: both outputs were handed the same picture");
        }
        Assert.That(steadyBytes, Is.Zero, "the channel thread allocates nothing per frame");
        Assert.That(poolsFull, Is.True, "every picture is back in its pool once the outputs released it");
        Assert.That(colours, Has.Count.EqualTo(2 * framesOut), "a colour per picture sent");
        foreach ((PixelLayout layout, int r, int g, int b) in colours)
        {
            Assert.That(Math.Abs(r - 255) <= ColourTolerance && g <= ColourTolerance && b <= ColourTolerance, Is.True,
                $"red plate read back as {layout} decoding to RGB ({r}, {g}, {b}), not within ±{ColourTolerance} of (255, 0, 0)");
        }
    }

    /// <summary>Y, Cb, Cr at the picture's centre, from its yuv420p planes or its packed UYVY.</summary>
    private static (int Y, int Cb, int Cr) CentreYuv(Picture picture)
    {
        int x = Width / 2, y = Height / 2;
        if (picture.Layout == PixelLayout.Yuv420P)
        {
            return (picture.Plane(0)[(y * picture.Stride(0)) + x], picture.Plane(1)[(y / 2 * picture.Stride(1)) + (x / 2)],
                picture.Plane(2)[(y / 2 * picture.Stride(2)) + (x / 2)]);
        }
        Assert.That(picture.Layout, Is.EqualTo(PixelLayout.Uyvy), "the sinks take yuv420p or UYVY");
        ReadOnlySpan<byte> row = picture.Plane(0).Slice(y * picture.Stride(0));
        int pair = x / 2 * 4;
        return (row[pair + 1 + ((x & 1) * 2)], row[pair], row[pair + 2]);
    }

    /// <summary>BT.709 limited range (as the GPU conversion writes it) to 8-bit RGB, clamped.</summary>
    private static (int R, int G, int B) Bt709LimitedToRgb(int y, int cb, int cr)
    {
        double l = (y - 16) * 255.0 / 219, u = (cb - 128) * 255.0 / 224, v = (cr - 128) * 255.0 / 224;
        static int Clamp(double c) => (int)Math.Round(Math.Clamp(c, 0, 255));
        return (Clamp(l + (1.5748 * v)), Clamp(l - (0.1873 * u) - (0.4681 * v)), Clamp(l + (1.8556 * u)));
    }
}
