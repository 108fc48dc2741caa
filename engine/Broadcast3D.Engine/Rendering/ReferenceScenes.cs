using System.Numerics;
using Broadcast3D.Core.Assets;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Gpu;
using Broadcast3D.Media;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Views;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Engine.Rendering;

/// <summary>
/// The renderer's reference scenes, built from the Pose2Sim Balancing trial (calibration, reference 3D, cam03
/// video): <c>overlay</c> (video plate + skeleton through the calibrated camera + trail + label + lower third),
/// <c>graphics</c> (graphics only over transparent: the fill + key case) and <c>orbit</c> (virtual camera, body
/// capsules). Used by <c>b3d render-test</c> and the golden-image tests, so both render exactly the same thing.
/// Small sizes on purpose: they run on llvmpipe in CI. Calls must come from the device's thread.
/// </summary>
public static class ReferenceScenes
{
    /// <summary>Scene names, in rendering order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["overlay", "graphics", "orbit"];

    /// <summary>The reference frame of the trial (0-based) drawn in every scene.</summary>
    public const int Frame = 30;

    private const string Trial = "pose2sim-demo/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial";

    /// <summary>
    /// Renders scene <paramref name="name"/> and returns its premultiplied RGBA pixels. Throws
    /// <see cref="AssetNotFoundException"/> naming the missing file when the shared data is absent.
    /// </summary>
    public static RgbaImage Render(GpuDevice device, string name)
    {
        ArgumentNullException.ThrowIfNull(device);
        TrialData trial = LoadTrial();
        return name switch
        {
            "overlay" => RenderOverlay(device, trial),
            "graphics" => RenderGraphics(device, trial),
            "orbit" => RenderOrbit(device, trial),
            _ => throw new ArgumentException($"unknown reference scene '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
        };
    }

    /// <summary>Straight-alpha copy of premultiplied RGBA (what PNG stores).</summary>
    public static RgbaImage Unpremultiply(RgbaImage premultiplied)
    {
        ArgumentNullException.ThrowIfNull(premultiplied);
        var result = new RgbaImage(premultiplied.Width, premultiplied.Height);
        for (int y = 0; y < premultiplied.Height; y++)
            Compositor.Unpremultiply(premultiplied.Row(y), result.Row(y));
        return result;
    }

    private sealed record TrialData(Camera Camera, Vector3[][] Frames, (int From, int To)[] Bones, int Head, int RightWrist, int Pelvis);

    private static TrialData LoadTrial()
    {
        CameraRig calibration = CalibrationToml.Read(AssetLocator.RequireData("pose2sim-demo/S00_Calibration/Calib_qualisys.toml"));
        string folder = AssetLocator.RequireData(Path.Combine(Trial, "pose-3d"));
        string trc = Directory.GetFiles(folder, "*_0-100.trc") is [string one] ? one : throw new AssetNotFoundException(folder, $"no single *_0-100.trc in {folder}");
        TrcData data = TrcFile.Read(trc);
        double[] world = data.ToWorldZUp();
        int markers = data.MarkerCount;
        var frames = new Vector3[data.FrameCount][];
        for (int f = 0; f < frames.Length; f++)
        {
            frames[f] = new Vector3[markers];
            for (int m = 0; m < markers; m++)
            {
                int i = ((f * markers) + m) * 3;
                frames[f][m] = new Vector3((float)world[i], (float)world[i + 1], (float)world[i + 2]);
            }
        }
        // The skeleton's bones, re-indexed to the TRC's marker order (bones to absent markers are dropped).
        SkeletonDefinition body = SkeletonCatalog.Body25B;
        var names = data.MarkerNames.ToList();
        var bones = new List<(int, int)>();
        foreach ((int from, int to) in body.Bones)
        {
            int a = names.IndexOf(body.KeypointNames[from]), b = names.IndexOf(body.KeypointNames[to]);
            if (a >= 0 && b >= 0)
                bones.Add((a, b));
        }
        int hip = names.IndexOf("RHip");
        return new TrialData(calibration.Cameras[2], frames, [.. bones], names.IndexOf("Head"), names.IndexOf("RWrist"), hip);
    }

    private static RgbaImage RenderOverlay(GpuDevice device, TrialData trial)
    {
        // Quarter of the 1088×1920 calibration size: the calibrated camera scales to the target.
        using var compositor = new Compositor(device, new CompositorDescription(272, 480) { ReadbackSlots = 1 });
        using VideoPlate plate = DecodePlate(device);
        compositor.BeginFrame(new Vector4(0, 0, 0, 1));
        compositor.DrawPlate(plate);
        RenderCamera camera = RenderCamera.FromCalibration(trial.Camera);
        Vector3[] joints = trial.Frames[Frame];
        compositor.DrawScene(camera,
            [new SkeletonDrawing(joints, trial.Bones, new Vector4(1f, 0.75f, 0.1f, 1f)) { BoneRadiusMetres = 0.02f, JointRadiusMetres = 0.035f }],
            [Trail(trial, trial.RightWrist, new Vector4(0.2f, 0.9f, 1f, 0.9f), 3f)]);
        compositor.DrawLabel(camera, joints[trial.Head], "ATHLETE 07", 12, new Vector4(1, 1, 1, 1), new Vector4(0.8f, 0.1f, 0.2f, 0.85f), new Vector2(8, -8));
        compositor.DrawLowerThird("Balancing trial", "cam03 · Pose2Sim reference 3D", new Vector4(1f, 0.75f, 0.1f, 1f));
        return Read(compositor);
    }

    private static RgbaImage RenderGraphics(GpuDevice device, TrialData trial)
    {
        using var compositor = new Compositor(device, new CompositorDescription(480, 270) { ReadbackSlots = 1 });
        compositor.BeginFrame(Vector4.Zero);
        RenderCamera camera = OrbitCamera(trial, 480, 270);
        compositor.DrawScene(camera, [new SkeletonDrawing(trial.Frames[Frame], trial.Bones, new Vector4(0.3f, 1f, 0.4f, 1f))]);
        compositor.FillRectangle(320, 20, 145, 60, new Vector4(0.1f, 0.2f, 0.6f, 0.5f));
        compositor.DrawText("54.2 km/h", 332, 58, 22, new Vector4(1, 1, 1, 1), bold: true);
        compositor.DrawLabel(camera, trial.Frames[Frame][trial.Head], "HEAD", 11, new Vector4(0, 0, 0, 1), new Vector4(1, 1, 1, 0.7f), new Vector2(6, -6));
        compositor.DrawLowerThird("Fill + key", "premultiplied over transparent", new Vector4(0.3f, 1f, 0.4f, 1f));
        return Read(compositor);
    }

    private static RgbaImage RenderOrbit(GpuDevice device, TrialData trial)
    {
        using var compositor = new Compositor(device, new CompositorDescription(480, 270) { ReadbackSlots = 1 });
        compositor.BeginFrame(new Vector4(0.06f, 0.07f, 0.1f, 1));
        RenderCamera camera = OrbitCamera(trial, 480, 270);
        Vector3[] joints = trial.Frames[Frame];
        compositor.DrawScene(camera,
            [
                new SkeletonDrawing(joints, trial.Bones, new Vector4(0.35f, 0.55f, 0.95f, 1f), SkeletonStyle.Capsules) { CapsuleRadiusMetres = 0.045f },
                new SkeletonDrawing(trial.Frames[0], trial.Bones, new Vector4(1f, 0.5f, 0.2f, 1f)),
            ],
            [Trail(trial, trial.RightWrist, new Vector4(1f, 0.9f, 0.2f, 1f), 2.5f), Trail(trial, trial.Head, new Vector4(1f, 0.3f, 0.6f, 1f), 2.5f)]);
        compositor.DrawText("Virtual camera", 14, 30, 18, new Vector4(1, 1, 1, 1), bold: true);
        return Read(compositor);
    }

    private static RenderCamera OrbitCamera(TrialData trial, int width, int height)
    {
        Vector3 centre = trial.Frames[Frame][trial.Pelvis];
        return RenderCamera.Orbit(centre with { Z = centre.Z - 0.05f }, 0.9f, 0.25f, 3.8f, 0.75f, width, height);
    }

    private static Trail Trail(TrialData trial, int joint, Vector4 color, float width)
    {
        var points = new Vector3[Frame + 1];
        for (int f = 0; f <= Frame; f++)
            points[f] = trial.Frames[f][joint];
        return new Trail(points, color, width);
    }

    private static VideoPlate DecodePlate(GpuDevice device)
    {
        string video = AssetLocator.RequireData(Path.Combine(Trial, "videos", "cam03.mp4"));
        using Decoder decoder = Decoder.Open(video, new DecoderOptions { Output = FrameOutput.Native, Threads = 1, Hardware = HardwareDecode.Software });
        for (int f = 0; ; f++)
        {
            if (!decoder.TryRead(out VideoFrame? frame))
                throw new InvalidDataException($"{video} ended before frame {Frame}");
            using (frame)
            {
                if (f < Frame)
                    continue;
                if (frame.PixelFormat != "yuv420p")
                    throw new InvalidDataException($"{video}: expected yuv420p, got {frame.PixelFormat}");
                var plate = new VideoPlate(device, frame.Width, frame.Height, VideoPlateFormat.Yuv420P);
                plate.UploadYuv420P(frame.Plane(0), frame.Stride(0), frame.Plane(1), frame.Stride(1), frame.Plane(2), frame.Stride(2));
                return plate;
            }
        }
    }

    private static RgbaImage Read(Compositor compositor)
    {
        var image = new RgbaImage(compositor.Width, compositor.Height);
        compositor.ReadRgba(image.Pixels);
        return image;
    }
}
