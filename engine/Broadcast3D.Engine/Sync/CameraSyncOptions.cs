using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Sync;

/// <summary>How <see cref="CameraSync"/> groups frames into sets.</summary>
public sealed record CameraSyncOptions
{
    /// <summary>Rate of the frame sets; cameras at other rates repeat (slower) or skip (faster) frames.</summary>
    public required FrameRate Rate { get; init; }

    /// <summary>
    /// Live: wait at most <see cref="StallTimeout"/> per set for a camera, then go on without it. Offline: wait
    /// for every camera until its reader ends, so the output is deterministic.
    /// </summary>
    public bool Live { get; init; }

    /// <summary>Live only: how long a set waits for a camera that has not delivered the frame it needs.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Automatic per-camera offset, added to each reader's configured offset.</summary>
    public OffsetEstimate OffsetEstimate { get; init; } = OffsetEstimate.None;

    /// <summary>
    /// Largest distance between a set's time and a camera frame's capture time for the frame to belong to the set;
    /// null = half the camera's own frame period (the frame on screen at that instant).
    /// </summary>
    public Rational? Tolerance { get; init; }

    /// <summary>Receives one line whenever a camera drops out of or comes back into the sets (null: the process logger).</summary>
    public Serilog.ILogger? Log { get; init; }
}
