using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Nodes;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Tracking.Pose2D;
using Google.Protobuf;

namespace Broadcast3D.Engine.Tests.Nodes;

public class NodeWireTests
{
    [Test]
    public void TryDecode2D_GarbageBytes_FalseWithReason()
    {
        byte[] garbage = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x12, 0x99];
        Assert.That(NodeWire.TryDecode2D(garbage, out _, out string? why), Is.False);
        Assert.That(why, Does.Contain("not a 2D message"));
    }

    [Test]
    public void TryDecode2D_OtherVersion_FalseNamingBothVersions()
    {
        var message = new SyntheticCameraNodes(2, 4).Message(0, 1);
        message.Version = 2;
        Assert.That(NodeWire.TryDecode2D(message.ToByteArray(), out _, out string? why), Is.False);
        Assert.That(why, Does.Contain("version 2").And.Contain("version 1"));
    }

    [Test]
    public void TryDecode2D_PersonShorterThanItsKeypointCount_False()
    {
        var message = new SyntheticCameraNodes(2, 4).Message(0, 1);
        message.People[0].Keypoints.RemoveAt(0);
        Assert.That(NodeWire.TryDecode2D(message.ToByteArray(), out _, out string? why), Is.False);
        Assert.That(why, Does.Contain("74 values for 25 keypoints"));
    }

    [Test]
    public void EncodeThenDecode_BlazePosePerson_KeepsEveryValueBitForBit()
    {
        var poses = new CameraPoses(4, SkeletonCatalog.BlazePose33, 33);
        var random = new Random(5);
        var keypoints = new Keypoint[33];
        for (int k = 0; k < 33; k++)
            keypoints[k] = new Keypoint((float)(random.NextDouble() * 1920), (float)(random.NextDouble() * 1080), (float)random.NextDouble());
        poses.Add(3, new PersonBox(1.5f, 2.5f, 300.25f, 900.125f, 0.875f), keypoints);

        CameraPoses2D message = NodeWire.Encode("cam_01", 42, new Core.Time.Rational(42, 60), Core.Time.FrameRate.Fps60, 0, poses);
        byte[] bytes = message.ToByteArray();
        Assert.That(NodeWire.TryDecode2D(bytes, out CameraPoses2D decoded, out string? why), Is.True, why);
        var back = new CameraPoses(4, SkeletonCatalog.BlazePose33, 33);
        Assert.That(NodeWire.TryFill(decoded, back, out why), Is.True, why);

        Assert.That(back.Count, Is.EqualTo(1));
        Assert.That(back.TrackId(0), Is.EqualTo(3));
        Assert.That(back.Box(0), Is.EqualTo(poses.Box(0)));
        Assert.That(back.Keypoints(0).ToArray(), Is.EqualTo(keypoints));
        Assert.That(decoded.Timecode, Is.EqualTo("00:00:00:42"));
        // One BlazePose person: 33 × 3 packed floats (396 B) plus the header fields.
        TestContext.Out.WriteLine($"2D message, one BlazePose-33 person: {bytes.Length} B");
        Assert.That(bytes.Length, Is.InRange(396, 500));
    }

    [Test]
    public void TryFill_OtherLayout_FalseNamingBoth()
    {
        var message = new SyntheticCameraNodes(2, 4).Message(0, 1);
        var poses = new CameraPoses(4, SkeletonCatalog.BlazePose33, 33);
        Assert.That(NodeWire.TryFill(message, poses, out string? why), Is.False);
        Assert.That(why, Does.Contain("BODY_25B").And.Contain(SkeletonCatalog.BlazePose33.Name));
    }

    [Test]
    public void RequireCameraId_DotInId_ThrowsNamingTheSubject()
    {
        var e = Assert.Throws<ArgumentException>(() => NodeWire.RequireCameraId("cam.01", "--cameras"));
        Assert.That(e!.Message, Does.Contain("cam.01").And.Contain("b3d.2d.<camera>"));
    }
}
