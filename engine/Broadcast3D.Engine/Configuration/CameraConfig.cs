using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Configuration;

/// <summary>One camera: a file path or a URL (rtsp://, srt://, udp://, http://), and its name in the calibration.</summary>
/// <param name="Name">Camera name; must match a camera of the calibration.</param>
/// <param name="Source">File path (resolved) or network URL.</param>
/// <param name="IsNetwork">True for URLs: reconnect with backoff when the stream drops.</param>
/// <param name="OffsetSeconds">Added to the camera's timestamps before sync (positive: the camera is late).</param>
public sealed record CameraConfig(string Name, string Source, bool IsNetwork, Rational OffsetSeconds)
{
    /// <summary>File sources only: play the file again from the start when it ends (<c>"loop": true</c>).</summary>
    public bool Loop { get; init; }

    /// <summary>How this camera is recorded when the configuration has a <c>record</c> section (<c>"record": "copy"</c> by default).</summary>
    public RecordMode Record { get; init; } = RecordMode.Copy;
}
