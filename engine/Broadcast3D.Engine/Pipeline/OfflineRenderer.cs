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
/// drawn by the GPU compositor (<see cref="GpuTrialPainter"/>; Mesa llvmpipe on machines without a GPU) or, when
/// no EGL device can be created, by <see cref="SkeletonPainter"/> on the CPU. Not thread-safe.
/// </summary>
internal static class OfflineRenderer
{
    private const uint OverlayColour = 0xFF00A5FFu; // orange (R lowest byte), visible on skin and clothing alike
    private const uint OrbitColour = 0xFFFFD000u;   // cyan-ish on the dark orbit background
    private const uint OrbitBackground = 0xFF302820u;
    private const uint FloorColour = 0xFF707070u;

    /// <summary>
    /// Renders and encodes every output; returns the files written relative to <paramref name="outputDirectory"/>
    /// and, in <paramref name="renderer"/>, what drew them (the GPU device, or the CPU painter and why).
    /// </summary>
    public static List<string> Render(IReadOnlyList<string> videos, CameraCalibration calibration, double[] world, int frames, FrameRate rate,
        OrbitCamera orbit, string outputDirectory, string? ndiSourceName, PipelineStages stages, IProgress<OfflineProgress>? progress,
        CancellationToken cancellation, out string renderer)
    {
        string folder = Directory.CreateDirectory(Path.Combine(outputDirectory, "video")).FullName;
        var files = new List<string>();
        using GpuTrialPainter? gpu = GpuTrialPainter.TryCreate(out string gpuError);
        renderer = gpu is not null ? $"GPU compositor on {gpu.Description}" : $"CPU painter (no GPU device: {gpuError})";
        NdiSender? ndi = ndiSourceName is null ? null : new NdiSender(NdiRuntime.Load(), new NdiSenderOptions(ndiSourceName, rate));
        try
        {
            for (int c = 0; c < videos.Count; c++)
            {
                string name = $"{Path.GetFileNameWithoutExtension(videos[c])}_overlay.mp4";
                if (gpu is not null)
                {
                    RenderCameraGpu(gpu, videos[c], calibration.Cameras[c], world, frames, rate, Path.Combine(folder, name), c == 0 ? ndi : null,
                        stages, progress, cancellation);
                }
                else
                {
                    RenderCamera(videos[c], calibration.Cameras[c], world, frames, rate, Path.Combine(folder, name), c == 0 ? ndi : null,
                        stages, progress, cancellation);
                }
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

    private static void RenderCamera(string video, Camera camera, double[] world, int frames, FrameRate rate, string path, NdiSender? ndi,
        PipelineStages stages, IProgress<OfflineProgress>? progress, CancellationToken cancellation)
    {
        using var reader = new CameraVideoReader(video);
        using Encoder encoder = Encoder.Create(path, new EncoderOptions { Width = reader.Width, Height = reader.Height, FrameRate = rate });
        int markers = Pose2SimMarkers.Definition.KeypointCount;
        var picture = new byte[reader.Width * reader.Height * 4];
        byte[]? bgra = ndi is null ? null : new byte[picture.Length];
        var projected = new (double, double)[markers];
        // Bones about 0.5 % of the picture height: visible at 1080p without hiding the limbs they follow.
        int thickness = Math.Max(3, reader.Height / 200);
        string phase = $"render {camera.Name}";
        for (int f = 0; f < frames; f++)
        {
            cancellation.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            if (!reader.TryRead())
                throw new MediaException($"{video} ended at frame {f} while rendering {frames} frames");
            stages.Decode.Record(start);

            start = Stopwatch.GetTimestamp();
            reader.Pixels.CopyTo(picture);
            SkeletonPainter.Paint(picture, reader.Width, reader.Height, camera, world.AsSpan(f * markers * 3, markers * 3),
                Pose2SimMarkers.Definition, OverlayColour, thickness, projected);
            stages.Render.Record(start);

            Emit(encoder, picture, reader.Width, reader.Height, f, ndi, bgra, stages);
            progress?.Report(new OfflineProgress(phase, f + 1, frames));
        }
        encoder.Finish();
    }

    private static void RenderCameraGpu(GpuTrialPainter gpu, string video, Camera camera, double[] world, int frames, FrameRate rate, string path,
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

    private static void RenderOrbit(GpuTrialPainter? gpu, OrbitCamera orbit, double[] world, int frames, FrameRate rate, string path, PipelineStages stages,
        IProgress<OfflineProgress>? progress, CancellationToken cancellation)
    {
        using Encoder encoder = Encoder.Create(path, new EncoderOptions { Width = orbit.Width, Height = orbit.Height, FrameRate = rate });
        int markers = Pose2SimMarkers.Definition.KeypointCount;
        var picture = new byte[orbit.Width * orbit.Height * 4];
        var projected = new (double, double)[markers];
        int thickness = Math.Max(3, orbit.Height / 120);
        for (int f = 0; f < frames; f++)
        {
            cancellation.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            Camera camera = orbit.At(OrbitCamera.AngleAt(f, frames, OrbitStartRadians));
            if (gpu is not null)
            {
                gpu.PaintOrbit(camera, world.AsSpan(f * markers * 3, markers * 3), picture);
            }
            else
            {
                SkeletonPainter.Clear(picture, OrbitBackground);
                PaintFloor(picture, orbit, camera);
                SkeletonPainter.Paint(picture, orbit.Width, orbit.Height, camera, world.AsSpan(f * markers * 3, markers * 3),
                    Pose2SimMarkers.Definition, OrbitColour, thickness, projected);
            }
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

    /// <summary>A 3 m floor grid (0.5 m squares) under the centre, so the orbit's motion reads on screen.</summary>
    private static void PaintFloor(Span<byte> picture, OrbitCamera orbit, Camera camera)
    {
        const double Half = 1.5, Step = 0.5;
        double floor = orbit.Centre.Z - orbit.FloorBelowCentreMetres;
        for (double d = -Half; d <= Half + 1e-9; d += Step)
        {
            FloorLine(picture, orbit, camera, new Vector3d(orbit.Centre.X + d, orbit.Centre.Y - Half, floor), new Vector3d(orbit.Centre.X + d, orbit.Centre.Y + Half, floor));
            FloorLine(picture, orbit, camera, new Vector3d(orbit.Centre.X - Half, orbit.Centre.Y + d, floor), new Vector3d(orbit.Centre.X + Half, orbit.Centre.Y + d, floor));
        }
    }

    private static void FloorLine(Span<byte> picture, OrbitCamera orbit, Camera camera, Vector3d a, Vector3d b)
    {
        if (camera.WorldToCamera(a).Z <= 0 || camera.WorldToCamera(b).Z <= 0)
            return;
        (double u0, double v0) = camera.ProjectPinhole(a);
        (double u1, double v1) = camera.ProjectPinhole(b);
        SkeletonPainter.Line(picture, orbit.Width, orbit.Height, u0, v0, u1, v1, 1, FloorColour);
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
}
