using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Scene;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The interpolator's history (pictures delayed behind several tracking results) and timeline segments (a source that
/// starts over): graphics age 0 between two results of the picture's segment, never a blend across a cut.
/// </summary>
public class SkeletonInterpolatorHistoryTests
{
    private static SkeletonSet Set(int sixtieths, long segment, float x)
    {
        var s = new SkeletonSet(SkeletonCatalog.Coco17, 2) { Time = new Rational(sixtieths, 60), Segment = segment, Count = 1 };
        s.PersonIds[0] = 1;
        s.PersonJoints(0).Fill(x);
        return s;
    }

    [Test]
    public void Sample_PictureOlderThanTheTwoNewestResults_InterpolatesFromHistoryWithAgeZero()
    {
        var interp = new SkeletonInterpolator(Set(0, 0, 0), history: 8);
        for (int i = 0; i < 6; i++)
            interp.Push(Set(i * 20, 0, i * 10f)); // a result every 20 frames, x = 10 per result
        var dst = new SkeletonSet(SkeletonCatalog.Coco17, 2);
        Assert.That(interp.Sample(new Rational(25, 60), 0, dst, out double age), Is.True);
        Assert.That(age, Is.Zero, "bracketed by the results at frames 20 and 40");
        Assert.That(dst.PersonJoints(0)[0], Is.EqualTo(12.5f).Within(1e-5));
    }

    [Test]
    public void Sample_PictureNewerThanTheNewestResult_HoldsItAndSaysHowOld()
    {
        var interp = new SkeletonInterpolator(Set(0, 0, 0), history: 4);
        interp.Push(Set(0, 0, 0f));
        interp.Push(Set(20, 0, 10f));
        var dst = new SkeletonSet(SkeletonCatalog.Coco17, 2);
        interp.Sample(new Rational(50, 60), 0, dst, out double age);
        Assert.That(dst.PersonJoints(0)[0], Is.EqualTo(10f));
        Assert.That(age, Is.EqualTo(0.5).Within(1e-9));
    }

    [Test]
    public void Sample_AcrossALoopCut_NeverBlendsTheTwoSegments()
    {
        var interp = new SkeletonInterpolator(Set(0, 0, 0), history: 8);
        interp.Push(Set(0, 0, 0f));
        interp.Push(Set(20, 0, 10f)); // last result before the source started over
        interp.Push(Set(40, 1, 500f)); // first result after: the athlete elsewhere
        interp.Push(Set(60, 1, 510f));
        var dst = new SkeletonSet(SkeletonCatalog.Coco17, 2);

        // The last pictures of the first loop: held from its last result, not slid towards the next loop.
        Assert.That(interp.Sample(new Rational(30, 60), 0, dst, out double ageBefore), Is.True);
        Assert.That((dst.PersonJoints(0)[0], ageBefore), Is.EqualTo((10f, 10 / 60.0)).Within(1e-6));
        // The first pictures of the next loop: from its own first result.
        Assert.That(interp.Sample(new Rational(35, 60), 1, dst, out double ageAfter), Is.True);
        Assert.That((dst.PersonJoints(0)[0], ageAfter), Is.EqualTo((500f, 5 / 60.0)).Within(1e-6));
        Assert.That(interp.Sample(new Rational(50, 60), 1, dst, out double between), Is.True);
        Assert.That((dst.PersonJoints(0)[0], between), Is.EqualTo((505f, 0.0)).Within(1e-5));
    }

    [Test]
    public void Sample_SegmentNotTrackedYet_DrawsNothing()
    {
        var interp = new SkeletonInterpolator(Set(0, 0, 0), history: 4);
        interp.Push(Set(0, 0, 0f));
        var dst = new SkeletonSet(SkeletonCatalog.Coco17, 2) { Count = 1 };
        Assert.That(interp.Sample(new Rational(10, 60), 1, dst, out double age), Is.False);
        Assert.That((dst.Count, double.IsNaN(age)), Is.EqualTo((0, true)));
    }

    [Test]
    public void Push_MoreThanTheHistory_DropsTheOldest()
    {
        var interp = new SkeletonInterpolator(Set(0, 0, 0), history: 3);
        for (int i = 0; i < 5; i++)
            interp.Push(Set(i * 10, 0, i));
        var dst = new SkeletonSet(SkeletonCatalog.Coco17, 2);
        interp.Sample(Rational.Zero, 0, dst, out double age);
        Assert.That(dst.PersonJoints(0)[0], Is.EqualTo(2f), "the oldest kept is the third result");
        Assert.That(age, Is.EqualTo(20 / 60.0).Within(1e-9));
    }
}
