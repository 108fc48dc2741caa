using Broadcast3D.Core.Skeletons;

namespace Broadcast3D.Core.Tests;


public sealed class SkeletonTests
{
    [Test]
    public void Body25B_IndicesUsedByPose2Sim_MatchDataDescription()
    {
        SkeletonDefinition s = SkeletonCatalog.Body25B;

        Assert.Multiple(() =>
        {
            Assert.That(s.KeypointCount, Is.EqualTo(25));
            Assert.That(s.IndexOf("Nose"), Is.Zero);
            Assert.That(s.IndexOf("LShoulder"), Is.EqualTo(5));
            Assert.That(s.IndexOf("RAnkle"), Is.EqualTo(16));
            Assert.That(s.IndexOf("Neck"), Is.EqualTo(17));
            Assert.That(s.IndexOf("Head"), Is.EqualTo(18));
            Assert.That(s.IndexOf("LBigToe"), Is.EqualTo(19));
            Assert.That(s.IndexOf("RHeel"), Is.EqualTo(24));
            Assert.That(SkeletonCatalog.Pose2SimBody25BMarkers.Select(s.IndexOf), Has.None.Negative);
        });
    }

    [Test]
    public void Coco17_IsTheFirstSeventeenBody25BKeypoints()
    {
        Assert.That(SkeletonCatalog.Coco17.KeypointNames, Is.EqualTo(SkeletonCatalog.Body25B.KeypointNames.Take(17)));
    }

    [Test]
    public void Mapping_BlazePoseToBody25B_MapsSharedNamesAndMarksOthersMissing()
    {
        var mapping = new SkeletonMapping(SkeletonCatalog.BlazePose33, SkeletonCatalog.Body25B);
        var source = new double[33 * 3];
        for (int i = 0; i < 33; i++)
        {
            source[i * 3] = i;
            source[(i * 3) + 2] = 1;
        }

        var target = new double[25 * 3];
        mapping.Apply(source, target, stride: 3);

        Assert.Multiple(() =>
        {
            Assert.That(mapping.SourceIndex[SkeletonCatalog.Body25B.Require("LHeel")], Is.EqualTo(29));
            Assert.That(mapping.SourceIndex[SkeletonCatalog.Body25B.Require("RBigToe")], Is.EqualTo(32));
            Assert.That(mapping.SourceIndex[SkeletonCatalog.Body25B.Require("Neck")], Is.EqualTo(-1));
            Assert.That(target[SkeletonCatalog.Body25B.Require("LWrist") * 3], Is.EqualTo(15));
            Assert.That(target[(SkeletonCatalog.Body25B.Require("Neck") * 3) + 2], Is.Zero);
        });
    }

    [Test]
    public void Bones_EveryLayout_ReferenceValidKeypoints()
    {
        foreach (SkeletonDefinition s in new[] { SkeletonCatalog.Body25B, SkeletonCatalog.Coco17, SkeletonCatalog.BlazePose33 })
        {
            Assert.That(s.Bones, Is.Not.Empty);
            Assert.That(s.Bones.Select(b => b.From).Concat(s.Bones.Select(b => b.To)), Is.All.InRange(0, s.KeypointCount - 1), s.Name);
        }
    }

    [Test]
    public void FromName_Unknown_ThrowsListingKnownLayouts()
    {
        var ex = Assert.Throws<ArgumentException>(() => SkeletonCatalog.FromName("HALPE_26"));
        Assert.That(ex!.Message, Does.Contain("BODY_25B"));
    }
}
