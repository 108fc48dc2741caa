using System.Diagnostics;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Ingest;
using Broadcast3D.Engine.Live;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Media;
using Broadcast3D.Media.Ingest;
using Broadcast3D.Ndi;
using CameraCalibration = Broadcast3D.Core.Cameras.Calibration;

namespace Broadcast3D.Engine.Pipeline;

/// <summary>
/// Pass 2 of an offline run, once the whole trial is triangulated and filtered: the pictures through the same graph
/// as <c>b3d run</c>. Offline readers (native planes) → <see cref="CameraSync"/> (not live) → a
/// <see cref="FrameChannel"/> on the <see cref="VirtualFrameClock"/>, whose tick pulls the next frame set itself (no
/// real-time hand-off: every frame, in order, deterministic) → the recorded filtered skeleton of that set through the
/// live path (<see cref="SkeletonSet"/> → <see cref="SkeletonInterpolator"/>, sampled at the set's time) → per camera
/// the picture with the skeleton reprojected through its calibration, and the orbit replay → one
/// <see cref="ProgramSink"/> per output that waits for a free picture instead of dropping, so the counters read
/// frames / 0 / 0. Outputs: <c>video/camNN_overlay.mp4</c> per camera, <c>video/orbit_replay.mp4</c>, H.264 at the
/// trial's rate with frame n stamped n / rate, and camera 1's picture on NDI when a source name is given. Pictures are
/// drawn on the GPU (<see cref="GpuTrialPainter"/>; Mesa llvmpipe on machines without a GPU), created and used on
/// the calling thread, which the channel ticks on. Not thread-safe; one run per call.
/// </summary>
internal static class OfflineChannel
{
    /// <summary>Where the orbit starts (radians): a quarter turn, so the first picture is not camera-aligned.</summary>
    public const double OrbitStartRadians = Math.PI / 2;

    // One picture being written, two waiting: the encoders run beside the GPU instead of after it.
    private const int SinkCapacity = 3;

