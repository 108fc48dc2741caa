using Broadcast3D.Core.Time;

namespace Broadcast3D.Media.Ingest;

/// <summary>
/// A decoded frame tagged with its camera and capture time. Whoever takes it from a <see cref="CameraReader"/>'s
/// queue owns <see cref="Frame"/> and must dispose it.
/// </summary>
/// <param name="Camera">Index of the camera in the rig (the order readers were created in).</param>
/// <param name="Frame">The picture (pooled; dispose to return it).</param>
/// <param name="CaptureTime">Seconds on the camera's timeline: pts × time base (absolute, not relative to the stream start) + configured offset (+ the timeline carried over reconnects).</param>
/// <param name="ArrivalTimestamp"><see cref="System.Diagnostics.Stopwatch"/> ticks when the reader received the frame.</param>
public readonly record struct CameraFrame(int Camera, VideoFrame Frame, Rational CaptureTime, long ArrivalTimestamp)
{
    /// <summary>
    /// Segment of the camera's timeline the frame belongs to: 0 for the first opening of the source, one more each
    /// time the reader opens it again (a looping file starting over, a network source reconnected). The capture time
    /// goes on across segments, the pictures do not: motion must not be interpolated from one segment into the next.
    /// </summary>
    public int Segment { get; init; }
}
