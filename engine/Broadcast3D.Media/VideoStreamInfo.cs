using Broadcast3D.Core.Time;

namespace Broadcast3D.Media;

/// <summary>What a source's video stream declares, read once at open.</summary>
/// <param name="Index">Stream index in the container.</param>
/// <param name="Codec">FFmpeg codec name ("h264", "hevc", "vp9", "prores", ...).</param>
/// <param name="Width">Coded picture width in pixels.</param>
/// <param name="Height">Coded picture height in pixels.</param>
/// <param name="PixelFormat">Native pixel format name ("yuv420p", ...), "" when unknown before decoding.</param>
/// <param name="TimeBase">Seconds per pts tick.</param>
/// <param name="FrameRate">Average frame rate, or null when the container does not say.</param>
/// <param name="StartPts">First pts in time-base ticks (0 when unknown).</param>
/// <param name="Duration">Stream (or container) duration in seconds, null when unknown (live).</param>
/// <param name="FrameCount">Frames declared by the container, null when unknown.</param>
/// <param name="Interlaced">True when the stream declares a field order other than progressive.</param>
/// <param name="Timecode">The "timecode" metadata tag (stream, then container), null when absent.</param>
public sealed record VideoStreamInfo(
    int Index,
    string Codec,
    int Width,
    int Height,
    string PixelFormat,
    Rational TimeBase,
    FrameRate? FrameRate,
    long StartPts,
    Rational? Duration,
    long? FrameCount,
    bool Interlaced,
    string? Timecode);
