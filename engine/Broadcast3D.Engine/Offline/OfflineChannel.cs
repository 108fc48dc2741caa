using System.Diagnostics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Engine.Live;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Engine.Sync;
using Broadcast3D.Gpu;
using Broadcast3D.Media.Ingest;
using Broadcast3D.Media;
using Broadcast3D.Ndi;
using Broadcast3D.Renderer;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Engine.Offline;

/// <summary>
/// Pass 2 of an offline run, once the whole trial is triangulated and filtered: the pictures through the same graph
/// as <c>b3d run</c>. Offline readers (native planes) → <see cref="CameraSync"/> (not live) → a
/// <see cref="FrameChannel"/> on the <see cref="VirtualFrameClock"/>, whose tick pulls the next frame set itself (no
/// real-time hand-off: every frame, in order, deterministic) → the recorded filtered skeleton of that set through the
/// live path (<see cref="SkeletonSet"/> → <see cref="SkeletonInterpolator"/>, sampled at the set's time →
/// <see cref="OverlayHost"/> with the built-in plugins) → the channel's views: every camera's <see cref="CameraView"/> with the skeleton
/// reprojected through its calibration, the <see cref="OrbitView"/>, and the programme (camera 1 with the live
/// overlays: skeleton, trail, id, speed) → each converted on the GPU into the layouts its sinks take (yuv420p for the
/// x264 files, UYVY for NDI) and read back once per layout into pooled <see cref="Picture"/>s
/// (<see cref="ProgramReadback"/>, pipelined one frame deep: a tick hands out the previous frame's pictures, the
/// last ones are flushed after the run) → its <see cref="ProgramSink"/>s, which wait for room instead of dropping,
/// so the counters read frames / 0 / 0.
/// Outputs: <c>video/camNN_overlay.mp4</c>, <c>video/orbit_replay.mp4</c>, <c>video/programme.mp4</c> (H.264 at the
/// trial's rate, frame n stamped n / rate) and the programme on NDI when a source name is given. The GPU device
/// (Mesa llvmpipe on machines without a GPU) is created and used on the calling thread, which the channel ticks on.
/// Not thread-safe; one run per call.
/// </summary>
internal static class OfflineChannel
{
    /// <summary>Where the orbit starts (radians): a quarter turn, so the first picture is not camera-aligned.</summary>
    public const double OrbitStartRadians = Math.PI / 2;

    // One picture being written, two waiting: the encoders run beside the GPU instead of after it.
    private const int SinkCapacity = 3;

    // The per-camera overlays show the 3D result itself; the programme shows what live viewers see; the orbit the bodies.
    private static readonly string[] CameraOverlay = ["skeleton"];
    private static readonly string[] ProgrammeOverlay = ["skeleton", "labels", "trails", "speed"];
    private static readonly string[] OrbitOverlay = ["bodies"];

