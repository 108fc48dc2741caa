using Broadcast3D.Core.Time;

namespace Broadcast3D.Plugins;

/// <summary>
/// One tracked frame set as an analytics plugin sees it: the people as triangulated (not interpolated) at the frame
/// set's capture time. Filled by the host; valid during the call only.
/// </summary>
public sealed class AnalyticsFrame
{
    private ScenePerson[] _people = [];
    private int _count;

    internal AnalyticsFrame(SceneSkeleton skeleton) => Skeleton = skeleton;

    /// <summary>The joints and bones of every person.</summary>
    public SceneSkeleton Skeleton { get; }

    /// <summary>The people tracked in the frame set.</summary>
    public ReadOnlySpan<ScenePerson> People => _people.AsSpan(0, _count);

    /// <summary>The frame set's capture time, seconds from the start of the run (exact).</summary>
    public Rational Time { get; internal set; }

    /// <summary><see cref="Time"/> in seconds.</summary>
    public double Seconds { get; internal set; }

    internal void SetPeople(ScenePerson[] people, int count) => (_people, _count) = (people, count);
}
