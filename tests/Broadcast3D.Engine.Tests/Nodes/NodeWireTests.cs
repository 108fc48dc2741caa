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

    [Test]
    public void TryRead_GarbageBytes_FalseWithReason()
    {
        byte[] garbage = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x12, 0x99];
        Assert.That(CameraPoses2DView.TryRead(garbage, out _, out string? why), Is.False);
        Assert.That(why, Does.Contain("not a 2D message"));
    }

    [Test]
    public void TryRead_OtherVersion_FalseNamingBothVersions()
    {
        var message = new SyntheticCameraNodes(2, 4).Message(0, 1);
        message.Version = 2;
        Assert.That(CameraPoses2DView.TryRead(message.ToByteArray(), out _, out string? why), Is.False);
        Assert.That(why, Does.Contain("version 2").And.Contain("version 1"));
    }

    [Test]
    public void TryRead_PersonShorterThanItsKeypointCount_FalseAsTryDecode2D()
    {
        var message = new SyntheticCameraNodes(2, 4).Message(0, 1);
        message.People[0].Keypoints.RemoveAt(0);
        byte[] bytes = message.ToByteArray();
        Assert.That(CameraPoses2DView.TryRead(bytes, out _, out string? why), Is.False);
        NodeWire.TryDecode2D(bytes, out _, out string? protobufWhy);
        Assert.That(why, Is.EqualTo(protobufWhy));
    }

    [Test]
    public void TryRead_EveryPrefixOfAMessage_NeverThrowsAndAgreesWithGoogleProtobuf()
    {
        byte[] bytes = new SyntheticCameraNodes(2, 4, people: 2).Message(1, 2).ToByteArray();
        for (int n = 0; n < bytes.Length; n++)
        {
            bool read = CameraPoses2DView.TryRead(bytes.AsSpan(0, n), out _, out _);
            bool parsed = NodeWire.TryDecode2D(bytes.AsSpan(0, n), out _, out _);
            Assert.That(read, Is.EqualTo(parsed), $"the first {n} of {bytes.Length} bytes");
        }
    }

    [Test]
    public void TryReadThenTryFill_SameBytesAsGoogleProtobufParse_SamePeopleBitForBit()
    {
        var nodes = new SyntheticCameraNodes(3, 6, people: 3);
        CameraPoses2D message = nodes.Message(2, 5);
        message.People[1].TrackId = -7; // a negative int32 is a ten-byte varint
        // A field this build does not know (a later minor revision) and keypoints written unpacked, as another
        // protobuf writer may: both parse as Google.Protobuf parses them.
        var extra = new MemoryStream();
        var output = new CodedOutputStream(extra);
        output.WriteTag(99, WireFormat.WireType.LengthDelimited);
        output.WriteString("later field");
        output.Flush();
        byte[] bytes = [.. message.ToByteArray(), .. extra.ToArray()];

        Assert.That(CameraPoses2DView.TryRead(bytes, out CameraPoses2DView view, out string? why), Is.True, why);
        var read = new CameraPoses(4, SkeletonCatalog.Body25B, 25);
        Assert.That(view.TryFill(read, out why), Is.True, why);
        Assert.That(NodeWire.TryDecode2D(bytes, out CameraPoses2D parsed, out why), Is.True, why);
        var expected = new CameraPoses(4, SkeletonCatalog.Body25B, 25);
        Assert.That(NodeWire.TryFill(parsed, expected, out why), Is.True, why);

        Assert.That((view.Camera, view.Frame, view.CaptureNumerator, view.CaptureDenominator, view.PublishedUnixNanoseconds, view.PeopleCount),
            Is.EqualTo((parsed.Camera, parsed.Frame, parsed.CaptureNumerator, parsed.CaptureDenominator, parsed.PublishedUnixNanoseconds, 3)));
        Assert.That(read.Count, Is.EqualTo(expected.Count));
        for (int p = 0; p < read.Count; p++)
        {
            Assert.That(read.TrackId(p), Is.EqualTo(expected.TrackId(p)));
            Assert.That(read.Box(p), Is.EqualTo(expected.Box(p)));
            Assert.That(read.Keypoints(p).ToArray(), Is.EqualTo(expected.Keypoints(p).ToArray()));
        }
        Assert.That(read.TrackId(1), Is.EqualTo(-7));

        // Unpacked keypoints: each value its own fixed32 field 7.
        var unpacked = new MemoryStream();
        var person = new CodedOutputStream(unpacked);
        person.WriteTag(1, WireFormat.WireType.Varint);
        person.WriteInt32(4);
        foreach (float v in message.People[0].Keypoints)
        {
            person.WriteTag(7, WireFormat.WireType.Fixed32);
            person.WriteFloat(v);
        }
        person.Flush();
        var single = message.Clone();
        single.People.Clear();
        var body = new MemoryStream();
        var head = new CodedOutputStream(body);
        head.WriteTag(10, WireFormat.WireType.LengthDelimited);
        head.WriteBytes(ByteString.CopyFrom(unpacked.ToArray()));
        head.Flush();
        byte[] withUnpacked = [.. single.ToByteArray(), .. body.ToArray()];
        Assert.That(CameraPoses2DView.TryRead(withUnpacked, out view, out why), Is.True, why);
        Assert.That(view.TryFill(read, out why), Is.True, why);
        Assert.That((read.Count, read.TrackId(0)), Is.EqualTo((1, 4)));
        Assert.That(read.Keypoints(0).ToArray(), Is.EqualTo(expected.Keypoints(0).ToArray()));
    }

    [Test]
    public void TryFillView_OtherLayout_FalseNamingBoth()
    {
        byte[] bytes = new SyntheticCameraNodes(2, 4).Message(0, 1).ToByteArray();
        Assert.That(CameraPoses2DView.TryRead(bytes, out CameraPoses2DView view, out string? why), Is.True, why);
        var poses = new CameraPoses(4, SkeletonCatalog.BlazePose33, 33);
        Assert.That(view.TryFill(poses, out why), Is.False);
        Assert.That(why, Does.Contain("BODY_25B").And.Contain(SkeletonCatalog.BlazePose33.Name));
    }
}
