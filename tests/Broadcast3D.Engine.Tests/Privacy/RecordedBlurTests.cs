using System.Collections.Concurrent;
using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Live;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests.Privacy;

/// <summary>
/// Recordings are blurred on the way out (issue #21): a recording made as <c>b3d run</c> makes it (a real H.264 clip of
/// 2-pixel detail through the recorder and index, the Balancing trial's athlete in 3D beside it, linked to an identity
/// that consented to broadcast, and a bystander's 2D box; tracking every fourth picture, as a slow tracker does) with
/// its blur regions chosen by <see cref="BlurRecorder"/>. The replay channel (real GPU, llvmpipe) and an exported clip
/// blur the bystander and leave the athlete sharp; <c>record.keepUnblurred</c> lets an export ask for the originals,
/// and without it that is refused.
/// </summary>
public class RecordedBlurTests
{
    internal const string Camera = AthleteRecording.Camera;
    private const int Width = StampedRecording.Width, Height = StampedRecording.Height, Frames = AthleteRecording.Frames, TrackEvery = 4;

    // Left of the athlete (who stands in the middle of the picture), clear of their padded region.
    internal static readonly Vector4 Bystander = new(12, 40, 48, 120);

    // Bounds stated in docs/privacy.md: the bystander keeps under a tenth of the detail (Laplacian variance inside the
    // box); the athlete's pixels are drawn as recorded (the export's re-encode moves the measure by a few percent).
    internal const double BystanderBound = 0.1, AthleteLow = 0.9, AthleteHigh = 1.1;

    [Test]
    public void Export_RecordedBystander_BlurredAthleteSharp()
    {
        using var tmp = new TempFolder("b3d-recorded-blur");
        string clip = DetailClip(tmp);
        string blurred = Record(tmp, "blurred", clip, BlurMode.Untracked, keepUnblurred: false);
        string kept = Record(tmp, "kept", clip, BlurMode.Untracked, keepUnblurred: true);

        double[][] export = Sharpness(Export(blurred, tmp.File("blurred.mp4"), unblurred: false, out ReplayExportResult result));
        double[][] original = Sharpness(Export(kept, tmp.File("original.mp4"), unblurred: true, out ReplayExportResult originalResult));

        Assert.That(result.BlurredFrames, Is.EqualTo(result.FramesOut), "every frame had the bystander's recorded region");
        Assert.That(result.Privacy, Is.EqualTo(new RecordedPrivacy(BlurMode.Untracked, false)));
        Assert.That(originalResult.BlurredFrames, Is.Zero);
        AssertBlurred(export, original, "exported clip");
    }

    [Test]
    public void Export_KeepUnblurred_BlurredByDefaultOriginalsOnAskingRefusedWithoutIt()
    {
        using var tmp = new TempFolder("b3d-recorded-blur-keep");
        string clip = DetailClip(tmp);
        string blurred = Record(tmp, "blurred", clip, BlurMode.Untracked, keepUnblurred: false);
        string kept = Record(tmp, "kept", clip, BlurMode.Untracked, keepUnblurred: true);

        // Kept unblurred: an export is still blurred unless it asks for the originals.
        double[][] keptDefault = Sharpness(Export(kept, tmp.File("kept.mp4"), unblurred: false, out _));
        double[][] original = Sharpness(Export(kept, tmp.File("original.mp4"), unblurred: true, out _));
        AssertBlurred(keptDefault, original, "export of a keepUnblurred run without --unblurred");

        // Not kept: the originals are refused, naming the setting and the field, and nothing is written.
        var refused = Assert.Throws<ReplayException>(() => Export(blurred, tmp.File("refused.mp4"), unblurred: true, out _));
        Assert.That(refused!.Message, Does.Contain("was recorded without record.keepUnblurred").And.Contain("export without --unblurred"));
        Assert.That(refused.Field, Is.EqualTo("unblurred"));
        Assert.That(File.Exists(tmp.File("refused.mp4")), Is.False);
    }

