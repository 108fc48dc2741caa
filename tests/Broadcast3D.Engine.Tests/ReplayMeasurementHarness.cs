using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Core.Assets;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Media;
using Broadcast3D.Media.Recording;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The replay figures of docs/replay.md, measured in one run on a 1080p60 camera: a 1080p60 H.264 stream with 2 s
/// GOPs is made from the Pose2Sim demo's cam01 (scaled to 1920×1080, looped to 13 s; written to a temporary folder,
/// never committed), recorded in copy mode exactly as <c>b3d run</c> records (the decoder's packet tap → the
/// segment recorder thread → the index) with the reference 3D and the scaled calibration beside it, then exported
/// 10 s at 0.5 speed without graphics (the baseline) and with them. Prints the recorder thread's CPU and
/// allocation per packet (its share of one core at 60 fps, against the decoder's in the same run) and each export's
/// wall time as a ratio of the clip's duration. Several minutes on the 2-core VM: explicit only.
/// </summary>
[Category("Measure")]
public sealed class ReplayMeasurementHarness
{
    private const int Width = 1920, Height = 1080, SourceFrames = 800; // 13.3 s at 60 fps: a 10 s clip from 1 s with room after it
    private static readonly FrameRate Rate = FrameRate.Fps60;

    [Test]
    [Explicit("measurement for docs/replay.md: several minutes")]
    public void Measure_Record1080p60CopyAndExport10sAtHalfSpeedWithGraphics_PrintsTheFigures()
    {
        using var temp = new TempFolder();
        string source = temp.File("cam01-1080p60.ts");
        MakeSource(source);
        string folder = Path.Combine(temp.Path, "recording");
        var costs = new ThreadCostBook(warmUpFrames: 60);
        (ThreadCost recorder, ThreadCost decoder, long dropped) = Record(source, folder, costs);
        Report($"copy-mode recording, 1080p60 H.264 (2 s GOP), {recorder.Frames} packets after 60 of warm-up, {dropped} dropped:");
        Report(string.Create(CultureInfo.InvariantCulture,
            $"  record thread: {recorder.CpuMillisecondsPerFrame:0.000} ms CPU/packet = {recorder.CpuMillisecondsPerFrame * 60 / 10:0.00} % of one core at 60 fps, {recorder.AllocatedBytesPerFrame:0} B allocated/packet"));
        Report(string.Create(CultureInfo.InvariantCulture,
            $"  decode (same stream, same run): {decoder.CpuMillisecondsPerFrame:0.000} ms CPU/frame = {decoder.CpuMillisecondsPerFrame * 60 / 10:0.00} % of one core; recorder/decoder {recorder.CpuMillisecondsPerFrame / decoder.CpuMillisecondsPerFrame:0.000}"));

        using RecordingCatalog catalog = RecordingCatalog.Open(folder);
        var request = new ReplayExportRequest("cam01", ReplayTime.Parse("1s", "--in"), ReplayTime.Parse("11s", "--out"), 0.5, temp.File("plain.mp4"));
        double clipSeconds = 10 / 0.5;
        foreach (ReplayExportRequest r in new[] { request, request with { OutFile = temp.File("graphics.mp4"), Graphics = true } })
        {
            long start = Stopwatch.GetTimestamp();
            ReplayExportResult result = ReplayExporter.Export(catalog, r);
            double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Assert.That(result.FramesOut, Is.EqualTo(1200), "10 s at half speed, 60 fps");
            Report(string.Create(CultureInfo.InvariantCulture,
                $"export 10 s at 0.5 {(r.Graphics ? "with graphics   " : "without graphics")}: {result.FramesOut} frames in {wall:0.0} s = {wall / clipSeconds:0.00} × the clip's 20 s ({wall / result.FramesOut * 1000:0.0} ms/frame)"));
        }
        Assert.That(recorder.Frames, Is.GreaterThan(600), "the recorder's steady state was measured");
    }

