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
}
