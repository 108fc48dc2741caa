using System.Globalization;
using System.Numerics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Views;
using Broadcast3D.Renderer.Passes;

namespace Broadcast3D.Engine.Scene;

/// <summary>
/// What the overlays show of the people in one picture, prepared once per picture (<see cref="Prepare"/>) and then
/// drawn by as many views as want it (<see cref="Draw"/> through a calibrated camera: skeleton, pelvis trails, id
/// label at the head, pelvis speed; <see cref="DrawBodies"/> through a virtual camera: body capsules), so every view
/// and pass of a picture shows the same thing and the per-person state (trails, speed) advances once per picture.
/// Skeletons older than <see cref="OverlayConfig.MaxSkeletonAge"/> fade out over a quarter second, so a stalled
/// tracker never freezes graphics on air. What is drawn, and for whom, follows <see cref="Graphics"/> (the control
/// API changes it between pictures). Colours are straight RGBA. Buffers and labels are allocated once (a label
/// string per person id of 100 or more excepted). One thread (the channel's).
/// </summary>
public sealed class PersonOverlays
{
    private const int TrailSamples = 60;            // 1 s at 60 fps: a stride or two of path, without clutter
    private const double SpeedWindowSeconds = 0.25; // long enough to average out jitter, short enough to follow a sprint
    private const int SpeedSteps = 400;             // labels cached for 0.0–40.0 m/s in 0.1 steps (faster than any athlete)
    private const double FadeSeconds = 0.25;        // stale graphics leave smoothly, yet within a quarter second
    private const int FadeLevels = 8;               // opacity steps of the fade, drawings made once per step
    private const int CachedIds = 100;              // id labels made up front: the tracker numbers people from 0

    /// <summary>The skeleton overlay's orange.</summary>
    public static readonly Vector4 SkeletonColour = new(1f, 0.65f, 0f, 1f);

    /// <summary>The pelvis trail's cyan.</summary>
    public static readonly Vector4 TrailColour = new(0f, 0.82f, 1f, 0.9f);

    /// <summary>The highlighted athlete's skeleton: a warm white, far from the orange of the others.</summary>
    public static readonly Vector4 HighlightColour = new(1f, 0.95f, 0.75f, 1f);

    /// <summary>The body capsules' colour in the orbit view.</summary>
    public static readonly Vector4 BodyColour = new(0f, 0.82f, 1f, 1f);

    private static readonly Vector4 TextColour = new(1f, 1f, 1f, 1f);
    private static readonly Vector4 BoxColour = new(0.04f, 0.06f, 0.08f, 0.7f);

    private readonly OverlayConfig _overlay;
    private readonly Vector3[][] _joints;
    private readonly SkeletonDrawing[][] _drawings; // [fade level][person]
    private readonly SkeletonDrawing[][] _highlighted; // [fade level][person]
    private readonly SkeletonDrawing[] _drawList;
    private readonly SkeletonDrawing[] _bodies;
    private readonly Vector4[] _textColours, _boxColours; // per fade level
    private readonly OverlayTrack[] _tracks;
    private readonly Trail[] _trails;
    private readonly Dictionary<int, string> _idLabels = [];
    private readonly string[] _speedLabels;
    private readonly int _head, _rightHip, _leftHip;
    private readonly Vector3[] _pelvis;
    private readonly string?[] _idTexts;
    private readonly string?[] _speedTexts;
    private readonly int[] _ids;
    private readonly double[] _speeds;
    private readonly int[] _jointsSeen;
    private int _people, _trailCount, _fadeLevel;

    /// <summary>State for up to <paramref name="maxPeople"/> people of <paramref name="definition"/> (which must have Head, RHip and LHip).</summary>
    /// <exception cref="ArgumentException">The definition lacks one of those markers.</exception>
    public PersonOverlays(SkeletonDefinition definition, int maxPeople, OverlayConfig overlay)
        : this(definition, maxPeople, overlay, new ProgrammeGraphics(overlay ?? throw new ArgumentNullException(nameof(overlay))))
    {
    }

