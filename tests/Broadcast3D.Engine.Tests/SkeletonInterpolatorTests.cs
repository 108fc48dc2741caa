using System.Numerics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Scene;

namespace Broadcast3D.Engine.Tests;

public class SkeletonInterpolatorTests
{
    private static SkeletonSet Set(Rational time, params (int Id, float X)[] persons)
    {
        var s = new SkeletonSet(SkeletonCatalog.Coco17, 4) { Time = time, Count = persons.Length };
        for (int i = 0; i < persons.Length; i++)
        {
            s.PersonIds[i] = persons[i].Id;
            s.PersonJoints(i).Fill(persons[i].X);
        }
        return s;
    }

    [Test]
    public void Sample_BetweenResults_InterpolatesByPersonId()
    {
        var interp = new SkeletonInterpolator(Set(Rational.Zero));
        interp.Push(Set(new Rational(0, 1), (7, 0f), (9, 10f)));
        interp.Push(Set(new Rational(1, 60), (9, 20f), (7, 1f))); // order changed, ids kept
        var dst = new SkeletonSet(SkeletonCatalog.Coco17, 4);
        Assert.That(interp.Sample(new Rational(1, 120), dst), Is.True);
        Assert.That(dst.PersonIds[0], Is.EqualTo(9));
        Assert.That(dst.PersonJoints(0)[0], Is.EqualTo(15f).Within(1e-6));
        Assert.That(dst.PersonJoints(1)[5], Is.EqualTo(0.5f).Within(1e-6));
    }

    [Test]
    public void Sample_BetweenResultsWithBoxes_CarriesBothResultsBoxesPerCamera()
    {
        // The privacy blur's 2D boxes (issue #21): a person between two detections is covered where they were in both.
        var template = new SkeletonSet(SkeletonCatalog.Coco17, 4, 8);
        var interp = new SkeletonInterpolator(template);
        SkeletonSet a = new(SkeletonCatalog.Coco17, 4, 4) { Time = new Rational(0, 1) }, b = new(SkeletonCatalog.Coco17, 4, 4) { Time = new Rational(1, 60) };
        a.AddBox(0, new Vector4(10, 10, 5, 5));
        a.AddBox(1, new Vector4(50, 50, 5, 5));
        b.AddBox(0, new Vector4(12, 10, 5, 5));
        interp.Push(a);
        interp.Push(b);
        var dst = new SkeletonSet(SkeletonCatalog.Coco17, 4, 8);
        var boxes = new Vector4[8];

        Assert.That(interp.Sample(new Rational(1, 120), dst), Is.True);
        Assert.That(boxes.AsSpan(0, dst.BoxesOf(0, boxes)).ToArray(), Is.EquivalentTo(new[] { new Vector4(12, 10, 5, 5), new Vector4(10, 10, 5, 5) }));
        Assert.That(boxes.AsSpan(0, dst.BoxesOf(1, boxes)).ToArray(), Is.EqualTo(new[] { new Vector4(50, 50, 5, 5) }));
        Assert.That(interp.Sample(new Rational(1, 60), dst), Is.True);
        Assert.That(dst.BoxCount, Is.EqualTo(1), "the picture's own result: its boxes only");
        var full = new SkeletonSet(SkeletonCatalog.Coco17, 4, 1);
        Assert.That(full.AddBox(0, Vector4.One), Is.True);
        Assert.That(full.AddBox(0, Vector4.One), Is.False, "a full set says so");
    }

    [Test]
    public void Sample_AfterLatest_HoldsLatestWithoutExtrapolating()
    {
        var interp = new SkeletonInterpolator(Set(Rational.Zero));
        interp.Push(Set(new Rational(0, 1), (1, 0f)));
        interp.Push(Set(new Rational(1, 60), (1, 6f)));
        var dst = new SkeletonSet(SkeletonCatalog.Coco17, 4);
        interp.Sample(new Rational(1, 10), dst);
        Assert.That(dst.PersonJoints(0)[0], Is.EqualTo(6f));
    }

    [Test]
    public void Sample_BeforeAnyResult_IsEmpty()
    {
        var interp = new SkeletonInterpolator(Set(Rational.Zero));
        var dst = new SkeletonSet(SkeletonCatalog.Coco17, 4) { Count = 3 };
        Assert.That(interp.Sample(Rational.Zero, dst), Is.False);
        Assert.That(dst.Count, Is.Zero);
    }

    [Test]
    public void Push_StaleResult_IsIgnored()
    {
        var interp = new SkeletonInterpolator(Set(Rational.Zero));
        interp.Push(Set(new Rational(2, 60), (1, 2f)));
        interp.Push(Set(new Rational(1, 60), (1, 100f)));
        var dst = new SkeletonSet(SkeletonCatalog.Coco17, 4);
        interp.Sample(new Rational(2, 60), dst);
        Assert.That(dst.PersonJoints(0)[0], Is.EqualTo(2f));
    }
}
