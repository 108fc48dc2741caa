using System.Numerics;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Engine.Rendering;

/// <summary>
/// The orbit view: a virtual camera (<see cref="OrbitCamera"/>) circling the athlete, the people as body capsules on
/// a dark background, at the orbit camera's picture size. Device thread only.
/// </summary>
public sealed class OrbitView : ChannelView
{
    /// <summary>The dark slate behind the bodies.</summary>
    public static readonly Vector4 Background = new(0.125f, 0.157f, 0.188f, 1f);

    private readonly OrbitCamera _orbit;

    /// <summary>A view through <paramref name="orbit"/>, at its picture size.</summary>
    public OrbitView(GpuDevice device, string name, OrbitCamera orbit)
        : base(device, name, (orbit ?? throw new ArgumentNullException(nameof(orbit))).Width, orbit.Height)
    {
        _orbit = orbit;
    }

    /// <summary>
    /// Draws <paramref name="overlays"/> as prepared (the <c>bodies</c> plugin: the people as capsules) seen from
    /// <paramref name="angleRadians"/> around the orbit (see <see cref="OrbitCamera.At"/>).
    /// </summary>
    public void Draw(OverlayHost overlays, double angleRadians)
    {
        ArgumentNullException.ThrowIfNull(overlays);
        Compositor.BeginFrame(Background);
        overlays.Draw(Compositor, RenderCamera.FromCalibration(_orbit.At(angleRadians)));
    }
}
