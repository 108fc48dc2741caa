using System.Numerics;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Engine.Rendering;

/// <summary>
/// The orbit view: a virtual camera (<see cref="OrbitCamera"/>) making one full turn around the athlete over a replay
/// of known length, the people as body capsules on a dark background, at the orbit camera's picture size. The
/// camera of every frame is computed when the view is made (about 150 bytes a frame), so drawing allocates nothing
/// per frame. Device thread only.
/// </summary>
public sealed class OrbitView : ChannelView
{
    /// <summary>The dark slate behind the bodies.</summary>
    public static readonly Vector4 Background = new(0.125f, 0.157f, 0.188f, 1f);

    private readonly RenderCamera[] _cameras;

    /// <summary>
    /// A view through <paramref name="orbit"/>, at its picture size, turning once over <paramref name="frames"/>
    /// frames from <paramref name="startRadians"/> (frame n at <see cref="OrbitCamera.AngleAt"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frames"/> is not positive.</exception>
    public OrbitView(GpuDevice device, string name, OrbitCamera orbit, int frames, double startRadians)
        : base(device, name, (orbit ?? throw new ArgumentNullException(nameof(orbit))).Width, orbit.Height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        _cameras = new RenderCamera[frames];
        for (int n = 0; n < frames; n++)
            _cameras[n] = RenderCamera.FromCalibration(orbit.At(OrbitCamera.AngleAt(n, frames, startRadians)));
    }

    /// <summary>Draws <paramref name="overlays"/>' people as capsules seen from the orbit's camera of frame <paramref name="frame"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frame"/> is outside the turn's frames.</exception>
    public void Draw(PersonOverlays overlays, long frame)
    {
        ArgumentNullException.ThrowIfNull(overlays);
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, _cameras.Length);
        Compositor.BeginFrame(Background);
        overlays.DrawBodies(Compositor, _cameras[frame]);
    }
}