    /// <summary>
    /// <c>Play</c> → first moving replay frame on a 1080p60 H.264 stream with a 2 s GOP (issue #14: ≤ 2 frames): the
    /// stream recorded in copy mode as above, then a replay channel on the real-time 60 fps clock whose tick takes the
    /// controller's picture (the decode; the composite, readback and NDI at 1080p are not in this figure: llvmpipe
    /// cannot composite 1080p at 60 fps, and that part is measured live at 272×480 by ReplayLiveTests). The clip is
    /// marked in at the worst place for the cue (the last picture of a GOP: 119 pictures decoded ahead), and again at
    /// a GOP's key frame; prints the cue's wall time, and the frames and milliseconds from Play to the first tick
    /// that shows the next picture, with the ticks the channel dropped meanwhile.
    /// </summary>
    [Test]
    [Explicit("measurement for docs/replay.md: a minute or two")]
    public void Measure_PlayToFirstMovingFrame1080p60TwoSecondGop_PrintsTheFigures()
    {
        using var temp = new TempFolder();
        string source = temp.File("cam01-1080p60.ts");
        MakeSource(source, 420);
        string folder = Path.Combine(temp.Path, "recording");
        Record(source, folder, new ThreadCostBook(warmUpFrames: 60));
        using RecordingCatalog catalog = RecordingCatalog.Open(folder);
        foreach ((string label, string markIn, string markOut) in new[]
                 {
                     ("the last picture of a GOP (119 decoded ahead)", "00:00:03:59", "00:00:05:59"), ("a key frame", "00:00:04:00", "00:00:06:00"),
                 })
        {
            var shown = new long[600];
            var index = new long[600];
            var at = new long[600];
            long ticks = 0;
            ReplayController controller = null!;
            var channel = new Channels.FrameChannel("replay", new RealtimeFrameClock(Rate), tick =>
            {
                VideoFrame? picture = controller.NextPicture(tick.FrameIndex);
                long i = Interlocked.Increment(ref ticks) - 1;
                if (i < shown.Length)
                {
                    shown[i] = picture?.Pts ?? -1;
                    index[i] = tick.FrameIndex;
                    at[i] = Stopwatch.GetTimestamp();
                }
            });
            using var stop = new CancellationTokenSource();
            long frames = 0;
            var thread = new Thread(() => frames = channel.Run(shown.Length, stop.Token)) { Name = "replay channel" };
            using (controller = new ReplayController(channel, catalog, output: FrameOutput.Native))
            {
                thread.Start();
                controller.MarkIn(ReplayTime.Parse(markIn, "in")).Wait();
                controller.MarkOut(ReplayTime.Parse(markOut, "out")).Wait();
                long cueStart = Stopwatch.GetTimestamp();
                controller.Cue("cam01").Wait();
                double cueMs = Stopwatch.GetElapsedTime(cueStart).TotalMilliseconds;
                stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500)); // the cued picture held a while
                long tickBefore = Interlocked.Read(ref ticks);
                long playStart = Stopwatch.GetTimestamp();
                ReplayState played = controller.Play(1).Result;
                stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
                stop.Cancel();
                thread.Join();
                long heldPts = shown[tickBefore - 1];
                long first = Enumerable.Range((int)tickBefore, (int)Math.Min(shown.Length, ticks) - (int)tickBefore).First(i => shown[i] != heldPts);
                // The command is applied before frame played.Frame + 1, which still shows the mark-in picture (the
                // position moves after it is shown): the ideal first moving frame is the one after, 1 frame later.
                long appliedBefore = played.Frame + 1;
                double ms = (at[first] - playStart) * 1000.0 / Stopwatch.Frequency;
                Report(string.Create(CultureInfo.InvariantCulture,
                    $"Play → first moving frame, mark-in at {label}: cue {cueMs:0} ms; the next picture on frame {index[first]}, the command applied before frame {appliedBefore}: " +
                    $"{index[first] - appliedBefore} frame(s) later (ideal 1), {ms:0.0} ms ({ms * 60 / 1000:0.00} frame periods) after Play was posted; {channel.Stats.DroppedTicks} ticks dropped in the run"));
            }
        }
    }

    private static void Report(string line)
    {
        TestContext.Out.WriteLine(line);
        Serilog.Log.Information("{Line:l}", line);
    }

    private static void MakeSource(string file, int frames = SourceFrames)
    {
        string video = AssetLocator.RequireData("pose2sim-demo/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial/videos/cam01.mp4");
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
        [
            "-v", "error", "-y", "-stream_loop", "7", "-i", video, "-frames:v", frames.ToString(CultureInfo.InvariantCulture),
            "-vf", $"scale={Width}:{Height},setsar=1", "-r", "60", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
            "-g", "120", "-keyint_min", "120", "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-f", "mpegts", file,
        ])
        { UseShellExecute = false })!;
        ffmpeg.WaitForExit();
        Assert.That(ffmpeg.ExitCode, Is.Zero, $"ffmpeg wrote {file}");
    }

    /// <summary>Records <paramref name="source"/> as camera cam01 in copy mode, with the reference 3D and the scaled calibration.</summary>
    private static (ThreadCost Recorder, ThreadCost Decoder, long Dropped) Record(string source, string folder, ThreadCostBook costs)
    {
        using var index = new RecordingIndex(folder, Rate, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40));
        index.CalibrationUsed("cam01", Scaled(CalibrationToml.Read(AssetLocator.RequireData("pose2sim-demo/S00_Calibration/Calib_qualisys.toml")).Cameras[0]));
        ThreadAccounting decode = costs.Add("decode");
        long dropped;
        using (var recorder = new SegmentRecorder(new SegmentRecorderOptions { Camera = "cam01", Folder = folder, Costs = costs }, index))
        {
            using Decoder decoder = Decoder.Open(source, new DecoderOptions { Hardware = HardwareDecode.Software, Threads = 1, Tap = recorder.Tap });
            decode.Start();
            int n = 0;
            int floats = RecordedSkeletons.Definition.KeypointCount * 3;
            while (decoder.TryRead(out VideoFrame? frame))
            {
                using (frame)
                {
                    if (n == 0)
                        recorder.Tap.SetCaptureOffset(Rational.Zero - (new Rational(frame.Pts, 1) * frame.TimeBase));
                    decode.FrameDone();
                    // The 3D as the tracking thread records it: one frame set per picture (the reference trial, looped).
                    index.SkeletonsTracked(Rate.TimeOfFrame(n), [AthleteRecording.PersonId], AthleteRecording.Joints(n % 100), floats);
                    n++;
                }
            }
            dropped = recorder.Dropped;
        }
        IReadOnlyList<ThreadCost> all = costs.Costs;
        return (all.Single(c => c.Role == "record cam01"), all.Single(c => c.Role == "decode"), dropped);
    }

    /// <summary>The 1088×1920 calibration of the source scaled to 1920×1080 (the stream is scaled, not cropped).</summary>
    private static Camera Scaled(Camera camera)
    {
        double sx = (double)Width / camera.ImageWidth, sy = (double)Height / camera.ImageHeight;
        Matrix3d k = camera.Intrinsics;
        return new Camera(camera.Name, Width, Height, new Matrix3d(k.M00 * sx, k.M01 * sx, k.M02 * sx, 0, k.M11 * sy, k.M12 * sy, 0, 0, 1),
            camera.Distortion, camera.RotationVector, camera.TranslationMetres);
    }
}
