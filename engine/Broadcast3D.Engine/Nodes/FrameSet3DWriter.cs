using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Tracking.FrameSets;
using Google.Protobuf;

namespace Broadcast3D.Engine.Nodes;

/// <summary>
/// The fusion node's 3D messages: one <see cref="FrameSet3D"/> with its <see cref="Person3D"/>s kept and refilled per
/// set, serialised into one reused buffer, so a frame set allocates nothing once the largest set so far has been seen
/// (a new message, people and repeated fields per set were 3–41 kB). Not thread-safe: the fusion loop's own.
/// </summary>
internal sealed class FrameSet3DWriter
{
    private readonly FrameSet3D _message = new() { Version = NodeWire.Version, MarkerCount = (uint)Pose2SimMarkers.Definition.KeypointCount };
    private readonly List<Person3D> _people = [];
    private byte[] _buffer = new byte[4096];

    /// <summary>The message of the set last written (valid until the next <see cref="Write"/>).</summary>
    public FrameSet3D Message => _message;

    /// <summary>
    /// Fills the message with <paramref name="set"/> and <paramref name="fusion"/>'s people, stamps the publish time
    /// and serialises it; the bytes are the writer's buffer, valid until the next call.
    /// </summary>
    public ReadOnlyMemory<byte> Write(FrameSetAssembler.ReadySet set, PoseFusion fusion, int cameras)
    {
        FrameSet3D message = _message;
        message.Frame = set.Frame;
        message.TimeNumerator = set.Time.Numerator;
        message.TimeDenominator = set.Time.Denominator;
        message.Segment = set.Segment;
        message.CamerasPresent = (uint)set.CamerasPresent;
        message.CamerasTotal = (uint)cameras;
        message.First2DPublishedUnixNanoseconds = set.FirstPublishedUnixNanoseconds;
        message.Cameras.Clear();
        for (int c = 0; c < set.Present.Count; c++)
        {
            if (set.Present[c])
                message.Cameras.Add((uint)c);
        }
        // RepeatedField.Clear keeps its array: refilling the same people and values allocates nothing.
        message.People.Clear();
        for (int p = 0; p < fusion.PeopleCount; p++)
        {
            if (p == _people.Count)
                _people.Add(new Person3D());
            Person3D person = _people[p];
            person.Id = fusion.PersonId(p);
            person.Points.Clear();
            foreach (double v in fusion.Points(p))
                person.Points.Add(v);
            person.ErrorsPixels.Clear();
            foreach (double v in fusion.ErrorsPixels(p))
                person.ErrorsPixels.Add(v);
            person.ExcludedCameras.Clear();
            foreach (int v in fusion.ExcludedCounts(p))
                person.ExcludedCameras.Add(v);
            message.People.Add(person);
        }
        message.PublishedUnixNanoseconds = FusionNode.UnixNanoseconds();
        int size = message.CalculateSize();
        if (size > _buffer.Length)
            _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
        message.WriteTo(_buffer.AsSpan(0, size));
        return _buffer.AsMemory(0, size);
    }
}
