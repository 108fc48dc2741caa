using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// <c>ghost</c>: a previous attempt's recorded 3D (<c>attempt</c>: a TRC file) drawn over the live athlete, aligned at
/// the start. The live start is the "start-seconds" metric of <see cref="MotionStartAnalytics"/> for the athlete followed, or
/// the scene time <c>startSeconds</c>; the recorded start is found by the same motion-onset detector in the
/// recording, or given as <c>attemptStartSeconds</c> (from its first frame). At the first picture at or after the
/// live start, the recording is anchored: moved on the floor so its pelvis at the recorded start is on the live
/// athlete's pelvis, and with <c>alignYaw</c> also turned about the vertical so its hips face the same way; it then
/// plays at the recorded pace until it ends. Joints are matched by name. Settings: <c>attempt</c> (required to draw),
/// <c>personId</c> (-1: the highlighted athlete, else the first), <c>startSeconds</c>, <c>attemptStartSeconds</c>,
/// <c>thresholdMetres</c> (0.1) and <c>restSeconds</c> (0.5) of the detector, <c>alignYaw</c> (false), <c>colour</c>
/// ("#8FD8FFA0"), <c>boneRadiusMetres</c> (0.015), <c>jointRadiusMetres</c> (0.025), <c>bones</c> (true).
/// </summary>
public sealed class GhostOverlay : IOverlayPlugin
{
    /// <summary>The default ghost: a pale translucent blue, far from the skeleton's orange.</summary>
    public static readonly Vector4 DefaultColour = new(0x8F / 255f, 0xD8 / 255f, 1f, 0xA0 / 255f);

    private RecordedAttempt? _attempt;
    private int _personId = -1;
    private double _liveStart = double.NaN, _attemptStart;
    private double _threshold = 0.1, _restSeconds = 0.5;
    private bool _alignYaw, _bones = true;
    private Vector4 _colour = DefaultColour;
    private float _boneRadius = 0.015f, _jointRadius = 0.025f;
    private int _attemptRightHip, _attemptLeftHip;

    // Per run: the scene's joints in the attempt (by name), the recorded pose sampled, and the aligned pose drawn.
    private SceneSkeleton? _skeleton;
    private int[] _fromAttempt = [];
    private Vector3[] _recorded = [];
    private Vector3[] _aligned = [];
    private bool _anchored, _showing;
    private double _anchorSeconds;
    private Vector3 _recordedPelvis, _livePelvis;
    private Matrix4x4 _turn = Matrix4x4.Identity;
    private PelvisFinder _pelvis;

    public string Name => "ghost";

    public string Version => SdkVersion.Text;

    public string Description => "a previous attempt's recorded 3D over the live athlete, aligned at the start";

    public void Configure(PluginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _attempt = settings.Attempt("attempt");
        _personId = settings.Integer("personId", -1, -1, int.MaxValue);
        _liveStart = settings.Number("startSeconds", double.NaN, 0, 1e7);
        double attemptStart = settings.Number("attemptStartSeconds", double.NaN, 0, 1e7);
        _threshold = settings.Number("thresholdMetres", 0.1, 0.02, 2);
        _restSeconds = settings.Number("restSeconds", 0.5, 0.05, 10);
        _alignYaw = settings.Bool("alignYaw", false);
        _colour = settings.Colour("colour", DefaultColour);
        _bones = settings.Bool("bones", true);
        _boneRadius = (float)settings.Number("boneRadiusMetres", 0.015, 0.001, 0.2);
        _jointRadius = (float)settings.Number("jointRadiusMetres", 0.025, 0.001, 0.2);
        (_skeleton, _anchored, _showing) = (null, false, false);
        if (_attempt is null)
            return;
        (_attemptRightHip, _attemptLeftHip) = (_attempt.IndexOf("RHip"), _attempt.IndexOf("LHip"));
        if (_attemptRightHip < 0 || _attemptLeftHip < 0)
        {
            settings.AddError("attempt", $"{_attempt.Source} has no RHip and LHip markers, which the alignment needs (it has {string.Join(", ", _attempt.JointNames)})");
            _attempt = null;
            return;
        }
        if (!double.IsNaN(attemptStart))
        {
            _attemptStart = _attempt.StartSeconds + attemptStart;
            if (_attemptStart > _attempt.EndSeconds)
                settings.AddError("attemptStartSeconds", $"{attemptStart} s is after the attempt's end ({_attempt.EndSeconds - _attempt.StartSeconds:0.###} s from its first frame)");
        }
        else if (DetectStart(_attempt) is { } detected)
        {
            _attemptStart = detected;
        }
        else
        {
            settings.AddError("attempt", $"{_attempt.Source}: the pelvis never moves {_threshold} m from rest, so no start is detected; give attemptStartSeconds");
        }
        _recorded = new Vector3[_attempt.JointNames.Count];
    }

