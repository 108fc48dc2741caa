using Broadcast3D.Tracking.Filtering;

namespace Broadcast3D.Engine.Tests;

/// <summary>The tracking filter forgets the people's motion at a cut in the pictures (issue #22).</summary>
public class LiveSkeletonSmootherResetTests
{
    [Test]
    public void Reset_AfterACut_NextPoseIsTakenAsIsNotFilteredTowardsTheOldOne()
    {
        var smoother = new LiveSkeletonSmoother(keypoints: 1, maxPeople: 2);
        for (int i = 0; i < 10; i++)
        {
            double[] still = [0, 0, 1];
            smoother.Apply(7, still, i / 60.0);
        }
        double[] filtered = [1, 0, 1];
        smoother.Apply(7, filtered, 10 / 60.0);
        Assert.That(filtered[0], Is.LessThan(0.9), "without a cut a 1 m jump is smoothed");

        smoother.Reset();
        double[] afterCut = [1, 0, 1];
        smoother.Apply(7, afterCut, 11 / 60.0);
        Assert.That(afterCut, Is.EqualTo(new double[] { 1, 0, 1 }), "after the cut the pose is the new picture's");
    }
}
