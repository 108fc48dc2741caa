using System.Globalization;
using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// The virtual camera of a replay: for a marked instant (every frame at one time: a freeze) or range (times stepping
/// at the replay speed: slow motion), a camera orbiting or flying around the selected athlete, who stays in the
/// centre of the picture, rendered from the recorded 3D — the <c>bodies</c> plugin's capsules through the programme's
/// plugin host, as in the orbit view of <c>b3d demo</c> — over a floor (<see cref="GroundPlane"/>) that receives the
/// athletes' shadows; made with a <see cref="MeshDrawing"/>, the athletes' meshes (issue #18) in place of the capsules,
/// casting their own shadows, the skeleton optionally on top. The shot's last
/// <see cref="VirtualCameraShot.DissolveFrames"/> frames dissolve into the real camera's picture of the same instant
/// (drawn by the caller, e.g. a <see cref="ReplayGraphics"/>), reaching it exactly on the last frame; with no dissolve
/// the caller cuts to the real camera after the last frame.
/// <para>Use: for each frame k, draw the real picture at <see cref="TimeOf"/>(k) when <see cref="RealOpacity"/>(k)
/// is above 0, then <see cref="Draw"/>(k, its texture); read <see cref="ChannelView.Compositor"/>. The cameras and
/// the athlete's centre of every frame are computed when the shot is made, so drawing allocates nothing per frame.
/// Device thread only.</para>
/// </summary>
public sealed class VirtualCamera : ChannelView
{
    /// <summary>The sky behind the floor: a dark blue-grey, like the orbit view's slate.</summary>
    public static readonly Vector4 Background = new(0.11f, 0.14f, 0.19f, 1f);

    // A 45° vertical field of view 4.5 m from the athlete: a 1.8 m athlete fills about half the picture's height,
    // with room for the arms and the floor around the feet.
    private const float FieldOfViewRadians = MathF.PI / 4;
    private const float DistanceMetres = 4.5f;
    // The orbit and the end of a fly look slightly down (10°), so the floor and the shadows show; the real
    // camera's own elevation is kept within 5°–35° at the start of a fly.
    private const float ViewElevation = MathF.PI / 18;
    private const float CapsuleRadiusMetres = 0.045f; // the bodies plugin's default radius: the shadows match the bodies

    private readonly Rational[] _times;
    private readonly RenderCamera[] _cameras;
    private readonly OverlayHost _bodies;
    private readonly MeshDrawing? _meshes;
    // The skeleton drawn over the meshes (MeshDrawing.SkeletonOnTop); null otherwise.
    private readonly OverlayHost? _skeletonOnTop;
    private readonly RecordedSkeletons _skeletons;
    private readonly SkeletonSet _sample = RecordedSkeletons.CreateSet();
    private readonly ShadowCaster[] _casters = new ShadowCaster[Renderer.Compositor.MaxShadowCasters];
    private readonly GroundPlane[] _grounds;
    private readonly int _dissolve;