    /// <summary>
    /// As the other constructor, drawing what <paramref name="graphics"/> says (shared with the control API's
    /// commands; channel thread) rather than the fixed switches of <paramref name="overlay"/>, whose skeleton age still applies.
    /// </summary>
    public PersonOverlays(SkeletonDefinition definition, int maxPeople, OverlayConfig overlay, ProgrammeGraphics graphics)
    {
        ArgumentNullException.ThrowIfNull(graphics);
        Graphics = graphics;
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeople, 1);
        _overlay = overlay;
        _head = definition.Require("Head");
        _rightHip = definition.Require("RHip");
        _leftHip = definition.Require("LHip");
        var opacities = new float[FadeLevels];
        for (int level = 0; level < FadeLevels; level++)
            opacities[level] = 1f - ((float)level / FadeLevels);
        _joints = new Vector3[maxPeople][];
        _drawings = new SkeletonDrawing[FadeLevels][];
        _highlighted = new SkeletonDrawing[FadeLevels][];
        _drawList = new SkeletonDrawing[maxPeople];
        _textColours = new Vector4[FadeLevels];
        _boxColours = new Vector4[FadeLevels];
        for (int level = 0; level < FadeLevels; level++)
        {
            _drawings[level] = new SkeletonDrawing[maxPeople];
            _highlighted[level] = new SkeletonDrawing[maxPeople];
            _textColours[level] = TextColour with { W = TextColour.W * opacities[level] };
            _boxColours[level] = BoxColour with { W = BoxColour.W * opacities[level] };
        }
        _bodies = new SkeletonDrawing[maxPeople];
        _tracks = new OverlayTrack[maxPeople];
        _trails = new Trail[maxPeople];
        _pelvis = new Vector3[maxPeople];
        _idTexts = new string?[maxPeople];
        _speedTexts = new string?[maxPeople];
        _ids = new int[maxPeople];
        _speeds = new double[maxPeople];
        _jointsSeen = new int[maxPeople];
        for (int p = 0; p < maxPeople; p++)
        {
            _joints[p] = new Vector3[definition.KeypointCount];
            // Bones and joints sized like the offline overlay, so both read the same on air.
            for (int level = 0; level < FadeLevels; level++)
            {
                _drawings[level][p] = new SkeletonDrawing(_joints[p], definition.Bones, SkeletonColour with { W = opacities[level] })
                    { BoneRadiusMetres = 0.02f, JointRadiusMetres = 0.035f };
                _highlighted[level][p] = new SkeletonDrawing(_joints[p], definition.Bones, HighlightColour with { W = opacities[level] })
                    { BoneRadiusMetres = 0.02f, JointRadiusMetres = 0.035f };
            }
            _bodies[p] = new SkeletonDrawing(_joints[p], definition.Bones, BodyColour, SkeletonStyle.Capsules) { CapsuleRadiusMetres = 0.045f };
            _tracks[p] = new OverlayTrack(TrailSamples, TrailColour, opacities);
        }
        _speedLabels = new string[SpeedSteps + 1];
        for (int i = 0; i <= SpeedSteps; i++)
            _speedLabels[i] = string.Create(CultureInfo.InvariantCulture, $"{i / 10.0:0.0} m/s");
        for (int id = 0; id < CachedIds; id++)
            IdLabel(id);
    }

    /// <summary>True when the last <see cref="Prepare"/> left something to draw.</summary>
    public bool Ready { get; private set; }

    /// <summary>People prepared for the current picture.</summary>
    public int People => Ready ? _people : 0;

    /// <summary>What is drawn and for whom (channel thread).</summary>
    public ProgrammeGraphics Graphics { get; }

    /// <summary>Track id of prepared person <paramref name="index"/> (below <see cref="People"/>).</summary>
    public int PersonId(int index) => _ids[index];

    /// <summary>Pelvis of prepared person <paramref name="index"/>, metres, Z up (NaN when a hip is missing).</summary>
    public Vector3 Pelvis(int index) => _pelvis[index];

    /// <summary>Pelvis speed of prepared person <paramref name="index"/> over the last quarter second, m/s (NaN before two samples).</summary>
    public double SpeedMetresPerSecond(int index) => _speeds[index];

    /// <summary>Fraction of prepared person <paramref name="index"/>'s joints that have a position (0–1): how complete the 3D is.</summary>
    public double JointCoverage(int index) => (double)_jointsSeen[index] / _joints[index].Length;

    /// <summary>
    /// Prepares the current picture from <paramref name="people"/> (sampled at the picture's time
    /// <paramref name="time"/>, metres, Z up) whose tracking result is <paramref name="ageSeconds"/> old, and advances
    /// the trails and speeds once; false (nothing to draw) once the skeletons are too old.
    /// </summary>
    public bool Prepare(SkeletonSet people, Rational time, double ageSeconds)
    {
        ArgumentNullException.ThrowIfNull(people);
        double maxAge = _overlay.MaxSkeletonAge.TotalSeconds;
        double opacity = ageSeconds <= maxAge ? 1 : 1 - ((ageSeconds - maxAge) / FadeSeconds);
        if (opacity <= 0)
        {
            Ready = false;
            return false;
        }
        _fadeLevel = Math.Clamp((int)Math.Floor((1 - opacity) * FadeLevels), 0, FadeLevels - 1);
        _people = Math.Min(people.Count, _joints.Length);
        _trailCount = 0;
        double seconds = time.ToDouble();
        foreach (OverlayTrack track in _tracks)
            track.Seen = false;
        for (int p = 0; p < _people; p++)
        {
            ReadOnlySpan<float> joints = people.PersonJoints(p);
            Vector3[] points = _joints[p];
            int seen = 0;
            for (int j = 0; j < points.Length; j++)
            {
                points[j] = new Vector3(joints[j * 3], joints[(j * 3) + 1], joints[(j * 3) + 2]);
                seen += IsFinite(points[j]) ? 1 : 0;
            }
            Vector3 pelvis = (points[_rightHip] + points[_leftHip]) * 0.5f;
            int id = people.PersonIds[p];
            OverlayTrack track = TrackFor(id);
            track.Seen = true;
            if (IsFinite(pelvis))
                track.Add(pelvis, seconds);
            if (track.Samples >= 2 && Graphics.IsShown(OverlayKind.Trails, id))
                _trails[_trailCount++] = track.TrailAt(_fadeLevel);
            _pelvis[p] = pelvis;
            _ids[p] = id;
            _jointsSeen[p] = seen;
            _speeds[p] = IsFinite(pelvis) ? track.SpeedMetresPerSecond(SpeedWindowSeconds) : double.NaN;
            _idTexts[p] = Graphics.IsShown(OverlayKind.Labels, id) && IsFinite(points[_head]) ? Graphics.NameOf(id) ?? IdLabel(id) : null;
            _speedTexts[p] = Graphics.IsShown(OverlayKind.Speed, id) ? SpeedLabel(pelvis, _speeds[p]) : null;
        }
        foreach (OverlayTrack track in _tracks)
        {
            if (!track.Seen)
                track.Restart(-1);
        }
        Ready = true;
        return true;
    }

    /// <summary>Nothing to draw in the current picture (no camera picture or no skeleton yet); the per-person state is kept.</summary>
    public void Clear() => Ready = false;

    /// <summary>
    /// Draws the prepared overlays (those <see cref="OverlayConfig"/> turns on) through <paramref name="camera"/>
    /// into <paramref name="compositor"/>'s current frame; labels about 1/30 of its height. Changes no state.
    /// </summary>
    public void Draw(Compositor compositor, RenderCamera camera)
    {
        ArgumentNullException.ThrowIfNull(compositor);
        ArgumentNullException.ThrowIfNull(camera);
        if (!Ready)
            return;
        int drawn = 0;
        for (int p = 0; p < _people; p++)
        {
            if (Graphics.IsShown(OverlayKind.Skeleton, _ids[p]))
                _drawList[drawn++] = (Graphics.Highlight == _ids[p] ? _highlighted : _drawings)[_fadeLevel][p];
        }
        ReadOnlySpan<SkeletonDrawing> drawings = _drawList.AsSpan(0, drawn);
        ReadOnlySpan<Trail> trails = _trails.AsSpan(0, _trailCount);
        if (!drawings.IsEmpty || !trails.IsEmpty)
            compositor.DrawScene(camera, drawings, trails);
        int labelPixels = LabelPixels(compositor);
        Vector2 idOffset = new(labelPixels * 0.5f, -labelPixels * 0.5f), speedOffset = new(labelPixels, 0);
        for (int p = 0; p < _people; p++)
        {
            if (_idTexts[p] is { } id)
                compositor.DrawLabel(camera, _joints[p][_head], id, labelPixels, _textColours[_fadeLevel], _boxColours[_fadeLevel], idOffset);
            if (_speedTexts[p] is { } speed)
                compositor.DrawLabel(camera, _pelvis[p], speed, labelPixels, _textColours[_fadeLevel], _boxColours[_fadeLevel], speedOffset);
        }
    }

    /// <summary>
    /// Shapes the speed labels and the first ids' labels for <paramref name="compositor"/>'s label size
    /// once, so a speed or id first shown on air allocates nothing on the channel thread (call before the clock starts).
    /// Both are shaped even when the configuration has them off: the control API may switch them on while on air.
    /// </summary>
    public void PrepareLabels(Compositor compositor)
    {
        ArgumentNullException.ThrowIfNull(compositor);
        int labelPixels = LabelPixels(compositor);
        foreach (string label in _speedLabels)
            compositor.PrepareText(label, labelPixels, bold: true);
        foreach (string label in _idLabels.Values)
            compositor.PrepareText(label, labelPixels, bold: true);
    }

    /// <summary>Draws the prepared people as body capsules through <paramref name="camera"/> (the orbit view). Changes no state.</summary>
    public void DrawBodies(Compositor compositor, RenderCamera camera)
    {
        ArgumentNullException.ThrowIfNull(compositor);
        ArgumentNullException.ThrowIfNull(camera);
        if (Ready && _people > 0)
            compositor.DrawScene(camera, _bodies.AsSpan(0, _people));
    }

    private string? SpeedLabel(Vector3 pelvis, double speed)
    {
        if (!IsFinite(pelvis) || !double.IsFinite(speed))
            return null;
        return _speedLabels[(int)Math.Round(Math.Clamp(speed, 0, SpeedSteps / 10.0) * 10)];
    }

    private OverlayTrack TrackFor(int personId)
    {
        OverlayTrack? free = null;
        foreach (OverlayTrack track in _tracks)
        {
            if (track.PersonId == personId)
                return track;
            if (track.PersonId < 0 && free is null)
                free = track;
        }
        // More ids than slots can only follow a free slot; a full table reuses the first (its path restarts).
        OverlayTrack slot = free ?? _tracks[0];
        slot.Restart(personId);
        return slot;
    }

    private string IdLabel(int personId)
    {
        if (!_idLabels.TryGetValue(personId, out string? label))
            _idLabels[personId] = label = string.Create(CultureInfo.InvariantCulture, $"#{personId}");
        return label;
    }

    // About 1/30 of the picture height: readable at 720p, not covering the athlete.
    private static int LabelPixels(Compositor compositor) => Math.Max(12, compositor.Height / 30);

    private static bool IsFinite(Vector3 v) => float.IsFinite(v.X) && float.IsFinite(v.Y) && float.IsFinite(v.Z);
}
