using System.Numerics;
using Broadcast3D.Tracking.Biomechanics;
using Broadcast3D.Tracking.Formats;
using SharpGLTF.Schema2;
using SharpGLTF.Validation;

namespace Broadcast3D.Tracking.Tests;

public sealed class GltfSkeletonTests
{
    [Test]
    public void Write_ReferenceTrc_ReloadsWithStrictValidationAndAnimatesToTheMarkers()
    {
        using var folder = new TempFolder();
        TrcData trc = ReferenceTrials.ReferenceTrc(SharedAssets.BalancingTrial, "_0-100_filt_butterworth.trc");
        BvhData bvh = BvhSkeletonFitter.Fit(trc, "ref.trc", stretch: true);
        string path = folder.File("skeleton.glb");

        GltfSkeleton.Write(bvh, path);
        ModelRoot model = ModelRoot.Load(path, new ReadSettings { Validation = ValidationMode.Strict });

        Animation animation = model.LogicalAnimations.Single();
        Assert.Multiple(() =>
        {
            Assert.That(model.LogicalNodes, Has.Count.EqualTo(bvh.Joints.Count));
            Assert.That(animation.Channels, Has.Count.EqualTo(2 * bvh.Joints.Count), "rotation and translation per node");
            Assert.That(animation.Duration, Is.EqualTo((float)((trc.FrameCount - 1) / trc.DataRate)).Within(1e-6));
        });
        double worst = 0;
        foreach (int f in new[] { 0, 37, 99 })
        {
            for (int m = 0; m < trc.MarkerCount; m++)
            {
                Node node = model.LogicalNodes.Single(n => n.Name == trc.MarkerNames[m]);
                Vector3 p = node.GetWorldMatrix(animation, (float)(f / trc.DataRate)).Translation;
                worst = Math.Max(worst, Math.Sqrt(Math.Pow(p.X - trc[f, m, 0], 2) + Math.Pow(p.Y - trc[f, m, 1], 2) + Math.Pow(p.Z - trc[f, m, 2], 2)));
            }
        }

        TestContext.Out.WriteLine($"glTF world positions vs TRC: max {worst * 1000:F3} mm");
        Assert.That(worst, Is.LessThan(1e-4), "metres (float32 and 6-decimal BVH angles)");
    }
}
