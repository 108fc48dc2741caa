using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Replay;

/// <summary>What one run recorded of one camera (<c>b3d replay list</c>).</summary>
/// <param name="Camera">Camera name.</param>
/// <param name="Codec">The stream's codec (FFmpeg's name).</param>
/// <param name="Width">Picture width, pixels.</param>
/// <param name="Height">Picture height, pixels.</param>
/// <param name="Start">Capture time of the first indexed picture, seconds.</param>
/// <param name="End">Capture time at which the last indexed picture ends, seconds.</param>
/// <param name="Segments">Segments kept.</param>
/// <param name="Frames">Pictures indexed.</param>
/// <param name="Bytes">Bytes of the segments.</param>
/// <param name="Gaps">Stretches without pictures between segments (start, end seconds), longer than a frame.</param>
public sealed record CameraRecording(string Camera, string Codec, int Width, int Height, Rational Start, Rational End, int Segments, long Frames,
    long Bytes, IReadOnlyList<(Rational Start, Rational End)> Gaps);