    [Test]
    public void ReplayChannel_RecordedBystander_BlurredAthleteSharp()
    {
        using var tmp = new TempFolder("b3d-recorded-blur-channel");
        string clip = DetailClip(tmp);
        string blurred = Record(tmp, "blurred", clip, BlurMode.Untracked, keepUnblurred: true);
        string plain = Record(tmp, "plain", clip, BlurMode.None, keepUnblurred: false);

        double[][] channel = PlayOnTheReplayChannel(blurred, out long picturesBlurred);
        double[][] reference = PlayOnTheReplayChannel(plain, out long noneBlurred);

        Assert.That(channel, Has.Length.GreaterThan(30), "the clip went out");
        Assert.That(picturesBlurred, Is.EqualTo(channel.Length), "every clip frame had the bystander's recorded region");
        Assert.That(noneBlurred, Is.Zero, "recorded with privacy.blur none: no region");
        AssertBlurred(channel, reference, "replay channel");
    }

    [Test]
    public void At_BetweenTwoTrackedSets_UnionOfBothWithinReachNoneBeyond()
    {
        using var tmp = new TempFolder("b3d-recorded-blur-union");
        using (var index = new RecordingIndex(tmp.Path, StampedRecording.Rate, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40)))
        {
            StampedRecording.Record(index, Camera, 10);
            index.PrivacyUsed(BlurMode.Untracked, keepUnblurred: false);
            index.BlurRegionsTracked(Camera, new Rational(0, 1), [new Vector4(1, 2, 3, 4)]);
            index.BlurRegionsTracked(Camera, new Rational(1, 5), [new Vector4(5, 6, 7, 8), new Vector4(9, 10, 11, 12)]);
            index.BlurRegionsTracked(Camera, new Rational(3, 1), []);
        }
        using RecordingCatalog catalog = RecordingCatalog.Open(tmp.Path);
        RecordedRun run = catalog.Run(null);
        var regions = new RecordedBlurRegions(catalog, run, Camera, Rational.Zero, new Rational(4, 1));

