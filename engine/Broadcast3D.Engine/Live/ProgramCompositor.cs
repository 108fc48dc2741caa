using System.Globalization;
using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Threading;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Pipeline;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Cameras;
using Broadcast3D.Renderer.Passes;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// Channel-thread side of the live programme, on the GPU compositor (issue #7): takes the newest camera picture
/// (repeating and counting when there is none), uploads it into a GPU delay line of the configured frames, samples
/// the skeletons at the delayed picture's capture time (<see cref="SkeletonInterpolator"/>; skeletons older than
/// <see cref="OverlayConfig.MaxSkeletonAge"/> fade out over a quarter second, so a stalled tracker never freezes
/// graphics on air), draws the plate
/// scaled to the programme size, the overlays through the programme camera's calibration (skeleton, pelvis trails,
/// id labels at the head, pelvis speed) and reads the picture back through the PBO pool.
/// <para>Graphics layer (outputs with <c>alpha</c>): when constructed with one, <see cref="ComposeGraphics"/> draws the
/// same overlays again, sampled once with the programme (same skeletons, same picture time, trails advanced once),
/// over a transparent clear without the plate, and reads them back into <see cref="GraphicsOutput"/> as straight
/// alpha (what NDI BGRA and FFmpeg's YUVA formats carry). Without one, no extra pass is drawn.</para>
/// <para>Channel order: the plate is the decoder's BGRA uploaded as is (the tracking models need packed RGB
/// anyway, so no second conversion is made), so the compositor's channels 0 and 2 hold B and R throughout and every
/// overlay colour is given in that order; the read-back picture is BGRA, as NDI and the encoders take it.</para>
/// Creates and owns the GPU device: construct, call and dispose on the channel thread. Buffers allocated once
/// (label strings per new person id excepted).
/// </summary>
internal sealed class ProgramCompositor : IDisposable
{
    private const int TrailSamples = 60;          // 1 s at 60 fps: a stride or two of path, without clutter
    private const double SpeedWindowSeconds = 0.25; // long enough to average out jitter, short enough to follow a sprint
    private const int SpeedSteps = 400;           // labels cached for 0.0–40.0 m/s in 0.1 steps (faster than any athlete)
    private const double FadeSeconds = 0.25;      // stale graphics leave smoothly, yet within a quarter second
    private const int FadeLevels = 8;             // opacity steps of the fade, drawings made once per step

    // Colours as (B, G, R, A): see the class remarks.
    private static readonly Vector4 SkeletonColour = new(0f, 0.65f, 1f, 1f);   // orange
    private static readonly Vector4 TrailColour = new(1f, 0.82f, 0f, 0.9f);    // cyan
    private static readonly Vector4 TextColour = new(1f, 1f, 1f, 1f);
    private static readonly Vector4 BoxColour = new(0.08f, 0.06f, 0.04f, 0.7f);

    private readonly GpuDevice _device;
    private readonly Compositor _compositor;
    private readonly Camera _camera;
    private readonly FrameQueue<ProgramPicture> _pictures;
    private readonly TripleBuffer<SkeletonSet> _skeletons;
    private readonly DelayLine<PlateSlot> _delay;
    private readonly List<PlateSlot> _slots = [];
    private readonly SkeletonInterpolator _interpolator;
    private readonly SkeletonSet _sample;
    private readonly OverlayConfig _overlay;
    private readonly Vector3[][] _joints;
    private readonly SkeletonDrawing[][] _drawings; // [fade level][person]
    private readonly Vector4[] _textColours, _boxColours; // per fade level
    private readonly double _maxSkeletonAgeSeconds;
    private readonly PersonTrack[] _tracks;
    private readonly Trail[] _trails;
    private readonly Dictionary<int, string> _idLabels = [];
    private readonly string[] _speedLabels;
    private readonly int _head, _rightHip, _leftHip;
    private readonly int _labelPixels;
    // What the overlays draw this frame, prepared once per picture so both passes draw the same thing.
    private readonly Vector3[] _pelvis;
    private readonly string?[] _idTexts;
    private readonly string?[] _speedTexts;
    private readonly ReadbackPool _readback;
    private RenderCamera? _view;
    private long _lastIngest;
    private int _people, _trailCount, _fadeLevel;
    private bool _overlaysReady, _graphicsDue;

