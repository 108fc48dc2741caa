using System.Numerics;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Offline;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Engine.Rendering;

/// <summary>
/// The orbit view: a virtual camera (<see cref="OrbitCamera"/>) making one full turn around the athlete over a replay
/// of known length, the people as body capsules on a dark background, at the orbit camera's picture size; or, made
/// with a <see cref="MeshDrawing"/>, the athletes' meshes (issue #18) standing on a floor that receives their shadows.
/// The camera of every frame is computed when the view is made (about 150 bytes a frame), so drawing allocates
/// nothing per frame. Device thread only.
/// </summary>
public sealed class OrbitView : ChannelView
{
    /// <summary>The dark slate behind the bodies.</summary>
    public static readonly Vector4 Background = new(0.125f, 0.157f, 0.188f, 1f);

    private readonly RenderCamera[] _cameras;
    private readonly MeshDrawing? _meshes;
    private readonly GroundPlane _ground;

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

    /// <summary>
    /// As <see cref="OrbitView(GpuDevice, string, OrbitCamera, int, double)"/>, drawing the athletes' meshes of
    /// <paramref name="meshes"/> over a floor (<see cref="GroundPlane.Around"/> under the orbit's centre, at its
    /// <see cref="OrbitCamera.FloorBelowCentreMetres"/>) with their shadows: draw with
    /// <see cref="Draw(OverlayHost, long, Rational)"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frames"/> is not positive.</exception>
    public OrbitView(GpuDevice device, string name, OrbitCamera orbit, int frames, double startRadians, MeshDrawing meshes)
        : this(device, name, orbit, frames, startRadians)
    {
        _meshes = meshes ?? throw new ArgumentNullException(nameof(meshes));
        _ground = GroundPlane.Around(new Vector3((float)orbit.Centre.X, (float)orbit.Centre.Y, (float)(orbit.Centre.Z - orbit.FloorBelowCentreMetres)));
    }

    /// <summary>The floor the meshes stand on (meaningful only for a view made with a <see cref="MeshDrawing"/>).</summary>
    public GroundPlane Ground => _ground;

    /// <summary>The camera of frame <paramref name="frame"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frame"/> is outside the turn's frames.</exception>
    public RenderCamera CameraOf(long frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, _cameras.Length);
        return _cameras[frame];
    }

    /// <summary>
    /// Draws <paramref name="overlays"/> as prepared (the <c>bodies</c> plugin: the people as capsules) seen from the
    /// orbit's camera of frame <paramref name="frame"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frame"/> is outside the turn's frames.</exception>
    /// <exception cref="InvalidOperationException">The view draws meshes: it needs the frame's time.</exception>
    public void Draw(OverlayHost overlays, long frame)
    {
        if (_meshes is not null)
            throw new InvalidOperationException($"orbit view '{Name}' draws meshes: call Draw(overlays, frame, time) with the capture time of frame {frame}");
        Draw(overlays, frame, Rational.Zero);
    }

    /// <summary>
    /// Draws frame <paramref name="frame"/>, which shows capture time <paramref name="time"/> (seconds). Without a
    /// <see cref="MeshDrawing"/>: <paramref name="overlays"/> as prepared, as <see cref="Draw(OverlayHost, long)"/>. With
    /// one: the floor with the shadows of the frame's meshes, the meshes, and then <paramref name="overlays"/> only when
    /// <see cref="MeshDrawing.SkeletonOnTop"/> is set, over the meshes (give it the <c>skeleton</c> plugin); a frame the
    /// source has no meshes for shows <paramref name="overlays"/> standing on the floor instead.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frame"/> is outside the turn's frames.</exception>
    public void Draw(OverlayHost overlays, long frame, Rational time)
    {
        ArgumentNullException.ThrowIfNull(overlays);
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, _cameras.Length);
        RenderCamera camera = _cameras[frame];
        Compositor.BeginFrame(Background);
        if (_meshes is null)
        {
            overlays.Draw(Compositor, camera);
            return;
        }
        ReadOnlySpan<AthleteMesh> meshes = _meshes.Source.MeshesAt(frame, time);
        Compositor.DrawGround(camera, _ground, [], meshes);
        if (meshes.IsEmpty)
        {
            overlays.Draw(Compositor, camera);
            return;
        }
        Compositor.DrawMeshes(camera, meshes, _ground.LightDirection);
        if (_meshes.SkeletonOnTop)
        {
            Compositor.ClearDepth();
            overlays.Draw(Compositor, camera);
        }
    }
}
