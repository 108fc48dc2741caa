namespace Broadcast3D.Engine.Sync;

/// <summary>What one camera contributed to a <see cref="FrameSet"/>.</summary>
public enum FrameSlotStatus
{
    /// <summary>A frame not shown in an earlier set.</summary>
    Fresh,
    /// <summary>The same frame as the previous set (a camera slower than the sync rate).</summary>
    Repeated,
    /// <summary>No frame near this time (a gap in the camera's timeline).</summary>
    Gap,
    /// <summary>A live camera delivered nothing within the stall timeout; the set went on without it.</summary>
    Stalled,
    /// <summary>The camera's reader has finished (file ended, failed, or stopped).</summary>
    Ended,
}
