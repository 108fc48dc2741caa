using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Live;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Masks;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The live programme blurs a person seen by the camera on air only (issue #21): tracking found their 2D box in that
/// camera but no 3D person (nobody to triangulate from one view), and with the default <c>untracked</c> the box is
/// blurred in every output picture; with <c>none</c> it is drawn as is. Real GPU (llvmpipe), a real decoded clip of
/// fine detail, real sinks; the tracking result is published as the tracking worker does (<see cref="SkeletonSet.AddBox"/>).
/// </summary>
public class LiveProgrammePrivacyTests
{
    private const int Width = 128, Height = 96, Frames = 12, DelayFrames = 2;
    private static readonly Vector4 Box = new(40, 20, 32, 48);

    [Test]
    public void Tick_PersonBoxInTheCameraOnAirOnly_BlurredByDefaultSharpWithNone()
    {
        using var tmp = new TempFolder("b3d-programme-privacy");
        string clip = DetailClip(tmp);

        double[] blurred = Run(clip, BlurMode.Untracked);
        double[] plain = Run(clip, BlurMode.None);

        Assert.That(plain, Has.Length.EqualTo(Frames - DelayFrames), "a picture per tick once the delay line filled");
        Assert.That(blurred, Has.Length.EqualTo(plain.Length));
        for (int f = 0; f < plain.Length; f++)
        {
            Assert.That(plain[f], Is.GreaterThan(1000), $"picture {f}: the box is detailed without the blur");
            Assert.That(blurred[f] / plain[f], Is.LessThan(0.1), $"picture {f}: Laplacian variance inside the box {plain[f]:0} → {blurred[f]:0}");
        }
    }

    [Test]
    public void Tick_PersonWithAMask_BlurredInsideTheMaskSharpInTheBoxBesideIt()
    {
        using var tmp = new TempFolder("b3d-programme-privacy-mask");
        string clip = DetailClip(tmp);
        // The pose model's mask of the person covers the box's left half (x 40–56); the right half (56–72) is background.
        var mask = new PersonMask();
        mask.Set(Enumerable.Repeat(1f, PersonMask.Size * PersonMask.Size).ToArray(),
            new Affine2D(16.0 / PersonMask.Size, 0, Box.X, 0, Box.W / PersonMask.Size, Box.Y), Width, Height);
        float[] shape = new float[MaskShape.Floats];
        Assert.That(MaskShape.Measure(mask, Box, shape), Is.True);
        var inside = new Vector4(42, 22, 10, 44);
        var beside = new Vector4(62, 22, 10, 44);

        double[][] masked = Run(clip, BlurMode.Untracked, shape, inside, beside);
        double[][] boxed = Run(clip, BlurMode.Untracked, null, inside, beside);
        double[][] plain = Run(clip, BlurMode.None, null, inside, beside);

        Assert.That(masked, Has.Length.EqualTo(plain.Length).And.Length.EqualTo(Frames - DelayFrames));
        for (int f = 0; f < plain.Length; f++)
        {
            Assert.That(masked[f][0] / plain[f][0], Is.LessThan(0.1), $"picture {f}: inside the mask, blurred");
            Assert.That(masked[f][1] / plain[f][1], Is.EqualTo(1).Within(0.01), $"picture {f}: in the box beside the mask, as recorded");
            Assert.That(boxed[f][1] / plain[f][1], Is.LessThan(0.1), $"picture {f}: without a mask the whole box is blurred");
        }
    }

    // A 2-pixel checkerboard: a Laplacian variance in the thousands, the detail of a face at this size.
    private static string DetailClip(TempFolder tmp)
    {
        string clip = tmp.File("detail.mp4");
        ProcessRunner.Ffmpeg("-f", "lavfi", "-i", $"nullsrc=s={Width}x{Height}:r=60,format=gray,geq=lum='if(mod(floor(X/2)+floor(Y/2),2),200,40)'",
            "-frames:v", $"{Frames}", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-qp", "0", "-preset", "ultrafast", clip);
        return clip;
    }

    // The Laplacian variance of the programme's luma inside the box, per picture out.
    private static double[] Run(string clip, BlurMode mode) => [.. Run(clip, mode, null, Box).Select(r => r[0])];

    // The Laplacian variance of the programme's luma inside each of <paramref name="measured"/>, per picture out; the
    // person in the camera on air has <paramref name="shape"/> (null: no mask).
    private static double[][] Run(string clip, BlurMode mode, float[]? shape, params Vector4[] measured)
    {
        Camera camera = CalibrationToml.Read(SharedAssets.CalibrationToml).Cameras[0];
        var slots = new List<ProgramPicture>();
        var pictures = new FrameQueue<ProgramPicture>(() =>
        {
            var slot = new ProgramPicture();
            slots.Add(slot);
            return slot;
        }, maxBacklog: 1);
        var skeletons = new TripleBuffer<SkeletonSet>(() => new SkeletonSet(Pose2SimMarkers.Definition, 8, 16));
        var stats = new ChannelStats();
        StageTiming composite = stats.AddStage("composite");
        var sharpness = new ConcurrentDictionary<long, double[]>();
        var sinks = new List<ProgramSink>();
        using var folder = new TempFolder("b3d-programme-privacy-audit");
        var privacy = new LivePrivacy(ConsentRegistry.Empty(), mode, folder.File("audit.jsonl"));
        try
        {
            using var programme = new LiveProgramme(camera, pictures, skeletons, new ProgrammeDelay(auto: false, DelayFrames, DelayFrames, FrameRate.Fps60),
                new OverlayConfig(true, true, true, true), Width, Height, maxPeople: 8, [(PixelLayout.Yuv420P, false)], sinks, 3, Serilog.Core.Logger.None)
            {
                Privacy = privacy,
            };
            sinks.Add(new ProgramSink("test", 3, picture => sharpness[picture.FrameIndex] = [.. measured.Select(r => LaplacianVariance(picture, r))], () => { },
                stats.AddStage("sink"), waitForRoom: true));
            using (Decoder decoder = Decoder.Open(clip, new DecoderOptions { Output = FrameOutput.Native, Threads = 1, Hardware = HardwareDecode.Software }))
            {
                long tick = 0;
                while (decoder.TryRead(out VideoFrame? frame))
                {
                    // Tracking's result for this picture: camera 0 (on air) saw one person, camera 1 another, and
                    // nobody was triangulated.
                    SkeletonSet result = skeletons.WriteSlot;
                    result.Time = frame.Time;
                    result.Count = 0;
                    result.ClearBoxes();
                    result.AddBox(0, Box, shape);
                    result.AddBox(1, new Vector4(0, 0, 16, 16));
                    skeletons.Publish();
                    pictures.WriteSlot.Hold(frame, frame.Time, Stopwatch.GetTimestamp());
                    frame.Dispose();
                    pictures.Publish();
                    programme.Tick(tick++, stats, composite, graphics: null);
                }
            }
            programme.Flush(stats);
            foreach (ProgramSink sink in sinks)
                sink.Complete();
        }
        finally
        {
            foreach (ProgramSink sink in sinks)
                sink.Dispose();
            foreach (ProgramPicture slot in slots)
                slot.Release();
        }
        return [.. sharpness.OrderBy(p => p.Key).Select(p => p.Value)];
    }

    // Inside the rectangle, one pixel in from its edges (the Laplacian's reach).
    private static double LaplacianVariance(Picture picture, Vector4 rect) =>
        Sharpness.LaplacianVariance(picture.Plane(0), picture.Stride(0), 1, 0, (int)rect.X + 1, (int)rect.Y + 1,
            (int)(rect.X + rect.Z) - 2, (int)(rect.Y + rect.W) - 2);
}
