using System.Buffers;
using System.Text.Json;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// Writes the people of one camera frame as an OpenPose JSON file (version 1.3 layout, read back by
/// <see cref="OpenPoseJson"/> and by Pose2Sim), keypoints mapped by name onto <see cref="Target"/> (BODY_25B by
/// default: COCO-17, heels and big toes from BlazePose; Neck, Head and small toes, which our models lack, are 0,0,0).
/// People are written tallest box first, so person 0 is the most prominent one (the athlete in a close shot);
/// <c>person_id</c> carries the track id. Reuses one buffer; not thread-safe.
/// </summary>
public sealed class OpenPoseJsonWriter
{
    private readonly SkeletonMapping _mapping;
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _json;
    private int[] _order = new int[8];

    /// <summary>Maps <paramref name="source"/> keypoints onto <paramref name="target"/> (default BODY_25B).</summary>
    public OpenPoseJsonWriter(SkeletonDefinition source, SkeletonDefinition? target = null)
    {
        _mapping = new SkeletonMapping(source, target ?? SkeletonCatalog.Body25B);
        _json = new Utf8JsonWriter(_buffer);
    }

    /// <summary>Layout of the written keypoints.</summary>
    public SkeletonDefinition Target => _mapping.Target;

    /// <summary>OpenPose's file name for frame <paramref name="frame"/> of <paramref name="camera"/>: <c>cam01_000000000012_keypoints.json</c>.</summary>
    public static string FileName(string camera, long frame) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{camera}_{frame:D12}_keypoints.json");

    /// <summary>Writes <paramref name="poses"/> to <paramref name="path"/> (overwriting it).</summary>
    public void Write(string path, CameraPoses poses)
    {
        ArgumentNullException.ThrowIfNull(poses);
        if (poses.Skeleton != _mapping.Source)
            throw new ArgumentException($"poses are {poses.Skeleton.Name}, this writer maps from {_mapping.Source.Name}", nameof(poses));
        _buffer.Clear();
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteNumber("version", 1.3);
        _json.WriteStartArray("people");
        foreach (int p in TallestFirst(poses))
        {
            _json.WriteStartObject();
            _json.WriteStartArray("person_id");
            _json.WriteNumberValue(poses.TrackId(p));
            _json.WriteEndArray();
            _json.WriteStartArray("pose_keypoints_2d");
            ReadOnlySpan<Keypoint> kp = poses.Keypoints(p);
            foreach (int s in _mapping.SourceIndex)
            {
                // OpenPose writes an undetected keypoint as 0,0,0.
                Keypoint k = s >= 0 && kp[s].Score > 0 ? kp[s] : default;
                _json.WriteNumberValue(k.X);
                _json.WriteNumberValue(k.Y);
                _json.WriteNumberValue(k.Score);
            }
            _json.WriteEndArray();
            _json.WriteEndObject();
        }
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 4096, FileOptions.None);
        file.Write(_buffer.WrittenSpan);
    }

    private ReadOnlySpan<int> TallestFirst(CameraPoses poses)
    {
        if (_order.Length < poses.Count)
            _order = new int[poses.Count];
        Span<int> order = _order.AsSpan(0, poses.Count);
        for (int i = 0; i < order.Length; i++)
        {
            int j = i;
            // Insertion sort: a handful of people per camera.
            while (j > 0 && poses.Box(order[j - 1]).Height < poses.Box(i).Height)
            {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        return order;
    }
}
