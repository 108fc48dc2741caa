using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Association;

namespace Broadcast3D.Tracking.Tests;

public class PersonTrackerTests
{
    [Test]
    public void Update_TwoRunnersSwappingListOrder_KeepTheirIds()
    {
        var tracker = new PersonTracker();
        var ids = new int[2];
        tracker.Update([new Vector3d(0, 0, 1), new Vector3d(3, 0.6, 1)], ids);
        (int a, int b) = (ids[0], ids[1]);
        for (int f = 1; f <= 50; f++)
        {
            double x = f * 0.15;
            // The detector lists them in the opposite order every other frame.
            if (f % 2 == 0)
            {
                tracker.Update([new Vector3d(x, 0, 1), new Vector3d(3 - x, 0.6, 1)], ids);
                Assert.That((ids[0], ids[1]), Is.EqualTo((a, b)), $"frame {f}");
            }
            else
            {
                tracker.Update([new Vector3d(3 - x, 0.6, 1), new Vector3d(x, 0, 1)], ids);
                Assert.That((ids[0], ids[1]), Is.EqualTo((b, a)), $"frame {f}");
            }
        }
    }

    [Test]
    public void Update_OccludedThenBack_KeepsIdWithinMissLimit()
    {
        var tracker = new PersonTracker { MaxMissedFrames = 10 };
        var ids = new int[1];
        tracker.Update([new Vector3d(0, 0, 1)], ids);
        int id = ids[0];
        for (int f = 0; f < 5; f++)
            tracker.Update([], ids);
        tracker.Update([new Vector3d(0.8, 0, 1)], ids);
        Assert.That(ids[0], Is.EqualTo(id));
    }

    [Test]
    public void Update_NewPersonFarAway_GetsNewId()
    {
        var tracker = new PersonTracker();
        var ids = new int[2];
        tracker.Update([new Vector3d(0, 0, 1)], ids);
        int first = ids[0];
        tracker.Update([new Vector3d(0.1, 0, 1), new Vector3d(10, 0, 1)], ids);
        Assert.That(ids[0], Is.EqualTo(first));
        Assert.That(ids[1], Is.Not.EqualTo(first).And.Not.Zero);
        Assert.That(tracker.TrackCount, Is.EqualTo(2));
    }

    [Test]
    public void Update_LoopingAthleteWithDiscontinuityAtEachCut_KeepsHisIdWhereTheGateAloneWouldNot()
    {
        // One athlete crossing 3 m at 0.1 m a frame, the clip starting over three times: each cut puts him back 3 m.
        var cut = new PersonTracker();
        var gated = new PersonTracker();
        var ids = new int[1];
        var gatedIds = new HashSet<int>();
        int id = 0;
        for (int loop = 0; loop < 3; loop++)
        {
            if (loop > 0)
                cut.Discontinuity();
            for (int f = 0; f < 30; f++)
            {
                Vector3d at = new(f * 0.1, 0, 1);
                cut.Update([at], ids);
                id = id == 0 ? ids[0] : id;
                Assert.That(ids[0], Is.EqualTo(id), $"loop {loop}, frame {f}: the id across the cut");
                gated.Update([at], ids);
                gatedIds.Add(ids[0]);
            }
        }
        Assert.That(cut.TrackCount, Is.EqualTo(1), "no track left behind at the cuts");
        Assert.That(gatedIds, Has.Count.EqualTo(3), "without the cut the 3 m jump is beyond the step gate: a new id each loop");
    }

    [Test]
    public void Update_AfterDiscontinuityUnseenThenFar_ReTakesItsIdThenGatedFromThere()
    {
        var tracker = new PersonTracker();
        var ids = new int[1];
        tracker.Update([new Vector3d(0, 0, 1)], ids);
        int id = ids[0];
        tracker.Discontinuity();
        // Unseen for two frame sets after the cut: a gated track would reach 1.5 m; the cut's reaches anywhere.
        tracker.Update([], ids);
        tracker.Update([], ids);
        tracker.Update([new Vector3d(5, 0, 1)], ids);
        Assert.That(ids[0], Is.EqualTo(id), "the athlete re-takes his id wherever the cut put him");
        // Placed again: the step gate follows him from 5 m, not from where he was before the cut.
        tracker.Update([new Vector3d(5.3, 0, 1)], ids);
        Assert.That(ids[0], Is.EqualTo(id), "a step from where the cut put him");
        tracker.Update([new Vector3d(0, 0, 1)], ids);
        Assert.That(ids[0], Is.Not.EqualTo(id), "back where he was before the cut is a jump again: a new id");
    }

    [Test]
    public void Update_AfterDiscontinuityBeyondMaxReach_NewId()
    {
        var tracker = new PersonTracker { MaxReachMetres = 2 };
        var ids = new int[1];
        tracker.Update([new Vector3d(0, 0, 1)], ids);
        int id = ids[0];
        tracker.Discontinuity();
        tracker.Update([new Vector3d(3, 0, 1)], ids);
        Assert.That(ids[0], Is.Not.EqualTo(id), "MaxReachMetres still bounds a re-identification across a cut");
    }
}
