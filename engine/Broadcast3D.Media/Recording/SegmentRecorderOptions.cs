using Broadcast3D.Core.Threading;

namespace Broadcast3D.Media.Recording;

/// <summary>How a <see cref="SegmentRecorder"/> records one camera.</summary>
public sealed record SegmentRecorderOptions
{
    /// <summary>Camera name: the segments go to <c>Folder/Camera/</c> and the index rows carry it.</summary>
    public required string Camera { get; init; }

    /// <summary>The recording's folder (created if missing).</summary>
    public required string Folder { get; init; }

    /// <summary>
    /// Seconds of video per segment: a segment is cut at the first key frame at or after this, so it is at least a
    /// GOP long. Two seconds: retention and crash loss are fine-grained, and a segment is still few files an hour.
    /// </summary>
    public double SegmentSeconds { get; init; } = 2;

    /// <summary>
    /// Packets the tap holds for the recorder thread: 256 is over 4 s at 60 fps, enough to ride out a slow disk
    /// write; beyond it the recorder drops (counted) rather than ever delaying the decoder.
    /// </summary>
    public int QueuePackets { get; init; } = 256;

    /// <summary>The run's per-thread cost book: the thread is accounted as "record CAMERA", one frame per packet. Null: not accounted.</summary>
    public ThreadCostBook? Costs { get; init; }
}
