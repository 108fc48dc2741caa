using Broadcast3D.Core.Time;

namespace Broadcast3D.Media;

/// <summary>What <see cref="MediaProbe"/> found in a file or URL.</summary>
/// <param name="Source">The path or URL as given.</param>
/// <param name="Format">FFmpeg demuxer name(s), e.g. "mov,mp4,m4a,3gp,3g2,mj2".</param>
/// <param name="Duration">Container duration in seconds, null when unknown.</param>
/// <param name="BitRate">Bits per second, null when unknown.</param>
/// <param name="Timecode">The container's "timecode" tag, else the first stream's.</param>
/// <param name="Streams">Every stream in container order.</param>
public sealed record MediaInfo(string Source, string Format, Rational? Duration, long? BitRate, string? Timecode, IReadOnlyList<MediaStreamInfo> Streams);
