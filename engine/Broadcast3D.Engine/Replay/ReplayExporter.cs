using System.Globalization;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Meshes;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Gpu;
using Broadcast3D.Media;
using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// <c>b3d replay export</c>: one camera's pictures between a mark-in and a mark-out as an H.264 MP4 at the recording's
/// frame rate, at a speed in (0, 2]. Output frame k shows the recorded picture on screen at capture time
/// in + k × speed / rate (the last picture captured at or before it): at 0.5 each picture is shown twice, at 0.25
/// four times, at 2 every other one. Slow motion repeats pictures rather than blending them: a blend of two
/// pictures of a fast athlete is a double exposure, and an editor can still interpolate from a clean repeat.
/// Pictures come from a <see cref="ReplaySource"/>: decoding starts at the key frame that begins the segment holding
/// the mark-in and runs up to it, so the first picture is exact. With <see cref="ReplayExportRequest.Graphics"/> the
/// recorded 3D is drawn over each frame by a <see cref="ReplayGraphics"/> (GPU: EGL, llvmpipe without one), sampled
/// at the frame's own time in + k × speed / rate rather than the picture's. With <see cref="ReplayExportRequest.Virtual"/>
/// the clip starts with a <see cref="VirtualCamera"/> shot (the range, or a freeze on the mark-in) and cuts or
/// dissolves back to the real camera at the shot's last instant. Every real picture is blurred by the regions
/// recorded beside it (<see cref="RecordedBlurRegions"/>, issue #21) unless <see cref="ReplayExportRequest.Unblurred"/>
/// asks for the originals of a run recorded with <c>record.keepUnblurred</c>. Stateless; one export per call.
/// </summary>
public static class ReplayExporter
{
    /// <summary>Exports <paramref name="request"/> from <paramref name="catalog"/>.</summary>
    /// <exception cref="ReplayException">
    /// Bad marks (out not after in, outside the camera's recording, a speed outside (0, 2]), an unknown camera, no
    /// picture in the range, a segment missing or corrupt, or the originals asked for of a run recorded without
    /// <c>record.keepUnblurred</c>: the message names the clip, camera and time (or the field).
    /// </exception>
    /// <exception cref="MediaException">The output file cannot be written.</exception>
    /// <exception cref="GpuUnavailableException">Graphics asked for and no OpenGL 4.5 device can be made (the message says what is missing).</exception>
    /// <param name="catalog">The recording's index.</param>
    /// <param name="request">What to export.</param>
    /// <param name="cancellation">Stops between frames (the file is then incomplete).</param>
    /// <param name="pins">The live index of a recording still being written: the clip's segments are kept from retention while it exports.</param>
    public static ReplayExportResult Export(RecordingCatalog catalog, ReplayExportRequest request, CancellationToken cancellation = default,
        RecordingIndex? pins = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(request);
        RecordedRun run = catalog.Run(request.Run);
        string clip = $"clip {request.Camera} {request.In}–{request.Out}";
        if (!(request.Speed > 0 && request.Speed <= 2))
            throw new ReplayException($"{clip}: speed {request.Speed.ToString(CultureInfo.InvariantCulture)} is outside (0, 2]; use e.g. 1, 0.5, 0.33 or 0.25");
        Rational markIn = request.In.Seconds(run.FrameRate), markOut = request.Out.Seconds(run.FrameRate);
        if (markOut <= markIn)
            throw new ReplayException($"{clip}: the mark-out {request.Out} is not after the mark-in {request.In}; swap them or give a later out");
        IReadOnlyList<CameraRecording> cameras = catalog.Cameras(run);
        CameraRecording camera = cameras.FirstOrDefault(c => c.Camera == request.Camera)
            ?? throw new ReplayException($"{clip}: run {run.Id} of {catalog.Folder} has no camera '{request.Camera}' (cameras: {string.Join(", ", cameras.Select(c => c.Camera))})");
        if (markIn < camera.Start || markOut > camera.End)
        {
            throw new ReplayException($"{clip}: outside the recording of {camera.Camera} ({Describe(camera.Start, run.FrameRate)} to {Describe(camera.End, run.FrameRate)}); " +
                                      "pick marks inside it (b3d replay list shows the range)");
        }
        if (request.FreezeFrames < 0 || (request.FreezeFrames > 0 && request.Virtual is null))
            throw new ReplayException($"{clip}: a freeze of {request.FreezeFrames} frames needs a virtual camera (--virtual) and a positive number of frames");
        // Issue #21: the regions recorded beside the pictures are blurred, unless the run kept its originals
        // (record.keepUnblurred) and the export asks for them; a run recorded before regions were kept has none.
        RecordedPrivacy? privacy = catalog.Privacy(run);
        if (request.Unblurred && privacy is { KeepUnblurred: false })
        {
            throw new ReplayException($"{clip}: run {run.Id} of {catalog.Folder} was recorded without record.keepUnblurred, so its pictures leave only " +
                                      $"blurred (privacy.blur {privacy.Blur.ToString().ToLowerInvariant()} at capture); export without --unblurred")
            {
                Field = "unblurred",
            };
        }
        RecordedBlurRegions? blur = request.Unblurred || privacy is null or { Blur: Privacy.BlurMode.None } ? null
            : new RecordedBlurRegions(catalog, run, camera.Camera, markIn + catalog.OffsetAt(run, camera.Camera, markIn), markOut + catalog.OffsetAt(run, camera.Camera, markIn));
        // The source first: a gap at the mark-in is refused before any file is written. Graphics, the virtual camera
        // and the blur take the planes as decoded (converted on the GPU like the programme's); a plain export encodes
        // RGBA straight from the decoder.
        bool gpu = request.Graphics || request.Virtual is not null || blur is not null;
        using var source = new ReplaySource(catalog, run, camera.Camera, markIn, markOut, clip, pins, gpu ? FrameOutput.Native : FrameOutput.Rgba);
        // The step between output frames on the capture timeline, exact for the usual speeds typed as decimals.
        Rational step = new Rational((long)Math.Round(request.Speed * 1_000_000), 1_000_000) * run.FrameRate.FrameDuration;
        // Frames k with in + k × step before the out: the ceiling of (out − in) / step.
        long rangeFrames = -(Rational.Zero - ((markOut - markIn) / step)).Floor();
        using ExportGraphics? graphics = gpu ? ExportGraphics.Open(catalog, run, camera, markIn, markOut, request) : null;
        using var encoder = Encoder.Create(request.OutFile, new EncoderOptions
        {
            Width = camera.Width, Height = camera.Height, FrameRate = run.FrameRate, InputLayout = FrameOutput.Rgba,
        });
        long framesOut = 0, pictures = 0, virtualFrames = 0, blurredFrames = 0;
        Rational? shown = null;
        // Regions are recorded on the common clock; the source's capture times are the camera's own.
        Rational offset = catalog.OffsetAt(run, camera.Camera, markIn);
        // The real camera's picture at `due`, drawn (with graphics when asked, blurred by its recorded regions) into
        // the graphics' view, or as decoded.
        VideoFrame Real(Rational due)
        {
            VideoFrame picture = source.PictureAt(due)!; // never null: the source starts at or before the mark-in
            bool fresh = source.Capture != shown;
            ReadOnlySpan<System.Numerics.Vector4> regions = blur is null ? default : blur.At(source.Capture!.Value + offset);
            if (!regions.IsEmpty)
                blurredFrames++;
            graphics?.Renderer.Draw(picture, source.Capture!.Value, fresh, due, regions);
            if (fresh)
                pictures++;
            shown = source.Capture;
            return picture;
        }
        long realFrom = 0;
        RecordingMeshes? meshes = null;
        if (request.Virtual is { } shot)
        {
            Rational[] times = request.FreezeFrames > 0 ? [.. Enumerable.Repeat(markIn, request.FreezeFrames)]
                : [.. Enumerable.Range(0, (int)rangeFrames).Select(k => markIn + step.Multiply(k))];
            // The masks come from the pose model on the recorded pictures: carved before the shot is drawn.
            meshes = request.Meshes is { } mesh
                ? RecordingMeshes.Carve(catalog, run, camera.Camera, times, mesh, TrackingAccelerators.Resolve(TrackingAccelerator.Auto, "meshes"),
                    cancellation: cancellation)
                : null;
            using var virtualCamera = new VirtualCamera(graphics!.Device, shot, times, graphics.Calibration, camera.Width, camera.Height, graphics.Skeletons,
                graphics.Plugins, run.FrameRate, Serilog.Log.Logger,
                meshes is { NotCarved: null } ? new MeshDrawing(meshes.Sequence, SkeletonOnTop: request.Graphics) : null);
            for (int k = 0; k < virtualCamera.Frames; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                bool dissolving = virtualCamera.RealOpacity(k) > 0;
                if (dissolving)
                    Real(times[k]);
                virtualCamera.Draw(k, dissolving ? graphics.Renderer.View.Compositor.Output : null);
                virtualCamera.Compositor.ReadRgba(graphics.Rgba);
                encoder.WriteFrame(graphics.Rgba, camera.Width * 4);
                framesOut++;
            }
            virtualFrames = framesOut;
            // Back to the real camera at the shot's last instant: after a cut it is the next frame; a dissolve has
            // already shown it (its last frame is the real picture), so the real camera goes on from the frame after.
            realFrom = (request.FreezeFrames > 0 ? 0 : rangeFrames - 1) + (shot.DissolveFrames > 0 ? 1 : 0);
        }
        for (long k = realFrom; k < rangeFrames; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            VideoFrame picture = Real(markIn + step.Multiply(k));
            if (graphics is null)
            {
                encoder.WriteFrame(picture.Plane(0), picture.Stride(0));
            }
            else
            {
                graphics.Renderer.ReadRgba(graphics.Rgba);
                encoder.WriteFrame(graphics.Rgba, camera.Width * 4);
            }
            framesOut++;
        }
        encoder.Finish();
        return new ReplayExportResult(request.OutFile, framesOut, pictures, source.Segments)
        {
            VirtualFrames = virtualFrames, Meshes = meshes, BlurredFrames = blurredFrames, Privacy = privacy, Unblurred = request.Unblurred,
        };
    }