    /// <summary>
    /// A <paramref name="width"/>×<paramref name="height"/> shot of <paramref name="times"/>.Count frames, frame k showing
    /// the athletes at <paramref name="times"/>[k] (capture timeline, seconds).
    /// </summary>
    /// <param name="device">The caller's device (kept open while the shot lives).</param>
    /// <param name="shot">Move, view, dissolve, athlete.</param>
    /// <param name="times">Time of each frame: all equal for a freeze, rising for a range.</param>
    /// <param name="realCamera">The calibration of the real camera cut back to (where the shot starts from).</param>
    /// <param name="width">Picture width, pixels (the real camera's output, for the dissolve).</param>
    /// <param name="height">Picture height, pixels.</param>
    /// <param name="skeletons">The recorded 3D around the times.</param>
    /// <param name="plugins">Where the <c>bodies</c> plugin comes from (the caller keeps the catalog).</param>
    /// <param name="rate">Output frame rate (the overlays' timecodes).</param>
    /// <param name="log">Plugin failures.</param>
    /// <param name="meshes">The athletes' meshes to draw in place of the capsules, or null (capsules).</param>
    /// <exception cref="ReplayException">
    /// No frames, a dissolve longer than the shot, or the athlete not recorded at the shot's first instant (the message
    /// names the time, the athlete and who was recorded).
    /// </exception>
    public VirtualCamera(GpuDevice device, VirtualCameraShot shot, IReadOnlyList<Rational> times, Camera realCamera, int width, int height,
        RecordedSkeletons skeletons, PluginCatalog plugins, FrameRate rate, Serilog.ILogger log, MeshDrawing? meshes = null)
        : base(device, "virtual", width, height)
    {
        ArgumentNullException.ThrowIfNull(shot);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(realCamera);
        ArgumentNullException.ThrowIfNull(plugins);
        _skeletons = skeletons ?? throw new ArgumentNullException(nameof(skeletons));
        try
        {
            if (times.Count == 0)
                throw new ReplayException("virtual camera: the shot has no frames; give a range or a freeze of at least one frame");
            if (shot.DissolveFrames > times.Count)
                throw new ReplayException($"virtual camera: a {shot.DissolveFrames}-frame dissolve is longer than the {times.Count}-frame shot; shorten --dissolve");
            _times = [.. times];
            _dissolve = shot.DissolveFrames;
            Athlete = shot.Athlete ?? FirstAthlete(_times[0], rate);
            Vector3[] centres = Centres(Athlete, rate, out float floor);
            _cameras = new RenderCamera[_times.Length];
            _grounds = new GroundPlane[_times.Length];
            Vector3 eye = Vector3Of(realCamera.PositionMetres) - centres[0];
            float startAzimuth = MathF.Atan2(eye.Y, eye.X);
            float startElevation = Math.Clamp(MathF.Asin(Math.Clamp(eye.Z / eye.Length(), -1, 1)), MathF.PI / 36, MathF.PI * 7 / 36);
            (float endAzimuth, float endElevation) = EndOf(shot, startAzimuth, startElevation);
            // The move takes the frames before the dissolve; the dissolve holds the last view while the real picture comes in.
            int moving = Math.Max(1, _times.Length - _dissolve);
            for (int k = 0; k < _times.Length; k++)
            {
                float azimuth, elevation;
                if (shot.Move == VirtualMove.Orbit)
                {
                    // One full turn over the moving frames, from the real camera's side back to it (OrbitCamera's turn).
                    azimuth = (float)OrbitCamera.AngleAt(Math.Min(k, moving), moving, startAzimuth);
                    elevation = ViewElevation;
                }
                else
                {
                    float s = Ease(moving == 1 ? 1 : Math.Min(1f, (float)k / (moving - 1)));
                    azimuth = startAzimuth + (s * ShortestTurn(startAzimuth, endAzimuth));
                    elevation = startElevation + (s * (endElevation - startElevation));
                }
                _cameras[k] = RenderCamera.Orbit(centres[k], azimuth, elevation, DistanceMetres, FieldOfViewRadians, width, height);
                _grounds[k] = GroundPlane.Around(centres[k] with { Z = floor });
            }
            _bodies = new OverlayHost(RecordedSkeletons.Definition, RecordedSkeletons.MaxPeople, [plugins.CreateOverlay("bodies")], new OverlaySelection(["bodies"]),
                TimeSpan.FromSeconds(1), rate, plugins.BudgetMilliseconds, log);
            _meshes = meshes;
            if (meshes is { SkeletonOnTop: true })
            {
                _skeletonOnTop = new OverlayHost(RecordedSkeletons.Definition, RecordedSkeletons.MaxPeople, [plugins.CreateOverlay("skeleton")],
                    new OverlaySelection(["skeleton"]), TimeSpan.FromSeconds(1), rate, plugins.BudgetMilliseconds, log);
            }
        }
        catch
        {
            _bodies?.Dispose();
            base.Dispose(disposing: true);
            throw;
        }
    }

    /// <summary>Frames of the shot.</summary>
    public int Frames => _times.Length;

    /// <summary>Track id of the athlete the camera follows.</summary>
    public int Athlete { get; }

    /// <summary>The capture time frame <paramref name="frame"/> shows, seconds.</summary>
    public Rational TimeOf(int frame) => _times[frame];

    /// <summary>The virtual camera of frame <paramref name="frame"/> (world metres, Z up; no lens distortion).</summary>
    public RenderCamera CameraOf(int frame) => _cameras[frame];

