using System.Diagnostics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Time;
using Broadcast3D.Media;
using Broadcast3D.Ndi;
using CameraCalibration = Broadcast3D.Core.Cameras.Calibration;

namespace Broadcast3D.Engine.Pipeline;

/// <summary>
/// The picture half of the offline run, once the whole trial is triangulated and filtered: per camera, the
/// video with the 3D skeleton reprojected through the real calibration (<c>video/camNN_overlay.mp4</c>), and a
/// virtual-camera orbit replay of the athlete (<c>video/orbit_replay.mp4</c>), H.264 MP4 at the trial's rate with
/// frame n stamped n / rate. Optionally camera 1's composite is also sent over NDI as the programme. Pictures are
/// drawn by the GPU compositor (<see cref="GpuTrialPainter"/>; Mesa llvmpipe on machines without a GPU); without an EGL
/// device the run fails with the GPU's own error (what to install). Not thread-safe.
/// </summary>
internal static class OfflineRenderer
{
    /// <summary>
    /// Renders and encodes every output; returns the files written relative to <paramref name="outputDirectory"/>
    /// and, in <paramref name="renderer"/>, the GPU device that drew them. Throws <see cref="Gpu.GpuUnavailableException"/>
    /// when no GPU device can be created.
    /// </summary>
    public static List<string> Render(IReadOnlyList<string> videos, CameraCalibration calibration, double[] world, int frames, FrameRate rate,
        OrbitCamera orbit, string outputDirectory, string? ndiSourceName, PipelineStages stages, IProgress<OfflineProgress>? progress,
        CancellationToken cancellation, out string renderer)
    {
        string folder = Directory.CreateDirectory(Path.Combine(outputDirectory, "video")).FullName;
        var files = new List<string>();
        using GpuTrialPainter gpu = GpuTrialPainter.Create();
        renderer = $"GPU compositor on {gpu.Description}";
        NdiSender? ndi = ndiSourceName is null ? null : new NdiSender(NdiRuntime.Load(), new NdiSenderOptions(ndiSourceName, rate));
        try
        {
            for (int c = 0; c < videos.Count; c++)
            {
                string name = $"{Path.GetFileNameWithoutExtension(videos[c])}_overlay.mp4";
                RenderCamera(gpu, videos[c], calibration.Cameras[c], world, frames, rate, Path.Combine(folder, name), c == 0 ? ndi : null,
                    stages, progress, cancellation);
                files.Add($"video/{name}");
            }
            RenderOrbit(gpu, orbit, world, frames, rate, Path.Combine(folder, "orbit_replay.mp4"), stages, progress, cancellation);
            files.Add("video/orbit_replay.mp4");
        }
        finally
        {
            ndi?.Dispose();
        }
        return files;
    }

    private static void RenderCamera(GpuTrialPainter gpu, string video, Camera camera, double[] world, int frames, FrameRate rate, string path,
        NdiSender? ndi, PipelineStages stages, IProgress<OfflineProgress>? progress, CancellationToken cancellation)
    {
        // Native frames: the plate converts YUV on the GPU, so the CPU never converts to RGBA here.
        using Decoder decoder = Decoder.Open(video, new DecoderOptions { Output = FrameOutput.Native, Hardware = HardwareDecode.Software });
        int width = decoder.Stream.Width, height = decoder.Stream.Height;
        using Encoder encoder = Encoder.Create(path, new EncoderOptions { Width = width, Height = height, FrameRate = rate });
        int markers = Pose2SimMarkers.Definition.KeypointCount;
        var picture = new byte[width * height * 4];
        byte[]? bgra = ndi is null ? null : new byte[picture.Length];
        string phase = $"render {camera.Name}";
        for (int f = 0; f < frames; f++)
        {
            cancellation.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            if (!decoder.TryRead(out VideoFrame? frame))
                throw new MediaException($"{video} ended at frame {f} while rendering {frames} frames");
            using (frame)
            {
                stages.Decode.Record(start);
                start = Stopwatch.GetTimestamp();
                gpu.PaintOverlay(frame, camera, world.AsSpan(f * markers * 3, markers * 3), picture);
                stages.Render.Record(start);
            }
            Emit(encoder, picture, width, height, f, ndi, bgra, stages);
            progress?.Report(new OfflineProgress(phase, f + 1, frames));
        }
        encoder.Finish();
    }

    private static void Emit(Encoder encoder, byte[] picture, int width, int height, int frame, NdiSender? ndi, byte[]? bgra, PipelineStages stages)
    {
        long start = Stopwatch.GetTimestamp();
        encoder.WriteFrame(picture, width * 4, frame);
        stages.Encode.Record(start);
        if (ndi is not null && bgra is not null)
        {
            SwapRedBlue(picture, bgra);
            ndi.Send(bgra, new NdiVideoLayout(width, height, NdiPixelFormat.Bgra), frame);
        }
    }

    private static void RenderOrbit(GpuTrialPainter gpu, OrbitCamera orbit, double[] world, int frames, FrameRate rate, string path, PipelineStages stages,
        IProgress<OfflineProgress>? progress, CancellationToken cancellation)
    {
        using Encoder encoder = Encoder.Create(path, new EncoderOptions { Width = orbit.Width, Height = orbit.Height, FrameRate = rate });
        int markers = Pose2SimMarkers.Definition.KeypointCount;
        var picture = new byte[orbit.Width * orbit.Height * 4];
        for (int f = 0; f < frames; f++)
        {
            cancellation.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            Camera camera = orbit.At(OrbitCamera.AngleAt(f, frames, OrbitStartRadians));
            gpu.PaintOrbit(camera, world.AsSpan(f * markers * 3, markers * 3), picture);
            stages.Render.Record(start);

            start = Stopwatch.GetTimestamp();
            encoder.WriteFrame(picture, orbit.Width * 4, f);
            stages.Encode.Record(start);
            progress?.Report(new OfflineProgress("render orbit", f + 1, frames));
        }
        encoder.Finish();
    }

    /// <summary>Where the orbit starts (radians): a quarter turn, so the first picture is not camera-aligned.</summary>
    public const double OrbitStartRadians = Math.PI / 2;

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
}