        Assert.That(regions.Sets, Is.EqualTo(3));
        Assert.That(regions.At(Rational.Zero).ToArray(), Is.EqualTo(new[] { new Vector4(1, 2, 3, 4) }), "a tracked set's own picture: its regions only");
        Assert.That(regions.At(new Rational(1, 10)).ToArray(), Is.EqualTo(new[] { new Vector4(1, 2, 3, 4), new Vector4(5, 6, 7, 8), new Vector4(9, 10, 11, 12) }),
            "between two sets: where the people were in either");
        Assert.That(regions.At(new Rational(11, 10)).ToArray(), Is.EqualTo(new[] { new Vector4(5, 6, 7, 8), new Vector4(9, 10, 11, 12) }),
            "the next set (3 s) is beyond reach; the last one (0.2 s) is within it");
        Assert.That(regions.At(new Rational(5, 2)).ToArray(), Is.Empty, "the set with people is 2.3 s before, the one within reach found nobody");
        Assert.That(catalog.Privacy(run), Is.EqualTo(new RecordedPrivacy(BlurMode.Untracked, false)));
    }

    // Every frame: the bystander's detail below the bound, the athlete's as in the reference.
    internal static void AssertBlurred(double[][] measured, double[][] reference, string output)
    {
        Assert.That(measured, Has.Length.EqualTo(reference.Length), $"{output}: as many frames as the reference");
        double worstBystander = 0, athleteLow = double.MaxValue, athleteHigh = 0;
        for (int f = 0; f < measured.Length; f++)
        {
            Assert.That(reference[f][0], Is.GreaterThan(500), $"{output} frame {f}: the bystander is detailed in the reference");
            worstBystander = Math.Max(worstBystander, measured[f][0] / reference[f][0]);
            double athlete = measured[f][1] / reference[f][1];
            (athleteLow, athleteHigh) = (Math.Min(athleteLow, athlete), Math.Max(athleteHigh, athlete));
        }
        TestContext.Out.WriteLine($"{output}: bystander worst {worstBystander:0.000}, athlete {athleteLow:0.000}–{athleteHigh:0.000} of the reference over {measured.Length} frames");
        Assert.That(worstBystander, Is.LessThan(BystanderBound), $"{output}: the bystander's detail in the worst frame");
        Assert.That(athleteLow, Is.GreaterThan(AthleteLow), $"{output}: the athlete stays sharp");
        Assert.That(athleteHigh, Is.LessThan(AthleteHigh), $"{output}: the athlete stays as recorded");
    }

    // A 2-pixel checkerboard over the whole picture, lossless: a Laplacian variance in the thousands everywhere.
    internal static string DetailClip(TempFolder tmp)
    {
        string clip = tmp.File("detail.ts");
        ProcessRunner.Ffmpeg("-f", "lavfi", "-i", $"nullsrc=s={Width}x{Height}:r=25,format=gray,geq=lum='if(mod(floor(X/2)+floor(Y/2),2),200,40)'",
            "-frames:v", $"{Frames}", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-qp", "0", "-preset", "ultrafast", "-g", "12", "-f", "mpegts", clip);
        return clip;
    }

    /// <summary>
    /// Records <paramref name="clip"/> as <c>cam01</c> into a folder of its own with what <c>b3d run</c> writes beside it:
    /// the lens, the athlete's 3D (track 3, linked to an identity that consented to broadcast) and, every
    /// <see cref="TrackEvery"/>th picture, the blur regions <see cref="BlurRecorder"/> chooses from the athlete's
    /// and the bystander's boxes. <paramref name="whileOpen"/> runs before the index closes (the run still being recorded).
    /// </summary>
    internal static string Record(TempFolder tmp, string name, string clip, BlurMode mode, bool keepUnblurred, Action<RecordingIndex>? whileOpen = null)
    {
        string folder = tmp.File(name);
        Camera lens = AthleteRecording.Lens();
        ConsentRegistry registry = ConsentRegistry.Parse("""{"identities": [{"id": "ath", "name": "Athlete", "consents": ["broadcast"]}]}""", "registry.json", keyPath: null);
        registry.Link(AthleteRecording.PersonId, "ath");
        using var index = new RecordingIndex(folder, StampedRecording.Rate, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40));
        StampedRecording.RecordClip(index, Camera, clip);
        index.CalibrationUsed(Camera, lens);
        index.PrivacyUsed(mode, keepUnblurred);
        var recorder = new BlurRecorder(index, mode, registry, [(Camera, lens)], maxPeople: 8, maxBoxes: 8);
        var set = new SkeletonSet(Pose2SimMarkers.Definition, 8, 8);
        for (int f = 0; f < Frames; f++)
        {
            float[] joints = AthleteRecording.Joints(f);
            Rational time = StampedRecording.Rate.TimeOfFrame(f);
            index.SkeletonsTracked(time, [AthleteRecording.PersonId], joints, joints.Length);
            if (f % TrackEvery != 0 || mode == BlurMode.None)
                continue;
            set.Time = time;
            set.Count = 1;
            set.PersonIds[0] = AthleteRecording.PersonId;
            joints.CopyTo(set.PersonJoints(0));
            set.ClearBoxes();
            set.AddBox(0, AthleteBox(lens, f));
            set.AddBox(0, Bystander);
            recorder.Tracked(set);
        }
        Assert.That(recorder.RegionsRecorded, Is.EqualTo(mode == BlurMode.None ? 0 : (Frames + TrackEvery - 1) / TrackEvery),
            "one region per tracked set: the bystander's (the athlete consented)");
        whileOpen?.Invoke(index);
        return folder;
    }

    // The athlete's reprojected markers' rectangle in frame f: what a detector's box around them holds.
    internal static Vector4 AthleteBox(Camera lens, int frame)
    {
        float[] joints = AthleteRecording.Joints(frame);
        double x0 = double.MaxValue, y0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue;
        for (int j = 0; j + 2 < joints.Length; j += 3)
        {
            (double u, double v) = lens.Project(new Vector3d(joints[j], joints[j + 1], joints[j + 2]));
            (x0, y0, x1, y1) = (Math.Min(x0, u), Math.Min(y0, v), Math.Max(x1, u), Math.Max(y1, v));
        }
        var box = new Vector4((float)x0, (float)y0, (float)(x1 - x0), (float)(y1 - y0));
        float pad = BlurRegions.PaddingFraction * Bystander.Z;
        Assert.That(Bystander.X + Bystander.Z + pad, Is.LessThan(box.X), $"frame {frame}: the bystander's padded region is clear of the athlete ({box})");
        return box;
    }

    internal static string Export(string folder, string outFile, bool unblurred, out ReplayExportResult result)
    {
        using RecordingCatalog catalog = RecordingCatalog.Open(folder);
        result = ReplayExporter.Export(catalog, new ReplayExportRequest(Camera, ReplayTime.Parse("0.2s", "--in"), ReplayTime.Parse("1.8s", "--out"), 1, outFile)
        {
            Unblurred = unblurred,
        });
        return outFile;
    }

    // Per frame of the file: the Laplacian variance inside the bystander's box and inside the athlete's (frame 0's).
    internal static double[][] Sharpness(string file)
    {
        Vector4 athlete = AthleteBox(AthleteRecording.Lens(), 0);
        var frames = new List<double[]>();
        using Decoder decoder = Decoder.Open(file, new DecoderOptions { Output = FrameOutput.Native, Threads = 1, Hardware = HardwareDecode.Software });
        while (decoder.TryRead(out VideoFrame? frame))
        {
            using (frame)
                frames.Add([LaplacianVariance(frame.Plane(0), frame.Stride(0), Bystander), LaplacianVariance(frame.Plane(0), frame.Stride(0), athlete)]);
        }
        return [.. frames];
    }

    /// <summary>Plays 0.2–1.8 s of <paramref name="folder"/>'s recording at speed 1 on a replay channel (virtual clock); the sharpness of each clip frame out.</summary>
    private static double[][] PlayOnTheReplayChannel(string folder, out long picturesBlurred)
    {
        Vector4 athlete = AthleteBox(AthleteRecording.Lens(), 0);
        using RecordingCatalog catalog = RecordingCatalog.Open(folder);
        RecordedRun run = catalog.Run(null);
        using PluginCatalog plugins = PluginCatalog.Load(PluginsConfig.Default, Serilog.Core.Logger.None);
        var sharpness = new ConcurrentDictionary<long, double[]>();
        var sinks = new List<ProgramSink>();
        ReplayProgramme programme = null!;
        ChannelStats stats = null!;
        Core.Diagnostics.StageTiming composite = null!;
        var channel = new FrameChannel("replay", new VirtualFrameClock(StampedRecording.Rate), tick => programme.Tick(tick.FrameIndex, stats, composite));
        stats = channel.Stats;
        composite = stats.AddStage("replay composite");
        try
        {
            sinks.Add(new ProgramSink("test", 3, picture => sharpness[picture.FrameIndex] =
                    [LaplacianVariance(picture.Plane(0), picture.Stride(0), Bystander), LaplacianVariance(picture.Plane(0), picture.Stride(0), athlete)],
                () => { }, stats.AddStage("sink"), waitForRoom: true));
            using (programme = new ReplayProgramme([(Camera, AthleteRecording.Lens())], catalog, run, plugins, new OverlayConfig(false, false, false, false),
                StampedRecording.Rate, Width, Height, maxPeople: 8, [PixelLayout.Yuv420P], sinks, 3, Serilog.Core.Logger.None))
            using (var controller = new ReplayController(channel, catalog, output: FrameOutput.Native, log: Serilog.Core.Logger.None))
            {
                programme.Controller = controller;
                controller.MarkIn(ReplayTime.Parse("0.2s", "in"));
                controller.MarkOut(ReplayTime.Parse("1.8s", "out"));
                controller.Cue(Camera);
                controller.Play(1);
                channel.Run(40, CancellationToken.None);
                programme.Flush(stats);
                picturesBlurred = programme.PicturesBlurred;
            }
            foreach (ProgramSink sink in sinks)
                sink.Complete();
        }
        finally
        {
            foreach (ProgramSink sink in sinks)
                sink.Dispose();
        }
        return [.. sharpness.OrderBy(p => p.Key).Select(p => p.Value)];
    }

    // Inside the box, two pixels in from its edges (the Laplacian's reach, and the blur's soft edge).
    internal static double LaplacianVariance(ReadOnlySpan<byte> luma, int stride, Vector4 box) =>
        TestSupport.Sharpness.LaplacianVariance(luma, stride, 1, 0, (int)box.X + 2, (int)box.Y + 2, (int)(box.X + box.Z) - 3, (int)(box.Y + box.W) - 3);
}