    /// <summary>
    /// Draws and writes every output; returns the channel's counters, the files written (relative to
    /// <paramref name="outputDirectory"/>), the device that drew them and the per-output timings. Throws
    /// <see cref="GpuUnavailableException"/> when no GPU device can be created, <see cref="MediaException"/>
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
    /// <param name="ndiSourceName">NDI source for the programme, or null.</param>
    /// <param name="stages">Decode (waiting for the frame set) and render latencies are recorded here.</param>
    /// <param name="progress">Receives "pictures" progress per frame set.</param>
    /// <param name="cancellation">Stops between frame sets.</param>
    /// <param name="boxes">Every person detected in pass 1, per frame set and camera.</param>
    /// <param name="blur">Who is blurred in the camera views and the programme.</param>
    /// <param name="consent">The registry whose links decide it (the skeleton's person linked by the caller).</param>
    /// <param name="meshes">The athlete's meshes by frame set for the orbit replay (issue #18), or null for the capsules.</param>
    public static Result Run(IReadOnlyList<string> videos, IReadOnlyList<(int Width, int Height)> sizes, CameraRig calibration,
        double[] world, int personId, int frames, FrameRate rate, OrbitCamera orbit, string outputDirectory, string? ndiSourceName,
        PipelineStages stages, IProgress<OfflineProgress>? progress, CancellationToken cancellation,
        PersonBoxes boxes, BlurMode blur, ConsentRegistry consent, IAthleteMeshSource? meshes = null)
    {
        Directory.CreateDirectory(Path.Combine(outputDirectory, "video"));
        int cameras = videos.Count, markers = Pose2SimMarkers.Definition.KeypointCount;
        var outputs = new List<Output>();
        var sinks = new List<ProgramSink>();
        var plates = new PlateSlot[cameras];
        List<CameraReader> readers = [];
        CameraSync? sync = null;
        // The channel thread (this one: FrameChannel.Run ticks on its caller) creates and owns the device.
        using GpuDevice device = GpuDevice.Create();
        try
        {
            for (int c = 0; c < cameras; c++)
            {
                plates[c] = new PlateSlot();
                Camera camera = calibration.Cameras[c];
                string file = $"video/{Path.GetFileNameWithoutExtension(videos[c])}_overlay.mp4";
                outputs.Add(new Output(new CameraView(device, camera.Name, camera, sizes[c].Width, sizes[c].Height), c, [file]));
            }
            OrbitView orbitView = meshes is null ? new OrbitView(device, "orbit", orbit, frames, OrbitStartRadians)
                : new OrbitView(device, "orbit", orbit, frames, OrbitStartRadians, new MeshDrawing(meshes));
            outputs.Add(new Output(orbitView, -1, ["video/orbit_replay.mp4"]));
            Output programme = new(new CameraView(device, "programme", calibration.Cameras[0], sizes[0].Width, sizes[0].Height), 0,
                ndiSourceName is null ? ["video/programme.mp4"] : ["video/programme.mp4", $"ndi:{ndiSourceName}"]);
            outputs.Add(programme);
            var outputStages = new List<StageTiming>();
            foreach (Output output in outputs)
            {
                // One layout per kind of sink (x264 files yuv420p, NDI UYVY); every picture the sinks of a layout
                // hold, plus the one being filled: the pool never runs dry.
                PixelLayout[] layouts = [.. output.Sinks.Select(LayoutOf).Distinct()];
                int perLayout = layouts.Max(l => output.Sinks.Count(k => LayoutOf(k) == l));
                output.Readback = new ProgramReadback(device, output.View.Width, output.View.Height, layouts, (perLayout * SinkCapacity) + 1);
                foreach (string sink in output.Sinks)
                {
                    var written = new StageTiming($"channel → {sink}");
                    outputStages.Add(written);
                    ProgramSink created = sink.StartsWith("ndi:", StringComparison.Ordinal)
                        ? NdiSink(ndiSourceName!, rate, written)
                        : FileSink(Path.Combine(outputDirectory, sink), sink, output.View.Width, output.View.Height, rate, written);
                    sinks.Add(created);
                    output.Created.Add((created, Array.IndexOf(layouts, LayoutOf(sink))));
                }
            }

            var recorded = new SkeletonSet(Pose2SimMarkers.Definition, 1);
            var sample = new SkeletonSet(Pose2SimMarkers.Definition, 1);
            var interpolator = new SkeletonInterpolator(sample);
            using PluginCatalog plugins = PluginCatalog.Load(PluginsConfig.Default, Serilog.Log.Logger);
            using OverlayHost cameraOverlays = Overlays(plugins, CameraOverlay, rate);
            using OverlayHost programmeOverlays = Overlays(plugins, ProgrammeOverlay, rate);
            using OverlayHost orbitOverlays = Overlays(plugins, OrbitOverlay, rate);
            var finished = new Picture?[2];

            // Native planes: the plates convert YUV on the GPU, so the CPU never converts a picture here.
            readers = OfflineIngest.OpenReaders(videos, FrameOutput.Native);
            sync = OfflineIngest.Sync(readers, rate);
            CameraSync s = sync;
            FrameChannel channel = null!;
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
                for (int c = 0; c < cameras; c++)
                {
                    if (set[c].Status != FrameSlotStatus.Fresh)
                    {
                        channel.Stats.CountRepeat();
                        break;
                    }
                }
                stages.Decode.Record(start);

                start = Stopwatch.GetTimestamp();
                for (int c = 0; c < cameras; c++)
                    plates[c].Upload(device, set[c].Frame!, set.Time, start);
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
                // Recorded at the set's own time: never stale, so never faded.
                cameraOverlays.Prepare(sample, set.Time, ageSeconds: 0);
                programmeOverlays.Prepare(sample, set.Time, ageSeconds: 0);
                orbitOverlays.Prepare(sample, set.Time, ageSeconds: 0);

                foreach (Output output in outputs)
                {
                    switch (output.View)
                    {
                        case OrbitView view:
                            view.Draw(orbitOverlays, tick.FrameIndex, set.Time);
                            break;
                        case CameraView view:
                            output.Blur ??= new BlurRegions(blur, consent, maxRegions: Math.Max(32, (boxes.MaxPerCamera * MaskShape.Slices) + 16));
                            view.Draw(plates[output.Camera], ReferenceEquals(output, programme) ? programmeOverlays : cameraOverlays,
                                output.Blur.Select(view.Camera, boxes.Boxes((int)tick.FrameIndex, output.Camera), sample,
                                    boxes.Shapes((int)tick.FrameIndex, output.Camera)));
                            break;
                    }
                    output.View.Compositor.FlushGraphics();
                    if (output.Readback!.Submit(output.View.Compositor.Output, tick.FrameIndex, set.Time, start, finished))
                        Send(output, finished, channel.Stats);
                }
                stages.Render.Record(start);
                progress?.Report(new OfflineProgress("pictures", (int)tick.FrameIndex + 1, frames));
            });
            long framesOut = channel.Run(frames, cancellation);
            cancellation.ThrowIfCancellationRequested();
            // The readback is one frame behind: the last frame is still on the GPU.
            foreach (Output output in outputs)
            {
                if (output.Readback!.Flush(finished))
                    Send(output, finished, channel.Stats);
            }
            CompleteAll(sinks);
            foreach (ProgramSink sink in sinks)
            {
                if (sink.Failure is { } failure)
                    throw new MediaException($"{sink.Name}: {failure.Message}", failure);
            }
            var counters = new ChannelCounters(framesOut, channel.Stats.RepeatedFrames, channel.Stats.DroppedFrames,
                [.. sinks.Select(k => new SinkCounters(k.Name, k.Sent, k.Dropped))]);
            return new Result(counters, [.. outputs.SelectMany(o => o.Sinks).Where(k => k.StartsWith("video/", StringComparison.Ordinal))],
                $"GPU compositor on {device.Info}", outputStages)
            {
                PicturesBlurred = outputs.Sum(o => o.Blur?.PicturesBlurred ?? 0),
                RegionsBlurred = outputs.Sum(o => o.Blur?.RegionsBlurred ?? 0),
            };
        }
        finally
        {
            // Every output is finalised (playable up to its last picture) whatever stopped the run.
            CompleteAll(sinks);
            foreach (ProgramSink sink in sinks)
                sink.Dispose();
            sync?.Dispose();
            OfflineIngest.Dispose(readers);
            foreach (Output output in outputs)
            {
                output.Readback?.Dispose();
                output.View.Dispose();
            }
            foreach (PlateSlot? plate in plates)
                plate?.Dispose();
        }
    }

    // NDI takes UYVY, its native 4:2:2 wire format; x264 takes yuv420p, which it encodes without swscale.
    private static PixelLayout LayoutOf(string sink) => sink.StartsWith("ndi:", StringComparison.Ordinal) ? PixelLayout.Uyvy : PixelLayout.Yuv420P;

    /// <summary>Hands a finished frame's pictures (one per layout) to the output's sinks, each taking its own reference, then drops the channel's.</summary>
    private static void Send(Output output, Picture?[] finished, ChannelStats stats)
    {
        foreach ((ProgramSink sink, int layout) in output.Created)
        {
            if (finished[layout] is not { } picture || !sink.TryPush(picture))
                stats.CountDrop();
        }
        for (int l = 0; l < finished.Length; l++)
        {
            finished[l]?.Release();
            finished[l] = null;
        }
    }

    private static void CompleteAll(List<ProgramSink> sinks)
    {
        foreach (ProgramSink sink in sinks)
            sink.Complete();
    }

    /// <summary>A host of one person drawing <paramref name="kinds"/> of <paramref name="plugins"/> (never faded: recorded skeletons are never stale).</summary>
    private static OverlayHost Overlays(PluginCatalog plugins, string[] kinds, FrameRate rate) =>
        new(Pose2SimMarkers.Definition, 1, [.. kinds.Select(k => plugins.CreateOverlay(k))], new OverlaySelection(kinds), TimeSpan.FromSeconds(1), rate,
            plugins.BudgetMilliseconds, Serilog.Log.Logger);

    private static ProgramSink FileSink(string path, string name, int width, int height, FrameRate rate, StageTiming written)
    {
        var encoder = Encoder.Create(path, new EncoderOptions { Width = width, Height = height, FrameRate = rate });
        return new ProgramSink(name, SinkCapacity, picture => encoder.WritePicture(picture, picture.FrameIndex),
            () =>
            {
                encoder.Finish();
                encoder.Dispose();
            }, written, waitForRoom: true);
    }

    private static ProgramSink NdiSink(string sourceName, FrameRate rate, StageTiming sent)
    {
        // Paced by the sender's own clock: a receiver sees the trial at its rate, not as fast as it is drawn.
        var sender = new NdiSender(NdiRuntime.Load(), new NdiSenderOptions(sourceName, rate));
        return new ProgramSink($"ndi:{sourceName}", SinkCapacity, sender.Send, sender.Dispose, sent, waitForRoom: true);
    }

    /// <summary>What the picture pass produced.</summary>
    /// <param name="Counters">The channel's counters.</param>
    /// <param name="Files">Files written, relative to the output folder.</param>
    /// <param name="Renderer">The device that drew the pictures.</param>
    /// <param name="OutputStages">Per output: time from the channel taking the frame set to the picture written or sent.</param>
    public sealed record Result(ChannelCounters Counters, IReadOnlyList<string> Files, string Renderer, IReadOnlyList<StageTiming> OutputStages)
    {
        /// <summary>Camera-view and programme pictures with at least one blurred region.</summary>
        public long PicturesBlurred { get; init; }

        /// <summary>Regions blurred over all pictures.</summary>
        public long RegionsBlurred { get; init; }
    }

    /// <summary>One view of the channel (<c>Camera</c>: the plate it shows, -1 for none) with its readback and the sinks that take its pictures.</summary>
    private sealed class Output(ChannelView view, int camera, string[] sinks)
    {
        public ChannelView View { get; } = view;

        public int Camera { get; } = camera;

        public string[] Sinks { get; } = sinks;

        public ProgramReadback? Readback { get; set; }

        /// <summary>Who is blurred in a camera view's picture (made on its first frame).</summary>
        public BlurRegions? Blur { get; set; }

        /// <summary>Each sink with the index of its layout in <see cref="Readback"/>'s.</summary>
        public List<(ProgramSink Sink, int Layout)> Created { get; } = [];
    }
}
