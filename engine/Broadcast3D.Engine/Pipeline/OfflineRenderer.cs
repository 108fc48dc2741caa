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
/// frame n stamped n / rate. Optionally camera 1's composite is also sent over NDI as the programme. Painting is
/// <see cref="SkeletonPainter"/> (CPU) until the GPU compositor (issue #6) replaces it. Not thread-safe.
/// </summary>
internal static class OfflineRenderer
{
    private const uint OverlayColour = 0xFF00A5FFu; // orange (R lowest byte), visible on skin and clothing alike
    private const uint OrbitColour = 0xFFFFD000u;   // cyan-ish on the dark orbit background
    private const uint OrbitBackground = 0xFF302820u;
    private const uint FloorColour = 0xFF707070u;

    /// <summary>Renders and encodes every output; returns the files written relative to <paramref name="outputDirectory"/>.</summary>
    public static List<string> Render(IReadOnlyList<string> videos, CameraCalibration calibration, double[] world, int frames, FrameRate rate,
        OrbitCamera orbit, string outputDirectory, string? ndiSourceName, PipelineStages stages, IProgress<OfflineProgress>? progress,
        CancellationToken cancellation)
    {
        string folder = Directory.CreateDirectory(Path.Combine(outputDirectory, "video")).FullName;
        var files = new List<string>();
        NdiSender? ndi = ndiSourceName is null ? null : new NdiSender(NdiRuntime.Load(), new NdiSenderOptions(ndiSourceName, rate));
        try
        {
            for (int c = 0; c < videos.Count; c++)
            {
                string name = $"{Path.GetFileNameWithoutExtension(videos[c])}_overlay.mp4";
                RenderCamera(videos[c], calibration.Cameras[c], world, frames, rate, Path.Combine(folder, name), c == 0 ? ndi : null,
                    stages, progress, cancellation);
                files.Add($"video/{name}");
            }
            RenderOrbit(orbit, world, frames, rate, Path.Combine(folder, "orbit_replay.mp4"), stages, progress, cancellation);
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

            start = Stopwatch.GetTimestamp();
            encoder.WriteFrame(picture, reader.Width * 4, f);
            stages.Encode.Record(start);
            if (ndi is not null && bgra is not null)
            {
                SwapRedBlue(picture, bgra);
                ndi.Send(bgra, new NdiVideoLayout(reader.Width, reader.Height, NdiPixelFormat.Bgra), f);
            }
            progress?.Report(new OfflineProgress(phase, f + 1, frames));
        }
        encoder.Finish();
    }

    private static void RenderOrbit(OrbitCamera orbit, double[] world, int frames, FrameRate rate, string path, PipelineStages stages,
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
            SkeletonPainter.Clear(picture, OrbitBackground);
            PaintFloor(picture, orbit, camera);
            SkeletonPainter.Paint(picture, orbit.Width, orbit.Height, camera, world.AsSpan(f * markers * 3, markers * 3),
                Pose2SimMarkers.Definition, OrbitColour, thickness, projected);
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
