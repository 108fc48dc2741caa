using System.Globalization;
using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// <c>jump</c>: detects jumps from the pelvis height of each person. Standing height is followed while on the ground;
/// the pelvis rising more than <c>thresholdMetres</c> (0.08) above it is a take-off, coming back below it a landing,
/// which publishes the event "jump" (value: the pelvis's peak rise, metres; caption "jump 0.42 m, flight 0.59 s"; the
/// flight time is the time above the threshold corrected for the part of the ballistic arc below it).
/// Flights under 0.1 s are tracking noise, not jumps. Publishes the metric "pelvis-height" (metres) per frame set.
/// </summary>
public sealed class JumpAnalytics : IAnalyticsPlugin
{
    // People followed at once.
    private const int Slots = 32;
    // How fast the standing height follows the athlete on the ground: about 10 frame sets.
    private const float Follow = 0.1f;
    private const double MinimumFlightSeconds = 0.1;

    private readonly State[] _states = new State[Slots];
    private double _threshold = 0.08;
    private int _rightHip = -1, _leftHip = -1;

    public string Name => "jump";

    public string Version => SdkVersion.Text;

    public string Description => "jump detection from the pelvis height: height and flight time";

    public void Configure(PluginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // 3 cm: above tracking noise; 50 cm: any real jump lifts the pelvis more.
        _threshold = settings.Number("thresholdMetres", 0.08, 0.03, 0.5);
    }

    public void Analyse(AnalyticsFrame frame, IAnalyticsPublisher publish)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(publish);
        if (_rightHip < 0)
        {
            _rightHip = frame.Skeleton.Require("RHip");
            _leftHip = frame.Skeleton.Require("LHip");
        }
        foreach (ScenePerson person in frame.People)
        {
            Vector3 pelvis = (person.Joints[_rightHip] + person.Joints[_leftHip]) * 0.5f;
            if (!ScenePerson.IsFinite(pelvis))
                continue;
            publish.Metric("pelvis-height", person.Id, pelvis.Z, "m");
            ref State s = ref For(person.Id);
            if (!s.Started)
            {
                s = new State { PersonId = person.Id, Started = true, Standing = pelvis.Z };
                continue;
            }
            if (!s.InAir)
            {
                if (pelvis.Z > s.Standing + _threshold)
                    (s.InAir, s.TakeOffSeconds, s.Peak) = (true, frame.Seconds, pelvis.Z);
                else
                    s.Standing += Follow * (pelvis.Z - s.Standing);
                continue;
            }
            s.Peak = MathF.Max(s.Peak, pelvis.Z);
            if (pelvis.Z >= s.Standing + _threshold)
                continue;
            s.InAir = false;
            double above = frame.Seconds - s.TakeOffSeconds;
            if (above < MinimumFlightSeconds)
                continue;
            double height = s.Peak - s.Standing;
            // The pelvis is above the threshold for only part of the flight: on a ballistic arc of rise h, the time
            // above h0 is the flight time × √(1 − h0/h).
            double flight = above / Math.Sqrt(Math.Max(0.05, 1 - (_threshold / height)));
            publish.Event(new AnalyticsEvent("jump", person.Id, frame.Seconds, height, "m",
                string.Create(CultureInfo.InvariantCulture, $"jump {height:0.00} m, flight {flight:0.00} s")));
        }
    }

    private ref State For(int personId)
    {
        int free = -1;
        for (int i = 0; i < _states.Length; i++)
        {
            if (_states[i].Started && _states[i].PersonId == personId)
                return ref _states[i];
            if (!_states[i].Started && free < 0)
                free = i;
        }
        // A full table starts over with the first slot.
        int slot = free < 0 ? 0 : free;
        _states[slot] = default;
        return ref _states[slot];
    }

    private struct State
    {
        public int PersonId;
        public bool Started, InAir;
        public float Standing, Peak;
        public double TakeOffSeconds;
    }
}
