using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.Tracking.Pose2D;
using Google.Protobuf;

namespace Broadcast3D.Engine.Nodes;

/// <summary>
/// The bus nodes' wire format (<c>Nodes/nodes.proto</c>): subjects, message ids and the conversions between the
/// tracking types and the Protocol Buffers messages. A message of another <see cref="Version"/>, one that does not
/// parse, or one whose content contradicts itself is refused with the reason (<see cref="TryDecode2D"/>); the caller
/// counts and drops it (<see cref="DroppedMessages"/>). Stateless and thread-safe.
/// </summary>
public static class NodeWire
{
    /// <summary>Version every message carries; readers drop any other.</summary>
    public const uint Version = 1;

    /// <summary>JetStream stream of the 2D (short retention: the fusion node's resume window).</summary>
    public const string Stream2D = "B3D_2D";

    /// <summary>JetStream stream of the 3D (the history replay, analytics and federation consumers read).</summary>
    public const string Stream3D = "B3D_3D";

    /// <summary>Subjects of the 2D: one per camera below this prefix.</summary>
    public const string Subject2DPrefix = "b3d.2d.";

    /// <summary>Subject of the 3D frame sets.</summary>
    public const string Subject3D = "b3d.3d";

    /// <summary>Subject camera <paramref name="camera"/> publishes its 2D on.</summary>
    public static string Subject2D(string camera) => Subject2DPrefix + camera;

    /// <summary>Nats-Msg-Id of a camera's frame: a re-sent frame (a restarted node, a retry) is stored once.</summary>
    public static string MessageId2D(string camera, long segment, long frame) => $"2d.{camera}.{segment}.{frame}";

    /// <summary>Nats-Msg-Id of a frame set's 3D: a fusion node that restarts and publishes a set again stores it once.</summary>
    public static string MessageId3D(long segment, long frame) => $"3d.{segment}.{frame}";

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming <paramref name="what"/> unless <paramref name="camera"/> can be a
    /// subject token (letters, digits, '-' and '_': NATS subjects split on '.', and '*', '>' and spaces are reserved).
    /// </summary>
    public static void RequireCameraId(string camera, string what)
    {
        if (string.IsNullOrEmpty(camera) || camera.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_')))
            throw new ArgumentException($"{what}: camera id '{camera}' must be letters, digits, '-' or '_' (it is part of the subject b3d.2d.<camera>)");
    }

    /// <summary>The message of one camera's people of frame <paramref name="frame"/> (a new message; the caller publishes it).</summary>
    public static CameraPoses2D Encode(string camera, long frame, Rational captureTime, FrameRate rate, long segment, CameraPoses poses)
    {
        ArgumentNullException.ThrowIfNull(poses);
        var message = new CameraPoses2D
        {
            Version = Version, Camera = camera, Frame = frame, CaptureNumerator = captureTime.Numerator,
            CaptureDenominator = captureTime.Denominator, Timecode = Timecode.FromTime(captureTime, rate).ToString(),
            Segment = segment, Skeleton = poses.Skeleton.Name, KeypointCount = (uint)poses.KeypointCount,
        };
        for (int p = 0; p < poses.Count; p++)
        {
            PersonBox box = poses.Box(p);
            var person = new Person2D { TrackId = poses.TrackId(p), BoxX1 = box.X1, BoxY1 = box.Y1, BoxX2 = box.X2, BoxY2 = box.Y2, Score = box.Score };
            foreach (Keypoint k in poses.Keypoints(p))
            {
                person.Keypoints.Add(k.X);
                person.Keypoints.Add(k.Y);
                person.Keypoints.Add(k.Score);
            }
            message.People.Add(person);
        }
        return message;
    }

    /// <summary>
    /// Parses a 2D message; false with the reason when it does not parse, has another version, or its people do not
    /// match its keypoint count. Never throws for bad bytes.
    /// </summary>
    public static bool TryDecode2D(ReadOnlySpan<byte> data, out CameraPoses2D message, out string? reason)
    {
        message = new CameraPoses2D();
        try
        {
            message.MergeFrom(data);
        }
        catch (InvalidProtocolBufferException e)
        {
            reason = $"not a 2D message ({e.Message})";
            return false;
        }
        if (message.Version != Version)
        {
            reason = $"version {message.Version}, this node reads version {Version}";
            return false;
        }
        if (string.IsNullOrEmpty(message.Camera))
        {
            reason = "no camera id";
            return false;
        }
        if (message.CaptureDenominator <= 0)
        {
            reason = $"capture time denominator {message.CaptureDenominator}";
            return false;
        }
        foreach (Person2D person in message.People)
        {
            if (person.Keypoints.Count != message.KeypointCount * 3)
            {
                reason = $"a person of {person.Keypoints.Count} values for {message.KeypointCount} keypoints (x, y, confidence each)";
                return false;
            }
        }
        reason = null;
        return true;
    }

    /// <summary>
    /// Fills <paramref name="poses"/> with the people of <paramref name="message"/> (at most its capacity); false with
    /// the reason when the message's layout is not the one <paramref name="poses"/> holds.
    /// </summary>
    public static bool TryFill(CameraPoses2D message, CameraPoses poses, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(poses);
        poses.Clear();
        if (!string.Equals(message.Skeleton, poses.Skeleton.Name, StringComparison.OrdinalIgnoreCase) || message.KeypointCount != poses.KeypointCount)
        {
            reason = $"keypoints in {message.Skeleton} ({message.KeypointCount}), this node takes {poses.Skeleton.Name} ({poses.KeypointCount})";
            return false;
        }
        Span<Keypoint> keypoints = stackalloc Keypoint[poses.KeypointCount];
        int count = Math.Min(message.People.Count, poses.Capacity);
        for (int p = 0; p < count; p++)
        {
            Person2D person = message.People[p];
            for (int k = 0; k < keypoints.Length; k++)
                keypoints[k] = new Keypoint(person.Keypoints[3 * k], person.Keypoints[(3 * k) + 1], person.Keypoints[(3 * k) + 2]);
            poses.Add(person.TrackId, new PersonBox(person.BoxX1, person.BoxY1, person.BoxX2, person.BoxY2, person.Score), keypoints);
        }
        reason = null;
        return true;
    }

    /// <summary>Parses a 3D message; false with the reason when it does not parse or has another version.</summary>
    public static bool TryDecode3D(ReadOnlySpan<byte> data, out FrameSet3D message, out string? reason)
    {
        message = new FrameSet3D();
        try
        {
            message.MergeFrom(data);
        }
        catch (InvalidProtocolBufferException e)
        {
            reason = $"not a 3D message ({e.Message})";
            return false;
        }
        if (message.Version != Version)
        {
            reason = $"version {message.Version}, this node reads version {Version}";
            return false;
        }
        foreach (Person3D person in message.People)
        {
            if (person.Points.Count != message.MarkerCount * 3 || person.ErrorsPixels.Count != message.MarkerCount
                || person.ExcludedCameras.Count != message.MarkerCount)
            {
                reason = $"a person of {person.Points.Count} coordinates for {message.MarkerCount} markers";
                return false;
            }
        }
        reason = null;
        return true;
    }

    /// <summary>The layout a 2D message names, or null when this build does not know it.</summary>
    public static SkeletonDefinition? Skeleton(string name)
    {
        try
        {
            return SkeletonCatalog.FromName(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
