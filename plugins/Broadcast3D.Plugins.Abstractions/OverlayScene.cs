using System.Numerics;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Plugins;

/// <summary>
/// The frozen scene of one picture, as every overlay plugin sees it: the people sampled at the picture's time, the
/// programme camera, the time and timecode, how opaque graphics are (they fade when tracking stalls) and the
/// analytics published so far. Filled by the host before the calls of a picture; valid during those calls only.
/// </summary>
public sealed class OverlayScene
{
    private ScenePerson[] _people = [];
    private int _count;

    internal OverlayScene(SceneSkeleton skeleton, IAnalyticsView analytics)
    {
        Skeleton = skeleton;
        Analytics = analytics;
    }

    /// <summary>The joints and bones of every person.</summary>
    public SceneSkeleton Skeleton { get; }

    /// <summary>The people in the picture (those the overlay selection shows to this plugin), ordered as tracked.</summary>
    public ReadOnlySpan<ScenePerson> People => _people.AsSpan(0, _count);

    /// <summary>The picture's capture time, seconds from the start of the run (exact).</summary>
    public Rational Time { get; internal set; }

    /// <summary><see cref="Time"/> in seconds.</summary>
    public double Seconds { get; internal set; }

    /// <summary>The picture's timecode at the channel's frame rate.</summary>
    public Timecode Timecode { get; internal set; }

    /// <summary>
    /// Opacity for every graphic of this picture, 0–1: 1 while tracking is fresh, stepping down to 0 as it goes
    /// stale, so a stalled tracker never freezes graphics on air. Multiply colours' alpha by it.
    /// </summary>
    public float Opacity { get; internal set; } = 1;

    /// <summary>The position of the camera of the view being drawn, world metres (for depth ordering, facing text); set before each view's Draw calls.</summary>
    public Vector3 CameraPosition { get; internal set; }

    /// <summary>Metrics and events published by the analytics plugins.</summary>
    public IAnalyticsView Analytics { get; }

    internal void SetPeople(ScenePerson[] people, int count) => (_people, _count) = (people, count);
}