    /// <summary>
    /// Draws and writes every output; returns the channel's counters, the files written (relative to
    /// <paramref name="outputDirectory"/>), the device that drew them and the per-output timings. Throws
    /// <see cref="Gpu.GpuUnavailableException"/> when no GPU device can be created, <see cref="MediaException"/>
    /// naming the video or output that failed, <see cref="OperationCanceledException"/> when cancelled (every
    /// output is finalised first).
    /// </summary>
    /// <param name="videos">Videos in calibration camera order.</param>
    /// <param name="sizes">Picture size of each video (its stream's).</param>
    /// <param name="calibration">The cameras the overlays are reprojected through.</param>
    /// <param name="world">The filtered skeleton, metres, Z up, frame-major then marker-major x, y, z (NaN where missing).</param>
    /// <param name="personId">3D id of the skeleton.</param>
    /// <param name="frames">Frame sets of the trial (pass 1's count).</param>
    /// <param name="rate">The trial's frame rate.</param>
    /// <param name="orbit">The replay's virtual camera.</param>
    /// <param name="outputDirectory">Output folder (<c>video/</c> is created in it).</param>
    /// <param name="ndiSourceName">NDI source for camera 1's picture, or null.</param>
    /// <param name="stages">Decode (waiting for the frame set) and render latencies are recorded here.</param>
    /// <param name="progress">Receives "pictures" progress per frame set.</param>
    /// <param name="cancellation">Stops between frame sets.</param>
    public static Result Run(IReadOnlyList<string> videos, IReadOnlyList<(int Width, int Height)> sizes, CameraCalibration calibration,
        double[] world, int personId, int frames, FrameRate rate, OrbitCamera orbit, string outputDirectory, string? ndiSourceName,
        PipelineStages stages, IProgress<OfflineProgress>? progress, CancellationToken cancellation)
    {
        string folder = Directory.CreateDirectory(Path.Combine(outputDirectory, "video")).FullName;
        int cameras = videos.Count, markers = Pose2SimMarkers.Definition.KeypointCount;
        using GpuTrialPainter painter = GpuTrialPainter.Create();
        var overlays = new ProgramSink[cameras];
        var outputStages = new List<StageTiming>();
        var files = new List<string>();
        var sinks = new List<ProgramSink>();
        List<CameraReader> readers = [];
        CameraSync? sync = null;
        FrameChannel channel = null!;
        try
        {
            for (int c = 0; c < cameras; c++)
            {
                string name = $"video/{Path.GetFileNameWithoutExtension(videos[c])}_overlay.mp4";
                overlays[c] = FileSink(Path.Combine(outputDirectory, name), name, sizes[c].Width, sizes[c].Height, rate, outputStages);
                sinks.Add(overlays[c]);
                files.Add(name);
            }
            ProgramSink orbitSink = FileSink(Path.Combine(folder, "orbit_replay.mp4"), "video/orbit_replay.mp4", orbit.Width, orbit.Height, rate, outputStages);
            sinks.Add(orbitSink);
            files.Add("video/orbit_replay.mp4");
            ProgramSink? ndi = null;
            if (ndiSourceName is not null)
            {
                ndi = NdiSink(ndiSourceName, sizes[0].Width, sizes[0].Height, rate, outputStages);
                sinks.Add(ndi);
            }

            var pictures = new byte[cameras][];
            for (int c = 0; c < cameras; c++)
                pictures[c] = new byte[sizes[c].Width * sizes[c].Height * 4];
            var orbitPicture = new byte[orbit.Width * orbit.Height * 4];
            var recorded = new SkeletonSet(Pose2SimMarkers.Definition, 1);
            var sample = new SkeletonSet(Pose2SimMarkers.Definition, 1);
            var interpolator = new SkeletonInterpolator(sample);

            // Native planes: the plate converts YUV on the GPU, so the CPU never converts to RGBA here.
            readers = OfflineIngest.OpenReaders(videos, FrameOutput.Native);
            sync = OfflineIngest.Sync(readers, rate);
            CameraSync s = sync;
            channel = new FrameChannel("offline", new VirtualFrameClock(rate), tick =>
            {
                long start = Stopwatch.GetTimestamp();
                if (!s.TryNext(out FrameSet? set, cancellation) || !set.IsComplete)
                {
                    OfflineIngest.ThrowIfFailed(readers);
                    throw new MediaException($"frame set {tick.FrameIndex} of {frames} is incomplete while drawing the pictures " +
                                             $"({set?.DescribeMissing() ?? "every video ended"}); the tracking pass read {frames}");
                }
                Debug.Assert(set.Index == tick.FrameIndex, "offline sync yields every set in order, one per tick");
                stages.Decode.Record(start);
                for (int c = 0; c < cameras; c++)
                {
                    if (set[c].Status != FrameSlotStatus.Fresh)
                    {
                        channel.Stats.CountRepeat();
                        break;
                    }
                }

                // The recorded filtered skeleton of this set, through the same hand-off as live tracking results.
                recorded.Time = set.Time;
                recorded.Count = 1;
                recorded.PersonIds[0] = personId;
                ReadOnlySpan<double> points = world.AsSpan((int)tick.FrameIndex * markers * 3, markers * 3);
                Span<float> joints = recorded.PersonJoints(0);
                for (int i = 0; i < joints.Length; i++)
                    joints[i] = (float)points[i];
                interpolator.Push(recorded);
                interpolator.Sample(set.Time, sample);
                ReadOnlySpan<float> skeleton = sample.PersonJoints(0);

                start = Stopwatch.GetTimestamp();
                for (int c = 0; c < cameras; c++)
                    painter.PaintOverlay(set[c].Frame!, calibration.Cameras[c], skeleton, pictures[c]);
                painter.PaintOrbit(orbit.At(OrbitCamera.AngleAt(tick.FrameIndex, frames, OrbitStartRadians)), skeleton, orbitPicture);
                stages.Render.Record(start);

                long handedOver = Stopwatch.GetTimestamp();
                for (int c = 0; c < cameras; c++)
                    Push(overlays[c], pictures[c], tick.FrameIndex, handedOver, channel.Stats);
                Push(orbitSink, orbitPicture, tick.FrameIndex, handedOver, channel.Stats);
                if (ndi is not null)
                    Push(ndi, pictures[0], tick.FrameIndex, handedOver, channel.Stats);
                progress?.Report(new OfflineProgress("pictures", (int)tick.FrameIndex + 1, frames));
            });
            long framesOut = channel.Run(frames, cancellation);
            cancellation.ThrowIfCancellationRequested();
            CompleteAll(sinks);
            foreach (ProgramSink sink in sinks)
            {
                if (sink.Failure is { } failure)
                    throw new MediaException($"{sink.Name}: {failure.Message}", failure);
            }
            var counters = new ChannelSummary(framesOut, channel.Stats.RepeatedFrames, channel.Stats.DroppedFrames,
                [.. sinks.Select(k => new SinkSummary(k.Name, k.Sent, k.Dropped))]);
            return new Result(counters, files, $"GPU compositor on {painter.Description}", outputStages);
        }
        finally
        {
            // Every output is finalised (playable up to its last picture) whatever stopped the run.
            CompleteAll(sinks);
            sync?.Dispose();
            OfflineIngest.Dispose(readers);
        }
    }

