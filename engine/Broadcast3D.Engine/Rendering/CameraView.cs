using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Engine.Rendering;

/// <summary>
/// A calibrated camera's view: its picture (a <see cref="PlateSlot"/>) as the plate, scaled to the view's size, and
/// the people's overlays drawn through the camera's calibration (lens distortion included) in the picture's own
/// pixels, so the skeleton lands on the athlete at the same pixels as the CPU projection. The graphics layer
/// (<see cref="DrawGraphics"/>: the same overlays over transparent, no plate) is the fill + key of alpha outputs.
/// Device thread only.
/// </summary>
public sealed class CameraView : ChannelView
{
    private Camera _camera;
    private RenderCamera? _view;

    /// <summary>A <paramref name="width"/>×<paramref name="height"/> view of calibrated camera <paramref name="camera"/>.</summary>
    public CameraView(GpuDevice device, string name, Camera camera, int width, int height)
        : base(device, name, width, height)
    {
        ArgumentNullException.ThrowIfNull(camera);
        _camera = camera;
    }

    /// <summary>
    /// The calibrated camera the overlays are drawn through; set when the programme cuts to another camera (device
    /// thread, between frames).
    /// </summary>
    public Camera Camera
    {
        get => _camera;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _camera = value;
            _view = null;
        }
    }

    /// <summary>
    /// Draws <paramref name="plate"/> (black when it holds no picture) and, over it, <paramref name="overlays"/> as
    /// prepared for that picture (none before the first picture: there is nothing yet to place them on).
    /// <paramref name="blur"/>: people blurred in the picture before any overlay (x, y, width, height in the
    /// picture's pixels; <see cref="Privacy.BlurRegions"/>).
    /// </summary>
    public void Draw(PlateSlot plate, OverlayHost? overlays, ReadOnlySpan<Vector4> blur = default)
    {
        ArgumentNullException.ThrowIfNull(plate);
        Compositor.BeginFrame(new Vector4(0, 0, 0, 1));
        plate.Draw(Compositor, blur);
        if (plate.HasPicture && overlays is { Ready: true })
            overlays.Draw(Compositor, ViewFor(plate));
    }

    /// <summary>
    /// Draws the graphics layer of <paramref name="plate"/>'s picture: <paramref name="overlays"/> over transparent,
    /// without the plate (transparent throughout when nothing is to be drawn).
    /// </summary>
    public void DrawGraphics(PlateSlot plate, OverlayHost? overlays)
    {
        ArgumentNullException.ThrowIfNull(plate);
        Compositor.BeginFrame(Vector4.Zero);
        if (plate.HasPicture && overlays is { Ready: true })
            overlays.Draw(Compositor, ViewFor(plate));
    }

    // Calibration in the camera's own pixels (a 1080-wide video is the 1088-wide sensor cropped, not scaled); the
    // compositor scales that image to the view's size.
    private RenderCamera ViewFor(PlateSlot plate)
    {
        if (_view is null || _view.ImageWidth != plate.Width || _view.ImageHeight != plate.Height)
            _view = RenderCamera.FromCalibration(_camera) with { ImageWidth = plate.Width, ImageHeight = plate.Height };
        return _view;
    }
}
