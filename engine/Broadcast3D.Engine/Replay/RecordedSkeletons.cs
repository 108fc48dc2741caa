using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Scene;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// The 3D recorded beside a clip (the <c>skeletons</c> table over the clip's range and a little around it), sampled at
/// any sub-frame time: interpolated per person between the two recorded frame sets around it, exactly as the
/// programme's <see cref="SkeletonInterpolator"/> does on air, so at 0.25 speed the skeleton moves smoothly while
/// the picture repeats. Loaded once (a 10 s clip at 60 fps is 600 small sets); sampling allocates nothing. Not
/// thread-safe: one thread (the exporter's, or the replay channel's).
/// </summary>
public sealed class RecordedSkeletons
{
    /// <summary>People drawn at most in a replay (the live pipeline's own limit).</summary>
    public const int MaxPeople = 8;

    // Recorded sets a little outside the clip bracket its first and last output frames: a second covers any
    // tracking rate the live pipeline runs at.
    private static readonly Rational Margin = new(1, 1);

    private readonly SkeletonInterpolator _interpolator;

    /// <summary>Loads the 3D of <paramref name="run"/> around [<paramref name="from"/>, <paramref name="to"/>] from <paramref name="catalog"/>.</summary>
    /// <exception cref="ReplayException">A recorded row does not hold the Pose2Sim markers (names the time).</exception>
    public RecordedSkeletons(RecordingCatalog catalog, RecordedRun run, Rational from, Rational to)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        IReadOnlyList<SkeletonSet> sets = catalog.Skeletons(run, from - Margin, to + Margin, Definition, MaxPeople);
        Count = sets.Count;
        _interpolator = new SkeletonInterpolator(new SkeletonSet(Definition, MaxPeople), Math.Max(2, sets.Count));
        foreach (SkeletonSet set in sets)
            _interpolator.Push(set);
    }

    /// <summary>The skeleton every recorded person has (what <c>b3d run</c> records).</summary>
    public static SkeletonDefinition Definition => Pose2SimMarkers.Definition;

    /// <summary>Recorded frame sets loaded.</summary>
    public int Count { get; }

    /// <summary>A set to sample into (the definition and capacity <see cref="Sample"/> writes).</summary>
    public static SkeletonSet CreateSet() => new(Definition, MaxPeople);

    /// <summary>
    /// Writes the people at <paramref name="time"/> (capture timeline, seconds) into <paramref name="destination"/>;
    /// <paramref name="ageSeconds"/> is 0 between two recorded sets, else how far the nearest is (held, not
    /// extrapolated). False, an empty destination and a NaN age when nothing was recorded around the clip.
    /// </summary>
    public bool Sample(Rational time, SkeletonSet destination, out double ageSeconds) => _interpolator.Sample(time, 0, destination, out ageSeconds);
}