    private static void Push(ProgramSink sink, byte[] picture, long frameIndex, long handedOver, ChannelStats stats)
    {
        if (!sink.TryPush(picture, frameIndex, handedOver))
            stats.CountDrop();
    }

    private static void CompleteAll(List<ProgramSink> sinks)
    {
        foreach (ProgramSink sink in sinks)
            sink.Complete();
    }

    private static ProgramSink FileSink(string path, string name, int width, int height, FrameRate rate, List<StageTiming> timings)
    {
        var encoder = Encoder.Create(path, new EncoderOptions { Width = width, Height = height, FrameRate = rate });
        var written = new StageTiming($"channel → {name} written");
        timings.Add(written);
        return new ProgramSink(name, width * height * 4, SinkCapacity, (rgba, index) => encoder.WriteFrame(rgba, width * 4, index),
            () =>
            {
                encoder.Finish();
                encoder.Dispose();
            }, written, waitForFree: true);
    }

    private static ProgramSink NdiSink(string sourceName, int width, int height, FrameRate rate, List<StageTiming> timings)
    {
        // Paced by the sender's own clock: a receiver sees the trial at its rate, not as fast as it is drawn.
        var sender = new NdiSender(NdiRuntime.Load(), new NdiSenderOptions(sourceName, rate));
        var layout = new NdiVideoLayout(width, height, NdiPixelFormat.Bgra);
        var bgra = new byte[width * height * 4];
        var sent = new StageTiming($"channel → ndi:{sourceName} sent");
        timings.Add(sent);
        return new ProgramSink($"ndi:{sourceName}", width * height * 4, SinkCapacity, (rgba, index) =>
        {
            SwapRedBlue(rgba, bgra);
            sender.Send(bgra, layout, index);
        }, sender.Dispose, sent, waitForFree: true);
    }

    private static void SwapRedBlue(ReadOnlySpan<byte> rgba, Span<byte> bgra)
    {
        for (int i = 0; i < rgba.Length; i += 4)
        {
            bgra[i] = rgba[i + 2];
            bgra[i + 1] = rgba[i + 1];
            bgra[i + 2] = rgba[i];
            bgra[i + 3] = rgba[i + 3];
        }
    }

    /// <summary>What the picture pass produced.</summary>
    /// <param name="Counters">The channel's counters.</param>
    /// <param name="Files">Files written, relative to the output folder.</param>
    /// <param name="Renderer">The device that drew the pictures.</param>
    /// <param name="OutputStages">Per output: time from the channel's hand-over to the picture written or sent.</param>
    public sealed record Result(ChannelSummary Counters, IReadOnlyList<string> Files, string Renderer, IReadOnlyList<StageTiming> OutputStages);
}