    public ProgramCompositor(Camera camera, FrameQueue<ProgramPicture> pictures, TripleBuffer<SkeletonSet> skeletons, int delayFrames,
        OverlayConfig overlay, int width, int height, int maxPeople, bool graphicsLayer)
    {
        _maxSkeletonAgeSeconds = overlay.MaxSkeletonAge.TotalSeconds;
        // Throws GpuUnavailableException with what to install when no EGL device can be created.
        _device = GpuDevice.Create();
        try
        {
            _compositor = new Compositor(_device, new CompositorDescription(width, height));
        }
        catch
        {
            _device.Dispose();
            throw;
        }
        _camera = camera;
        _pictures = pictures;
        _skeletons = skeletons;
        _overlay = overlay;
        _delay = new DelayLine<PlateSlot>(delayFrames, () =>
        {
            var slot = new PlateSlot();
            _slots.Add(slot);
            return slot;
        });
        SkeletonDefinition definition = Pose2SimMarkers.Definition;
        _sample = new SkeletonSet(definition, maxPeople);
        _interpolator = new SkeletonInterpolator(_sample);
        _joints = new Vector3[maxPeople][];
        var opacities = new float[FadeLevels];
        for (int level = 0; level < FadeLevels; level++)
            opacities[level] = 1f - ((float)level / FadeLevels);
        _drawings = new SkeletonDrawing[FadeLevels][];
        _textColours = new Vector4[FadeLevels];
        _boxColours = new Vector4[FadeLevels];
        for (int level = 0; level < FadeLevels; level++)
        {
            _drawings[level] = new SkeletonDrawing[maxPeople];
            _textColours[level] = TextColour with { W = TextColour.W * opacities[level] };
            _boxColours[level] = BoxColour with { W = BoxColour.W * opacities[level] };
        }
        _tracks = new PersonTrack[maxPeople];
        _trails = new Trail[maxPeople];
        _pelvis = new Vector3[maxPeople];
        _idTexts = new string?[maxPeople];
        _speedTexts = new string?[maxPeople];
        // Bones and joints sized like the offline overlay, so both read the same on air.
        for (int p = 0; p < maxPeople; p++)
        {
            _joints[p] = new Vector3[definition.KeypointCount];
            for (int level = 0; level < FadeLevels; level++)
            {
                _drawings[level][p] = new SkeletonDrawing(_joints[p], definition.Bones, SkeletonColour with { W = opacities[level] })
                    { BoneRadiusMetres = 0.02f, JointRadiusMetres = 0.035f };
            }
            _tracks[p] = new PersonTrack(TrailSamples, TrailColour, opacities);
        }
        _speedLabels = new string[SpeedSteps + 1];
        for (int i = 0; i <= SpeedSteps; i++)
            _speedLabels[i] = string.Create(CultureInfo.InvariantCulture, $"{i / 10.0:0.0} m/s");
        _head = definition.Require("Head");
        _rightHip = definition.Require("RHip");
        _leftHip = definition.Require("LHip");
        // About 1/30 of the picture height: readable at 720p, not covering the athlete.
        _labelPixels = Math.Max(12, height / 30);
        Output = new byte[width * height * 4];
        GraphicsOutput = graphicsLayer ? new byte[width * height * 4] : null;
        // Each readback is completed before the next begins, so the graphics layer shares the programme's slots.
        _readback = new ReadbackPool(_device, width, height, TextureFormat.Rgba8, slots: 2);
        Description = _device.Info.ToString();
    }

    /// <summary>The device drawing the programme (for the run report).</summary>
    public string Description { get; }

    /// <summary>The last composed picture, BGRA, programme size; valid until the next <see cref="Compose"/>.</summary>
    public byte[] Output { get; }

    /// <summary>
    /// The graphics layer of the last composed picture: overlays only, BGRA with straight alpha (0 where nothing is
    /// drawn), programme size; valid until the next <see cref="Compose"/>. Null when constructed without one.
    /// </summary>
    public byte[]? GraphicsOutput { get; }

