using Broadcast3D.Core.Time;

namespace Broadcast3D.Media.Recording;

/// <summary>
/// Where a <see cref="SegmentRecorder"/> reports what it wrote (the replay index). Called on the recorder's thread
/// only, in order: opened, frames, closed. An implementation shared by several recorders must be thread-safe. An
/// exception thrown here is logged by the recorder and counted; recording goes on.
/// </summary>
public interface ISegmentIndex
{
    /// <summary>A segment file was created; returns its id for the calls that follow.</summary>
    /// <param name="camera">Camera name.</param>
    /// <param name="path">Full path of the segment file.</param>
    /// <param name="codec">The stream's codec name (FFmpeg's, e.g. "h264").</param>
    /// <param name="width">Picture width in pixels.</param>
    /// <param name="height">Picture height in pixels.</param>
    /// <param name="startCapture">Capture time of the segment's first (key) frame, seconds on the camera's timeline.</param>
    long SegmentOpened(string camera, string path, string codec, int width, int height, Rational startCapture);

    /// <summary>A picture's packet was written to segment <paramref name="segment"/>.</summary>
    void FrameWritten(long segment, in RecordedFrame frame);

    /// <summary>Segment <paramref name="segment"/> was completed and closed.</summary>
    /// <param name="segment">The id <see cref="SegmentOpened"/> returned.</param>
    /// <param name="endCapture">Capture time at which its last frame ends (seconds, camera timeline).</param>
    /// <param name="bytes">File size in bytes.</param>
    /// <param name="frames">Frames written.</param>
    void SegmentClosed(long segment, Rational endCapture, long bytes, int frames);
}
