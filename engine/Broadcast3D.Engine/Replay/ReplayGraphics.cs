using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Gpu;
using Broadcast3D.Media;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// One camera's replay pictures with the recorded 3D drawn over them, through the programme's own painter: a
/// <see cref="CameraView"/> (plate + overlays projected through the recording's calibration of that camera, lens
/// distortion included) and an <see cref="OverlayHost"/> running the overlay plugins. Per output frame the picture
/// is the recorded one on screen at the replayed time, while the skeletons are sampled at that exact sub-frame time
/// (<see cref="RecordedSkeletons"/>): at 0.25 speed the picture steps every fourth frame and the skeleton moves on
/// every frame. Used by <see cref="ReplayExporter"/> and by the replay channel. Device thread only (the caller's,
/// which owns the device); no allocation per frame after the first picture.
/// </summary>
public sealed class ReplayGraphics : IDisposable
{
    private readonly GpuDevice _device;
    private readonly CameraView _view;
    private readonly PlateSlot _plate = new();
    private readonly OverlayHost _overlays;
    private readonly RecordedSkeletons _skeletons;
    private readonly SkeletonSet _sample = RecordedSkeletons.CreateSet();

    /// <summary>
    /// Draws <paramref name="width"/>×<paramref name="height"/> pictures of a camera calibrated as
    /// <paramref name="calibration"/>, with <paramref name="plugins"/>' overlays in <paramref name="selection"/>.
    /// </summary>
    /// <param name="device">The caller's device (kept open by the caller while this lives).</param>
    /// <param name="calibration">The camera's calibration as recorded (<see cref="RecordingCatalog.Calibration"/>).</param>
    /// <param name="width">Output width, pixels (the recorded pictures are scaled to it).</param>
    /// <param name="height">Output height, pixels.</param>
    /// <param name="skeletons">The clip's recorded 3D.</param>
    /// <param name="plugins">The plugins (the caller keeps the catalog).</param>
    /// <param name="selection">Which overlays draw (e.g. <see cref="PluginCatalog.Selection"/> of the run's overlay section).</param>
    /// <param name="rate">Output frame rate (the overlays' timecodes).</param>
    /// <param name="log">Plugin failures.</param>
    public ReplayGraphics(GpuDevice device, Camera calibration, int width, int height, RecordedSkeletons skeletons, PluginCatalog plugins,
        OverlaySelection selection, FrameRate rate, Serilog.ILogger log)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(plugins);
        _device = device;
        _skeletons = skeletons ?? throw new ArgumentNullException(nameof(skeletons));
        _view = new CameraView(device, "replay", calibration, width, height);
        _overlays = new OverlayHost(RecordedSkeletons.Definition, RecordedSkeletons.MaxPeople, plugins.CreateOverlays(), selection,
            new OverlayConfig(true, true, false, false).MaxSkeletonAge, rate, plugins.BudgetMilliseconds, log);
        _overlays.PrepareText(_view.Compositor);
    }

    /// <summary>The view drawn into; its compositor holds the last frame (premultiplied RGBA, opaque over a plate).</summary>
    public CameraView View => _view;

    /// <summary>The people drawn in the last frame (valid until the next <see cref="Draw"/>).</summary>
    public SkeletonSet People => _sample;

    /// <summary>
    /// Draws one output frame: <paramref name="picture"/> (uploaded only when <paramref name="newPicture"/>; the
    /// caller keeps it) with the people sampled at <paramref name="time"/> over it. <paramref name="blur"/>: regions
    /// blurred in the picture before any overlay (x, y, width, height in the picture's pixels; issue #21).
    /// </summary>
    /// <exception cref="MediaException">A picture layout the plate does not take.</exception>
    public void Draw(VideoFrame picture, Rational pictureTime, bool newPicture, Rational time, ReadOnlySpan<System.Numerics.Vector4> blur = default)
    {
        ArgumentNullException.ThrowIfNull(picture);
        if (newPicture || !_plate.HasPicture)
            _plate.Upload(_device, picture, pictureTime, 0);
        if (_skeletons.Sample(time, _sample, out double age))
            _overlays.Prepare(_sample, time, age);
        else
            _overlays.Clear();
        _view.Draw(_plate, _overlays, blur);
    }

    /// <summary>Reads the last frame into <paramref name="rgba"/> (width × height × 4 bytes, rows top first).</summary>
    public void ReadRgba(Span<byte> rgba) => _view.Compositor.ReadRgba(rgba);

    public void Dispose()
    {
        _overlays.Dispose();
        _plate.Dispose();
        _view.Dispose();
    }
}