    /// <summary>Ingest timestamp of <see cref="Output"/>'s camera frame on its first showing; 0 on a repeat or black.</summary>
    public long OutputIngestTimestamp { get; private set; }

    /// <summary>Composes the next programme picture into <see cref="Output"/>; false while the delay line fills.</summary>
    public bool Compose(ChannelStats stats)
    {
        ProgramPicture picture = _pictures.Read(out bool isNew);
        if (!isNew)
            stats.CountRepeat();
        SkeletonSet skeletons = _skeletons.Read(out bool newSkeletons);
        if (newSkeletons)
            _interpolator.Push(skeletons);

        _delay.WriteSlot.Upload(_device, picture);
        PlateSlot? delayed = _delay.Push();
        if (delayed is null)
            return false;
        // A repeated picture is not new glass-to-output: only its first showing is measured (0 = not measured).
        OutputIngestTimestamp = delayed.IngestTimestamp == _lastIngest ? 0 : delayed.IngestTimestamp;
        _lastIngest = delayed.IngestTimestamp;

        _compositor.BeginFrame(new Vector4(0, 0, 0, 1));
        GpuTexture? plate = delayed.Texture;
        // No overlays before the first camera picture: there is nothing yet to place them on.
        _overlaysReady = plate is not null && PrepareOverlays(delayed, plate);
        if (plate is not null)
            _compositor.DrawImage(plate, 0, 0, _compositor.Width, _compositor.Height);
        if (_overlaysReady)
            DrawOverlays();
        ReadBack(Output);
        _graphicsDue = GraphicsOutput is not null;
        return true;
    }

    /// <summary>
    /// Composes the graphics layer of the picture the last <see cref="Compose"/> returned true for into
    /// <see cref="GraphicsOutput"/>: its overlays as prepared for the programme, over transparent, no plate. Throws
    /// <see cref="InvalidOperationException"/> without a graphics layer or when not after such a Compose.
    /// </summary>
    public void ComposeGraphics()
    {
        if (GraphicsOutput is null || !_graphicsDue)
            throw new InvalidOperationException("ComposeGraphics follows a Compose that returned true, on a compositor with a graphics layer");
        _graphicsDue = false;
        if (!_overlaysReady)
        {
            // Nothing to draw (no picture or no skeletons yet): transparent, without a GPU round trip.
            Array.Clear(GraphicsOutput);
            return;
        }
        _compositor.BeginFrame(Vector4.Zero);
        DrawOverlays();
        ReadBack(GraphicsOutput);
        Compositor.Unpremultiply(GraphicsOutput, GraphicsOutput);
    }

    public void Dispose()
    {
        _readback.Dispose();
        foreach (PlateSlot slot in _slots)
            slot.Dispose();
        _compositor.Dispose();
        _device.Dispose();
    }

    /// <summary>
    /// Samples the skeletons at the picture's time and advances the per-person state (trails, speed) once; false
    /// when there is nothing to draw yet.
    /// </summary>
    private bool PrepareOverlays(PlateSlot delayed, GpuTexture plate)
    {
        if (!_interpolator.Sample(delayed.Time, _sample))
            return false;
        // Skeletons older than the configured age (tracking stalled or died) fade out instead of freezing on air.
        double age = (delayed.Time - _interpolator.LatestTime!.Value).ToDouble();
        double opacity = age <= _maxSkeletonAgeSeconds ? 1 : 1 - ((age - _maxSkeletonAgeSeconds) / FadeSeconds);
        if (opacity <= 0)
            return false;
        _fadeLevel = Math.Clamp((int)Math.Floor((1 - opacity) * FadeLevels), 0, FadeLevels - 1);
        // Calibration in the camera's own pixels; the compositor scales that image to the programme size.
        if (_view is null || _view.ImageWidth != plate.Width || _view.ImageHeight != plate.Height)
            _view = RenderCamera.FromCalibration(_camera) with { ImageWidth = plate.Width, ImageHeight = plate.Height };
        _people = _sample.Count;
        _trailCount = 0;
        double time = delayed.Time.ToDouble();
        foreach (PersonTrack track in _tracks)
            track.Seen = false;
        for (int p = 0; p < _people; p++)
        {
            ReadOnlySpan<float> joints = _sample.PersonJoints(p);
            Vector3[] points = _joints[p];
            for (int j = 0; j < points.Length; j++)
                points[j] = new Vector3(joints[j * 3], joints[(j * 3) + 1], joints[(j * 3) + 2]);
            Vector3 pelvis = (points[_rightHip] + points[_leftHip]) * 0.5f;
            PersonTrack track = TrackFor(_sample.PersonIds[p]);
            track.Seen = true;
            if (IsFinite(pelvis))
                track.Add(pelvis, time);
            if (track.Samples >= 2)
                _trails[_trailCount++] = track.TrailAt(_fadeLevel);
            _pelvis[p] = pelvis;
            _idTexts[p] = _overlay.Labels && IsFinite(points[_head]) ? IdLabel(_sample.PersonIds[p]) : null;
            _speedTexts[p] = _overlay.Speed ? SpeedLabel(pelvis, track) : null;
        }
        foreach (PersonTrack track in _tracks)
        {
            if (!track.Seen)
                track.Restart(-1);
        }
        return true;
    }

