using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// Where the live sync placed a camera's own capture clock on the programme's common clock, from a common time on:
/// common time = the camera's capture time (as its index rows hold it) + <paramref name="Offset"/>. Recorded each time
/// the placement changes (<see cref="RecordingIndex.CameraPlaced"/>), so a replay lands on the same instant on every angle.
/// </summary>
/// <param name="Since">Common time (seconds) of the first frame set placed with this offset.</param>
/// <param name="Offset">Seconds added to the camera's capture times.</param>
public readonly record struct CameraPlacement(Rational Since, Rational Offset);
