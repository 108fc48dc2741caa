namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// <c>motion-start</c>: detects when each person starts moving (<see cref="MotionOnset"/>: the pelvis leaves its rest
/// position on the floor by more than <c>thresholdMetres</c>) and publishes it as the metric "start-seconds" of every
/// person on every frame set (NaN until the person starts, then the start's time), which the ghost aligns on. A metric,
/// not an event: an event is a new object, and the channel thread that runs the analytics allocates nothing in steady
/// state. A new track id starts over; so do new settings. Settings: <c>thresholdMetres</c> (0.1), <c>restSeconds</c> (0.5).
/// </summary>
public sealed class MotionStartAnalytics : IAnalyticsPlugin
{
    /// <summary>The metric published: the person's start, seconds of capture time (NaN before it).</summary>
    public const string MetricName = "start-seconds";

    // People followed at once.
    private const int Slots = 32;

    private readonly (int PersonId, bool Used, MotionOnset Onset, double Start)[] _people = new (int, bool, MotionOnset, double)[Slots];
    private double _threshold = 0.1, _rest = 0.5;
    private PelvisFinder _pelvis;

    public string Name => "motion-start";

    public string Version => SdkVersion.Text;

    public string Description => "the moment each person starts moving (metric \"start-seconds\"), for the ghost";

    public void Configure(PluginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // 2 cm: above tracking jitter; 2 m: any run-up has started by then.
        _threshold = settings.Number("thresholdMetres", 0.1, 0.02, 2);
        _rest = settings.Number("restSeconds", 0.5, 0.05, 10);
    }

    public void Analyse(AnalyticsFrame frame, IAnalyticsPublisher publish)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(publish);
        foreach (ScenePerson person in frame.People)
        {
            ref (int PersonId, bool Used, MotionOnset Onset, double Start) slot = ref For(person.Id);
            if (slot.Onset.Step(_pelvis.Of(frame.Skeleton, person), frame.Seconds, _threshold, _rest))
                slot.Start = frame.Seconds;
            publish.Metric(MetricName, person.Id, slot.Start, "s");
        }
    }

    private ref (int PersonId, bool Used, MotionOnset Onset, double Start) For(int personId)
    {
        int free = -1;
        for (int i = 0; i < _people.Length; i++)
        {
            if (_people[i].Used && _people[i].PersonId == personId)
                return ref _people[i];
            if (!_people[i].Used && free < 0)
                free = i;
        }
        // A full table starts over with the first slot.
        int slot = free < 0 ? 0 : free;
        _people[slot] = (personId, true, default, double.NaN);
        return ref _people[slot];
    }
}
