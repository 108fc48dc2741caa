using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Nodes;

/// <summary>
/// A 2D message (<see cref="Wire.CameraPoses2D"/> of <c>Nodes/nodes.proto</c>) read in place from the bytes the bus
/// delivered: the protobuf wire format walked field by field, the camera id and layout name compared as UTF-8 bytes,
/// the keypoints copied straight into a <see cref="CameraPoses"/>. It exists so that the fusion node's per-message
/// path allocates nothing: Google.Protobuf's parse makes a message, a <see cref="Wire.Person2D"/> and a
/// <c>RepeatedField</c> per person and three strings per message (measured: 1 kB a message at one person, 5 kB at 15).
/// It accepts what Google.Protobuf accepts for this message (fields in any order, unknown fields skipped, keypoints
/// packed or not) and refuses what <see cref="NodeWire.TryDecode2D"/> refuses, with the same reasons
/// (<c>NodeWireTests</c> check both against each other). Borrows the bytes it was read from: valid while they are.
/// </summary>
public readonly ref struct CameraPoses2DView
{
    private const int CameraField = 2, SkeletonField = 8, PeopleField = 10, KeypointsField = 7;

    private readonly ReadOnlySpan<byte> _data;

    private CameraPoses2DView(ReadOnlySpan<byte> data, ReadOnlySpan<byte> camera, ReadOnlySpan<byte> skeleton, scoped in Header header)
    {
        _data = data;
        CameraUtf8 = camera;
        SkeletonUtf8 = skeleton;
        Version = header.Version;
        Frame = header.Frame;
        CaptureNumerator = header.CaptureNumerator;
        CaptureDenominator = header.CaptureDenominator;
        Segment = header.Segment;
        KeypointCount = header.KeypointCount;
        PublishedUnixNanoseconds = header.Published;
        EndOfStream = header.EndOfStream;
        PeopleCount = header.People;
    }

    /// <summary>Message version (<see cref="NodeWire.Version"/> once read successfully).</summary>
    public uint Version { get; }

    /// <summary>Camera id, UTF-8 (compare with <see cref="IsCamera"/>).</summary>
    public ReadOnlySpan<byte> CameraUtf8 { get; }

    /// <summary>Keypoint layout name, UTF-8.</summary>
    public ReadOnlySpan<byte> SkeletonUtf8 { get; }

    /// <summary>Frame index the camera node gave the frame.</summary>
    public long Frame { get; }

    /// <summary>Capture time numerator (seconds = numerator / denominator).</summary>
    public long CaptureNumerator { get; }

    /// <summary>Capture time denominator (above 0 once read successfully).</summary>
    public long CaptureDenominator { get; }

    /// <summary>Timeline segment of the camera.</summary>
    public long Segment { get; }

    /// <summary>Keypoints per person.</summary>
    public uint KeypointCount { get; }

    /// <summary>When the camera node published it, Unix nanoseconds (0: not stamped).</summary>
    public long PublishedUnixNanoseconds { get; }

    /// <summary>The camera's source ended: nothing follows for it.</summary>
    public bool EndOfStream { get; }

    /// <summary>People in the message.</summary>
    public int PeopleCount { get; }

    /// <summary>The camera id as a string (allocates: for log lines and error messages only).</summary>
    public string Camera => Encoding.UTF8.GetString(CameraUtf8);

    /// <summary>True when the message's camera id is <paramref name="cameraUtf8"/> (byte for byte).</summary>
    public bool IsCamera(ReadOnlySpan<byte> cameraUtf8) => CameraUtf8.SequenceEqual(cameraUtf8);

    /// <summary>
    /// Reads a 2D message; false with the reason when it does not parse, has another version, no camera, no capture
    /// time, or a person whose keypoints do not match its keypoint count (the reasons of
    /// <see cref="NodeWire.TryDecode2D"/>). Never throws for bad bytes; allocates only the reason.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out CameraPoses2DView view, out string? reason)
    {
        view = default;
        var header = default(Header);
        ReadOnlySpan<byte> camera = default, skeleton = default;
        int pos = 0;
        while (pos < data.Length)
        {
            if (!TryNextField(data, ref pos, out int field, out int wireType, out ulong value, out ReadOnlySpan<byte> bytes))
            {
                reason = $"not a 2D message (malformed field at byte {pos})";
                return false;
            }
            switch ((field, wireType))
            {
                case (1, 0): header.Version = (uint)value; break;
                case (CameraField, 2): camera = bytes; break;
                case (3, 0): header.Frame = (long)value; break;
                case (4, 0): header.CaptureNumerator = (long)value; break;
                case (5, 0): header.CaptureDenominator = (long)value; break;
                case (7, 0): header.Segment = (long)value; break;
                case (SkeletonField, 2): skeleton = bytes; break;
                case (9, 0): header.KeypointCount = (uint)value; break;
                case (PeopleField, 2):
                    if (!TryCountValues(bytes, out _))
                    {
                        reason = $"not a 2D message (malformed person at byte {pos})";
                        return false;
                    }
                    header.People++;
                    break;
                case (11, 0): header.Published = (long)value; break;
                case (12, 0): header.EndOfStream = value != 0; break;
                default: break; // a field of a later minor revision (or timecode): skipped, as Google.Protobuf does
            }
        }
        if (header.Version != NodeWire.Version)
        {
            reason = $"version {header.Version}, this node reads version {NodeWire.Version}";
            return false;
        }
        if (camera.IsEmpty)
        {
            reason = "no camera id";
            return false;
        }
        if (header.CaptureDenominator <= 0)
        {
            reason = $"capture time denominator {header.CaptureDenominator}";
            return false;
        }
        view = new CameraPoses2DView(data, camera, skeleton, header);
        foreach (ReadOnlySpan<byte> person in view.People())
        {
            TryCountValues(person, out int values);
            if (values != header.KeypointCount * 3)
            {
                view = default;
                reason = $"a person of {values} values for {header.KeypointCount} keypoints (x, y, confidence each)";
                return false;
            }
        }
        reason = null;
        return true;
    }

    /// <summary>
    /// Fills <paramref name="poses"/> with the people (at most its capacity); false with the reason when the
    /// message's layout is not the one <paramref name="poses"/> holds. Allocates nothing on success.
    /// </summary>
    public bool TryFill(CameraPoses poses, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(poses);
        poses.Clear();
        if (!Ascii.EqualsIgnoreCase(SkeletonUtf8, poses.Skeleton.Name) || KeypointCount != poses.KeypointCount)
        {
            reason = $"keypoints in {Encoding.UTF8.GetString(SkeletonUtf8)} ({KeypointCount}), this node takes {poses.Skeleton.Name} ({poses.KeypointCount})";
            return false;
        }
        Span<Keypoint> keypoints = stackalloc Keypoint[poses.KeypointCount];
        // Keypoint is three floats in order (x, y, confidence), as the message lists them.
        Span<float> values = MemoryMarshal.Cast<Keypoint, float>(keypoints);
        foreach (ReadOnlySpan<byte> person in People())
        {
            if (poses.Count == poses.Capacity)
                break;
            int trackId = 0, n = 0;
            float x1 = 0, y1 = 0, x2 = 0, y2 = 0, score = 0;
            int pos = 0;
            while (pos < person.Length)
            {
                TryNextField(person, ref pos, out int field, out int wireType, out ulong value, out ReadOnlySpan<byte> bytes);
                switch ((field, wireType))
                {
                    case (1, 0): trackId = (int)value; break;
                    case (2, 5): x1 = BitConverter.UInt32BitsToSingle((uint)value); break;
                    case (3, 5): y1 = BitConverter.UInt32BitsToSingle((uint)value); break;
                    case (4, 5): x2 = BitConverter.UInt32BitsToSingle((uint)value); break;
                    case (5, 5): y2 = BitConverter.UInt32BitsToSingle((uint)value); break;
                    case (6, 5): score = BitConverter.UInt32BitsToSingle((uint)value); break;
                    case (KeypointsField, 2):
                        for (int i = 0; i < bytes.Length; i += 4)
                            values[n++] = BinaryPrimitives.ReadSingleLittleEndian(bytes[i..]);
                        break;
                    case (KeypointsField, 5): values[n++] = BitConverter.UInt32BitsToSingle((uint)value); break;
                    default: break;
                }
            }
            poses.Add(trackId, new PersonBox(x1, y1, x2, y2, score), keypoints);
        }
        reason = null;
        return true;
    }

    private PeopleEnumerable People() => new(_data);

    /// <summary>
    /// Reads one field at <paramref name="pos"/>: its number, wire type and value (a varint, or a fixed 32/64-bit
    /// value's bits, in <paramref name="value"/>; a length-delimited field's bytes in <paramref name="bytes"/>).
    /// False for a truncated or malformed field (and groups, which proto3 has not).
    /// </summary>
    private static bool TryNextField(ReadOnlySpan<byte> data, scoped ref int pos, out int field, out int wireType, out ulong value, out ReadOnlySpan<byte> bytes)
    {
        field = 0;
        wireType = 0;
        value = 0;
        bytes = default;
        if (!TryVarint(data, ref pos, out ulong tag) || tag >> 3 is 0 or > int.MaxValue)
            return false;
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        switch (wireType)
        {
            case 0:
                return TryVarint(data, ref pos, out value);
            case 1:
                if (data.Length - pos < 8)
                    return false;
                value = BinaryPrimitives.ReadUInt64LittleEndian(data[pos..]);
                pos += 8;
                return true;
            case 5:
                if (data.Length - pos < 4)
                    return false;
                value = BinaryPrimitives.ReadUInt32LittleEndian(data[pos..]);
                pos += 4;
                return true;
            case 2:
                if (!TryVarint(data, ref pos, out ulong length) || length > (ulong)(data.Length - pos))
                    return false;
                bytes = data.Slice(pos, (int)length);
                pos += (int)length;
                return true;
            default:
                return false;
        }
    }

    private static bool TryVarint(ReadOnlySpan<byte> data, scoped ref int pos, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length)
                return false;
            byte b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return true;
        }
        return false; // more than ten bytes
    }

    /// <summary>Checks a person's fields and counts its keypoint values (packed or not); false when malformed.</summary>
    private static bool TryCountValues(ReadOnlySpan<byte> person, out int values)
    {
        values = 0;
        int pos = 0;
        while (pos < person.Length)
        {
            if (!TryNextField(person, ref pos, out int field, out int wireType, out _, out ReadOnlySpan<byte> bytes))
                return false;
            if (field != KeypointsField)
                continue;
            if (wireType == 5)
            {
                values++;
            }
            else if (wireType == 2)
            {
                if (bytes.Length % 4 != 0)
                    return false;
                values += bytes.Length / 4;
            }
        }
        return true;
    }

    /// <summary>The people's bytes in message order (the message was checked by <see cref="TryRead"/>).</summary>
    private readonly ref struct PeopleEnumerable(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public PeopleEnumerator GetEnumerator() => new(_data);
    }

    private ref struct PeopleEnumerator(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public ReadOnlySpan<byte> Current { get; private set; }

        public bool MoveNext()
        {
            while (_pos < _data.Length)
            {
                if (!TryNextField(_data, ref _pos, out int field, out int wireType, out _, out ReadOnlySpan<byte> bytes))
                    return false;
                if (field == PeopleField && wireType == 2)
                {
                    Current = bytes;
                    return true;
                }
            }
            return false;
        }
    }

    private struct Header
    {
        public uint Version;
        public long Frame, CaptureNumerator, CaptureDenominator, Segment, Published;
        public uint KeypointCount;
        public bool EndOfStream;
        public int People;
    }
}