    /// <summary>What drawing on the GPU for an export holds: the device, the plugins, the recorded lens and 3D, the painter and its readback buffer.</summary>
    private sealed class ExportGraphics : IDisposable
    {
        private ExportGraphics(GpuDevice device, PluginCatalog plugins, Camera calibration, RecordedSkeletons skeletons, ReplayGraphics renderer, byte[] rgba) =>
            (Device, Plugins, Calibration, Skeletons, Renderer, Rgba) = (device, plugins, calibration, skeletons, renderer, rgba);

        public GpuDevice Device { get; }

        public PluginCatalog Plugins { get; }

        public Camera Calibration { get; }

        public RecordedSkeletons Skeletons { get; }

        /// <summary>The real camera's pictures, with the overlays when graphics were asked for (none otherwise).</summary>
        public ReplayGraphics Renderer { get; }

        public byte[] Rgba { get; }

        public static ExportGraphics Open(RecordingCatalog catalog, RecordedRun run, CameraRecording camera, Rational markIn, Rational markOut,
            ReplayExportRequest request)
        {
            // Calibration and 3D first: a recording without them is refused before a device is made.
            Camera calibration = catalog.Calibration(run, camera.Camera);
            var skeletons = new RecordedSkeletons(catalog, run, markIn, markOut);
            GpuDevice device = GpuDevice.Create();
            PluginCatalog? plugins = null;
            try
            {
                plugins = PluginCatalog.Load(PluginsConfig.Default, Serilog.Log.Logger);
                OverlaySelection selection = request.Graphics
                    ? plugins.Selection(new OverlayConfig(Skeleton: true, Labels: true, Trails: false, Speed: false))
                    : new OverlaySelection([]);
                var renderer = new ReplayGraphics(device, calibration, camera.Width, camera.Height, skeletons, plugins, selection, run.FrameRate,
                    Serilog.Log.Logger);
                return new ExportGraphics(device, plugins, calibration, skeletons, renderer, new byte[camera.Width * camera.Height * 4]);
            }
            catch
            {
                plugins?.Dispose();
                device.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Renderer.Dispose();
            Plugins.Dispose();
            Device.Dispose();
        }
    }

    /// <summary>A time as errors show it: timecode at the run's rate and seconds.</summary>
    internal static string Describe(Rational seconds, FrameRate rate) =>
        string.Create(CultureInfo.InvariantCulture, $"{RecordingSchema.Timecode(seconds, rate)} ({seconds.ToDouble():0.###}s)");
}
