using Broadcast3D.Core.Time;
using Broadcast3D.Media;

namespace Broadcast3D.Engine.Sync;

/// <summary>One camera's entry in a <see cref="FrameSet"/>.</summary>
/// <param name="Frame">The picture, or null when <see cref="Status"/> is Gap, Stalled or Ended. Owned by <see cref="CameraSync"/>.</param>
/// <param name="CaptureTime">The frame's capture time after offsets (seconds); zero when there is no frame.</param>
/// <param name="Status">Why this frame (or none) was chosen.</param>
/// <param name="ArrivalTimestamp"><see cref="System.Diagnostics.Stopwatch"/> ticks when the reader received the frame; 0 when there is none.</param>
public readonly record struct FrameSlot(VideoFrame? Frame, Rational CaptureTime, FrameSlotStatus Status, long ArrivalTimestamp = 0)
{
    /// <summary>True when a frame is present.</summary>
    public bool HasFrame => Frame is not null;
}