    /// <summary>The floor of frame <paramref name="frame"/> (under the athlete, at the lowest recorded point of the shot).</summary>
    public GroundPlane GroundOf(int frame) => _grounds[frame];

    /// <summary>
    /// How much of the real camera's picture frame <paramref name="frame"/> shows over the virtual one: 0 before the
    /// dissolve, rising to exactly 1 on the last frame of a dissolve; always 0 with a cut.
    /// </summary>
    public float RealOpacity(int frame)
    {
        int into = frame - (_times.Length - _dissolve);
        return _dissolve == 0 || into < 0 ? 0f : (float)(into + 1) / _dissolve;
    }

    /// <summary>
    /// Draws frame <paramref name="frame"/>: the floor with the shadows, the athletes' capsules at the frame's time (or
    /// the source's meshes for the frame, when made with a <see cref="MeshDrawing"/> and it has some: their shadows,
    /// the meshes, and the skeleton on top when asked), and over them <paramref name="realPicture"/> (premultiplied RGBA
    /// of the view's size, e.g. a <see cref="CameraView"/>'s output) at <see cref="RealOpacity"/>; the real picture may
    /// be null while that is 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The frame is outside the shot.</exception>
    /// <exception cref="ArgumentNullException">The frame is in the dissolve and no real picture was given.</exception>
    public void Draw(int frame, GpuTexture? realPicture)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, _times.Length);
        float opacity = RealOpacity(frame);
        if (opacity > 0)
            ArgumentNullException.ThrowIfNull(realPicture);
        RenderCamera camera = _cameras[frame];
        Compositor.BeginFrame(Background);
        ReadOnlySpan<AthleteMesh> meshes = _meshes is null ? [] : _meshes.Source.MeshesAt(frame, _times[frame]);
        if (meshes.IsEmpty)
            DrawCapsules(frame, camera);
        else
            DrawMeshes(frame, camera, meshes);
        if (opacity > 0)
            Compositor.DrawImage(realPicture!, 0, 0, Width, Height, opacity);
        Compositor.FlushGraphics();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _bodies?.Dispose();
            _skeletonOnTop?.Dispose();
        }
        base.Dispose(disposing);
    }

    private void DrawCapsules(int frame, RenderCamera camera)
    {
        int casters = 0;
        if (_skeletons.Sample(_times[frame], _sample, out _))
        {
            _bodies.Prepare(_sample, _times[frame], 0);
            casters = Casters(_sample);
        }
        else
        {
            _bodies.Clear();
        }
        Compositor.DrawGround(camera, _grounds[frame], _casters.AsSpan(0, casters));
        _bodies.Draw(Compositor, camera);
    }

    private void DrawMeshes(int frame, RenderCamera camera, ReadOnlySpan<AthleteMesh> meshes)
    {
        GroundPlane ground = _grounds[frame];
        Compositor.DrawGround(camera, ground, [], meshes);
        Compositor.DrawMeshes(camera, meshes, ground.LightDirection);
        if (_skeletonOnTop is null)
            return;
        if (_skeletons.Sample(_times[frame], _sample, out _))
            _skeletonOnTop.Prepare(_sample, _times[frame], 0);
        else
            _skeletonOnTop.Clear();
        // Through the body: the joints stay readable wherever the mesh is.
        Compositor.ClearDepth();
        _skeletonOnTop.Draw(Compositor, camera);
    }

    /// <summary>Every body segment and joint of <paramref name="people"/> as a shadow caster (the capsules the bodies plugin draws).</summary>
    private int Casters(SkeletonSet people)
    {
        IReadOnlyList<(int From, int To)> bones = people.Definition.Bones;
        int n = 0;
        for (int p = 0; p < people.Count; p++)
        {
            ReadOnlySpan<float> j = people.PersonJoints(p);
            for (int b = 0; b < bones.Count && n < _casters.Length; b++)
                _casters[n++] = new ShadowCaster(Joint(j, bones[b].From), Joint(j, bones[b].To), CapsuleRadiusMetres);
            for (int k = 0; k < people.Definition.KeypointCount && n < _casters.Length; k++)
                _casters[n++] = new ShadowCaster(Joint(j, k), Joint(j, k), CapsuleRadiusMetres);
        }
        return n;
    }

    private int FirstAthlete(Rational time, FrameRate rate)
    {
        if (!_skeletons.Sample(time, _sample, out _) || _sample.Count == 0)
            throw new ReplayException($"virtual camera: nobody was tracked at {ReplayExporter.Describe(time, rate)}; pick an instant with the athlete in the 3D");
        return _sample.PersonIds.AsSpan(0, _sample.Count).ToArray().Min();
    }

    /// <summary>The athlete's centre (mean of the tracked joints) at each frame's time, held where not tracked, and the floor under the shot.</summary>
    private Vector3[] Centres(int athlete, FrameRate rate, out float floor)
    {
        var centres = new Vector3[_times.Length];
        Vector3? last = null;
        floor = float.PositiveInfinity;
        for (int k = 0; k < _times.Length; k++)
        {
            if (_skeletons.Sample(_times[k], _sample, out _))
            {
                int p = Array.IndexOf(_sample.PersonIds, athlete, 0, _sample.Count);
                if (p >= 0 && Mean(_sample.PersonJoints(p), out Vector3 centre))
                    last = centre;
                for (int q = 0; q < _sample.Count; q++)
                {
                    ReadOnlySpan<float> j = _sample.PersonJoints(q);
                    for (int i = 2; i < j.Length; i += 3)
                    {
                        if (float.IsFinite(j[i]))
                            floor = Math.Min(floor, j[i]);
                    }
                }
            }
            if (last is null)
            {
                string present = string.Join(", ", _sample.PersonIds.Take(_sample.Count));
                throw new ReplayException(string.Create(CultureInfo.InvariantCulture,
                    $"virtual camera: athlete {athlete} was not tracked at {ReplayExporter.Describe(_times[k], rate)} (tracked there: {(present.Length == 0 ? "nobody" : present)}); give --athlete with one of them"));
            }
            centres[k] = last.Value;
        }
        // The capsules' lowest joints touch the floor rather than sink into it.
        floor -= CapsuleRadiusMetres;
        return centres;
    }

    private static bool Mean(ReadOnlySpan<float> joints, out Vector3 mean)
    {
        Vector3 sum = Vector3.Zero;
        int n = 0;
        for (int i = 0; i + 2 < joints.Length; i += 3)
        {
            var p = new Vector3(joints[i], joints[i + 1], joints[i + 2]);
            if (float.IsFinite(p.X) && float.IsFinite(p.Y) && float.IsFinite(p.Z))
            {
                sum += p;
                n++;
            }
        }
        mean = n == 0 ? default : sum / n;
        return n > 0;
    }

    private static (float Azimuth, float Elevation) EndOf(VirtualCameraShot shot, float startAzimuth, float startElevation) => shot.View switch
    {
        "side" => (startAzimuth + (MathF.PI / 2), ViewElevation),
        "behind" => (startAzimuth + MathF.PI, ViewElevation),
        "front" => (startAzimuth, ViewElevation),
        // Not straight down: the orbit camera's up vector needs a horizontal direction, and a little perspective reads better.
        "top" => (startAzimuth, MathF.PI * 4 / 9),
        _ => ((float)(double.Parse(shot.View, CultureInfo.InvariantCulture) * Math.PI / 180), ViewElevation),
    };

    /// <summary>The turn from <paramref name="from"/> to <paramref name="to"/> the short way round, radians in (−π, π].</summary>
    private static float ShortestTurn(float from, float to)
    {
        float d = (to - from) % (2 * MathF.PI);
        if (d > MathF.PI)
            d -= 2 * MathF.PI;
        else if (d <= -MathF.PI)
            d += 2 * MathF.PI;
        return d;
    }

    /// <summary>Smoothstep: the camera starts and stops without a jerk.</summary>
    private static float Ease(float t) => t * t * (3 - (2 * t));

    private static Vector3 Joint(ReadOnlySpan<float> joints, int k) => new(joints[k * 3], joints[(k * 3) + 1], joints[(k * 3) + 2]);

    private static Vector3 Vector3Of(Vector3d v) => new((float)v.X, (float)v.Y, (float)v.Z);
}
