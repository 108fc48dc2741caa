using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Gpu;
using Broadcast3D.Media;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Cameras;
using Broadcast3D.Renderer.Passes;

namespace Broadcast3D.Engine.Pipeline;

/// <summary>
/// The offline pictures through the GPU compositor (issue #6): the camera's own video as the plate (YUV 4:2:0
/// uploaded as decoded, BT.709 limited) and the 3D skeleton drawn through the calibrated camera, lens distortion
/// included; or, for the orbit, the skeleton as body capsules on a dark background through a virtual camera.
/// One compositor and plate per picture size, created on first use. Owns its device; the thread that created it
/// must make every call.
/// </summary>
internal sealed class GpuTrialPainter : IDisposable
{
    private static readonly Vector4 OverlayColour = new(1f, 0.65f, 0f, 1f);
    private static readonly Vector4 OrbitColour = new(0f, 0.82f, 1f, 1f);
    private static readonly Vector4 OrbitBackground = new(0.125f, 0.157f, 0.188f, 1f);

    private readonly GpuDevice _device;
    private readonly Dictionary<(int, int), Compositor> _compositors = [];
    private readonly Dictionary<(int, int), VideoPlate> _plates = [];
    private readonly Vector3[] _joints;
    private readonly SkeletonDrawing[] _overlay;
    private readonly SkeletonDrawing[] _orbit;

    private GpuTrialPainter(GpuDevice device)
    {
        _device = device;
        _joints = new Vector3[Pose2SimMarkers.Definition.KeypointCount];
        IReadOnlyList<(int From, int To)> bones = Pose2SimMarkers.Definition.Bones;
        _overlay = [new SkeletonDrawing(_joints, bones, OverlayColour) { BoneRadiusMetres = 0.02f, JointRadiusMetres = 0.035f }];
        _orbit = [new SkeletonDrawing(_joints, bones, OrbitColour, SkeletonStyle.Capsules) { CapsuleRadiusMetres = 0.045f }];
        Description = device.Info.ToString();
    }

    /// <summary>The device, for the summary.</summary>
    public string Description { get; }

    /// <summary>
    /// A painter on a new GPU device owned by the calling thread. Throws <see cref="GpuUnavailableException"/> saying
    /// what to install when no EGL device can be created (the design draws on the GPU; llvmpipe provides one anywhere).
    /// </summary>
    public static GpuTrialPainter Create() => new(GpuDevice.Create());

    /// <summary>
    /// <paramref name="frame"/> (yuv420p) with the skeleton of <paramref name="world"/> (metres, marker-major x, y, z, Z up; NaN where missing)
    /// drawn through <paramref name="camera"/>, read back as opaque RGBA into <paramref name="rgba"/>.
    /// </summary>
    /// <exception cref="MediaException">A frame in a pixel format other than yuv420p.</exception>
    public void PaintOverlay(VideoFrame frame, Camera camera, ReadOnlySpan<float> world, Span<byte> rgba)
    {
        if (frame.PixelFormat != "yuv420p")
            throw new MediaException($"the GPU plate takes yuv420p, this video decodes to {frame.PixelFormat}");
        Compositor compositor = CompositorFor(frame.Width, frame.Height);
        if (!_plates.TryGetValue((frame.Width, frame.Height), out VideoPlate? plate))
            _plates[(frame.Width, frame.Height)] = plate = new VideoPlate(_device, frame.Width, frame.Height, VideoPlateFormat.Yuv420P);
        plate.UploadYuv420P(frame.Plane(0), frame.Stride(0), frame.Plane(1), frame.Stride(1), frame.Plane(2), frame.Stride(2));
        SetJoints(world);
        compositor.BeginFrame(new Vector4(0, 0, 0, 1));
        compositor.DrawPlate(plate);
        // Same pixels as the calibration (a 1080-wide video is the 1088-wide sensor cropped, not scaled).
        RenderCamera view = RenderCamera.FromCalibration(camera) with { ImageWidth = frame.Width, ImageHeight = frame.Height };
        compositor.DrawScene(view, _overlay);
        compositor.ReadRgba(rgba);
    }

    /// <summary>The skeleton as body capsules seen by <paramref name="camera"/> (a virtual camera), opaque RGBA.</summary>
    public void PaintOrbit(Camera camera, ReadOnlySpan<float> world, Span<byte> rgba)
    {
        Compositor compositor = CompositorFor(camera.ImageWidth, camera.ImageHeight);
        SetJoints(world);
        compositor.BeginFrame(OrbitBackground);
        compositor.DrawScene(RenderCamera.FromCalibration(camera), _orbit);
        compositor.ReadRgba(rgba);
    }

    public void Dispose()
    {
        foreach (VideoPlate p in _plates.Values)
            p.Dispose();
        foreach (Compositor c in _compositors.Values)
            c.Dispose();
        _device.Dispose();
    }

    private Compositor CompositorFor(int width, int height)
    {
        if (!_compositors.TryGetValue((width, height), out Compositor? compositor))
            _compositors[(width, height)] = compositor = new Compositor(_device, new CompositorDescription(width, height));
        return compositor;
    }

    private void SetJoints(ReadOnlySpan<float> world)
    {
        for (int j = 0; j < _joints.Length; j++)
            _joints[j] = new Vector3(world[j * 3], world[(j * 3) + 1], world[(j * 3) + 2]);
    }
}