    /// <summary>Draws what <see cref="PrepareOverlays"/> prepared; changes no state, so both passes draw the same.</summary>
    private void DrawOverlays()
    {
        ReadOnlySpan<SkeletonDrawing> drawings = _overlay.Skeleton ? _drawings[_fadeLevel].AsSpan(0, _people) : default;
        ReadOnlySpan<Trail> trails = _overlay.Trails ? _trails.AsSpan(0, _trailCount) : default;
        if (!drawings.IsEmpty || !trails.IsEmpty)
            _compositor.DrawScene(_view!, drawings, trails);
        Vector2 idOffset = new(_labelPixels * 0.5f, -_labelPixels * 0.5f), speedOffset = new(_labelPixels, 0);
        for (int p = 0; p < _people; p++)
        {
            if (_idTexts[p] is { } id)
                _compositor.DrawLabel(_view!, _joints[p][_head], id, _labelPixels, _textColours[_fadeLevel], _boxColours[_fadeLevel], idOffset);
            if (_speedTexts[p] is { } speed)
                _compositor.DrawLabel(_view!, _pelvis[p], speed, _labelPixels, _textColours[_fadeLevel], _boxColours[_fadeLevel], speedOffset);
        }
    }

    private string? SpeedLabel(Vector3 pelvis, PersonTrack track)
    {
        double speed = track.SpeedMetresPerSecond(SpeedWindowSeconds);
        if (!IsFinite(pelvis) || !double.IsFinite(speed))
            return null;
        return _speedLabels[(int)Math.Round(Math.Clamp(speed, 0, SpeedSteps / 10.0) * 10)];
    }

    private PersonTrack TrackFor(int personId)
    {
        PersonTrack? free = null;
        foreach (PersonTrack track in _tracks)
        {
            if (track.PersonId == personId)
                return track;
            if (track.PersonId < 0 && free is null)
                free = track;
        }
        // More ids than slots can only follow a free slot; a full table reuses the first (its path restarts).
        PersonTrack slot = free ?? _tracks[0];
        slot.Restart(personId);
        return slot;
    }

    private string IdLabel(int personId)
    {
        if (!_idLabels.TryGetValue(personId, out string? label))
            _idLabels[personId] = label = string.Create(CultureInfo.InvariantCulture, $"#{personId}");
        return label;
    }

    private void ReadBack(byte[] destination)
    {
        _compositor.FlushGraphics();
        if (!_readback.TryBegin(_compositor.Target, out int slot))
            throw new GpuException("no readback slot free: every slot is completed before the next frame");
        // Waited at once: llvmpipe draws synchronously anyway, and a frame held back would add a frame of latency.
        if (!_readback.TryComplete(slot, destination, TimeSpan.FromSeconds(1)))
            throw new GpuException("the GPU did not finish the picture within 1 s");
    }

    private static bool IsFinite(Vector3 v) => float.IsFinite(v.X) && float.IsFinite(v.Y) && float.IsFinite(v.Z);
}
