using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Media.Recording;

/// <summary>How an <see cref="EncodingRecorder"/> records one camera.</summary>
public sealed record EncodingRecorderOptions
{
    /// <summary>Camera name: the segments go to <c>Folder/Camera/</c>.</summary>
    public required string Camera { get; init; }

    /// <summary>The recording's folder (created if missing).</summary>
    public required string Folder { get; init; }

    /// <summary>The camera's frame rate: segment length in frames and the pictures' pts.</summary>
    public required FrameRate FrameRate { get; init; }

    /// <summary>Seconds per segment (a key frame starts each): two, as in copy mode.</summary>
    public double SegmentSeconds { get; init; } = 2;

    /// <summary>
    /// Decoded pictures waiting for the encoder. They are the reader's pooled frames, so the reader's pool must
    /// be this much larger; 8 rides out a slow key frame or disk write.
    /// </summary>
    public int QueueFrames { get; init; } = 8;

    /// <summary>The run's per-thread cost book: accounted as "record CAMERA", one frame per picture. Null: not accounted.</summary>
    public ThreadCostBook? Costs { get; init; }
}
