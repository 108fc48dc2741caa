using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Replay;

/// <summary>One segment of a camera as the index lists it.</summary>
/// <param name="Id">Row id.</param>
/// <param name="Camera">Camera name.</param>
/// <param name="Path">Full path of the segment file.</param>
/// <param name="Start">Capture time of its first picture, seconds (camera timeline).</param>
/// <param name="End">Capture time at which its last picture ends; null while the segment is open (or was cut by a crash).</param>
/// <param name="Bytes">File size; null while open.</param>
/// <param name="Frames">Pictures indexed in it.</param>
public sealed record RecordedSegment(long Id, string Camera, string Path, Rational Start, Rational? End, long? Bytes, int Frames);
