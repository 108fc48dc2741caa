using Broadcast3D.Core.Time;

namespace Broadcast3D.Media;

/// <summary>One stream of a probed source. Video-only fields are null for other kinds.</summary>
/// <param name="Index">Stream index in the container.</param>
/// <param name="Kind">"video", "audio", "subtitle", "data" or "attachment".</param>
/// <param name="Codec">FFmpeg codec name.</param>
/// <param name="Width">Pixels (video).</param>
/// <param name="Height">Pixels (video).</param>
/// <param name="PixelFormat">FFmpeg pixel format name (video).</param>
/// <param name="FrameRate">Average frame rate (video), null when undeclared.</param>
/// <param name="TimeBase">Seconds per pts tick.</param>
/// <param name="Duration">Seconds, null when unknown.</param>
/// <param name="FrameCount">Declared by the container, or counted by reading the packets when it is not (files only).</param>
/// <param name="Interlaced">Declared field order is not progressive (video).</param>
/// <param name="Timecode">The stream's "timecode" tag.</param>
public sealed record MediaStreamInfo(
    int Index,
    string Kind,
    string Codec,
    int? Width,
    int? Height,
    string? PixelFormat,
    FrameRate? FrameRate,
    Rational TimeBase,
    Rational? Duration,
    long? FrameCount,
    bool? Interlaced,
    string? Timecode);