    public void Update(OverlayScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        _showing = false;
        if (_attempt is null)
            return;
        if (!ReferenceEquals(_skeleton, scene.Skeleton))
            Match(scene.Skeleton);
        if (!_anchored && !TryAnchor(scene))
            return;
        double at = _attemptStart + (scene.Seconds - _anchorSeconds);
        if (!_attempt.Sample(at, _recorded))
            return;
        for (int j = 0; j < _aligned.Length; j++)
            _aligned[j] = _fromAttempt[j] < 0 ? new Vector3(float.NaN) : Align(_recorded[_fromAttempt[j]]);
        _showing = true;
    }

    public void Draw(OverlayScene scene, IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(canvas);
        if (!_showing)
            return;
        Vector4 colour = _colour with { W = _colour.W * scene.Opacity };
        if (_bones)
        {
            IReadOnlyList<(int From, int To)> bones = scene.Skeleton.Bones;
            // Indexed: an enumerator through IReadOnlyList would be a heap object per frame.
            for (int b = 0; b < bones.Count; b++)
            {
                (Vector3 from, Vector3 to) = (_aligned[bones[b].From], _aligned[bones[b].To]);
                if (ScenePerson.IsFinite(from) && ScenePerson.IsFinite(to))
                    canvas.Capsule(from, to, _boneRadius, colour, roundEnds: false);
            }
        }
        foreach (Vector3 joint in _aligned)
        {
            if (ScenePerson.IsFinite(joint))
                canvas.Ball(joint, _jointRadius, colour);
        }
    }

    /// <summary>The recorded attempt's start on its clock by the motion-onset detector, or null when it never starts.</summary>
    private double? DetectStart(RecordedAttempt attempt)
    {
        var onset = default(MotionOnset);
        for (int f = 0; f < attempt.FrameCount; f++)
        {
            if (onset.Step(RecordedPelvis(attempt.Frame(f)), attempt.SecondsOf(f), _threshold, _restSeconds))
                return attempt.SecondsOf(f);
        }
        return null;
    }

    private Vector3 RecordedPelvis(ReadOnlySpan<Vector3> joints) => (joints[_attemptRightHip] + joints[_attemptLeftHip]) * 0.5f;

    /// <summary>The scene's joints in the attempt, by name (-1: not recorded); buffers for the scene's skeleton.</summary>
    private void Match(SceneSkeleton skeleton)
    {
        _skeleton = skeleton;
        _fromAttempt = new int[skeleton.JointNames.Count];
        for (int j = 0; j < _fromAttempt.Length; j++)
            _fromAttempt[j] = _attempt!.IndexOf(skeleton.JointNames[j]);
        _aligned = new Vector3[skeleton.JointNames.Count];
    }

    /// <summary>Anchors the recording on the athlete followed once the picture reaches the live start; false before.</summary>
    private bool TryAnchor(OverlayScene scene)
    {
        ScenePerson? athlete = Followed(scene);
        if (athlete is null)
            return false;
        double start = _liveStart;
        if (double.IsNaN(start))
        {
            if (!scene.Analytics.TryGetMetric(MotionStartAnalytics.MetricName, athlete.Id, out start) || double.IsNaN(start))
                return false;
        }
        // A microsecond of slack: the picture of the start frame has the start's time, up to rounding.
        if (scene.Seconds < start - 1e-6)
            return false;
        // The picture may come a little after the start: the recording is anchored as far past its start.
        Vector3 live = _pelvis.Of(scene, athlete);
        if (!ScenePerson.IsFinite(live) || !_attempt!.Sample(_attemptStart + (scene.Seconds - start), _recorded))
            return false;
        _recordedPelvis = RecordedPelvis(_recorded);
        _livePelvis = live;
        _turn = Matrix4x4.Identity;
        if (_alignYaw)
        {
            int rightHip = scene.Skeleton.IndexOf("RHip"), leftHip = scene.Skeleton.IndexOf("LHip");
            float recordedHeading = Heading(_recorded[_attemptLeftHip] - _recorded[_attemptRightHip]);
            float liveHeading = Heading(athlete.Joints[leftHip] - athlete.Joints[rightHip]);
            if (float.IsFinite(recordedHeading) && float.IsFinite(liveHeading))
                _turn = Matrix4x4.CreateRotationZ(liveHeading - recordedHeading);
        }
        (_anchored, _anchorSeconds) = (true, start);
        return true;
    }

    /// <summary>A recorded point moved (and turned) so the recorded start pelvis lands on the live one; heights are kept.</summary>
    private Vector3 Align(Vector3 recorded)
    {
        Vector3 fromPelvis = recorded - (_recordedPelvis with { Z = 0 });
        return Vector3.Transform(fromPelvis, _turn) + (_livePelvis with { Z = 0 });
    }

    private ScenePerson? Followed(OverlayScene scene)
    {
        ScenePerson? first = null;
        foreach (ScenePerson person in scene.People)
        {
            if (_personId >= 0 ? person.Id == _personId : person.Highlighted)
                return person;
            first ??= person;
        }
        return _personId >= 0 ? null : first;
    }

    private static float Heading(Vector3 hips) => MathF.Atan2(hips.Y, hips.X);
}
