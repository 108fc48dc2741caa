namespace Broadcast3D.Engine.Control;

/// <summary>One tracked person as the programme last drew them (sampled at most 10 times a second).</summary>
/// <param name="Id">Track id (stable while the tracker follows the person).</param>
/// <param name="Name">Name assigned through the control API, or null.</param>
/// <param name="X">Pelvis X, metres (calibration frame, Z up); null when a hip is missing.</param>
/// <param name="Y">Pelvis Y, metres.</param>
/// <param name="Z">Pelvis Z, metres.</param>
/// <param name="SpeedMetresPerSecond">Pelvis speed over the last quarter second, m/s; null before two samples.</param>
/// <param name="Confidence">Fraction of the skeleton's joints with a 3D position, 0–1.</param>
public sealed record PersonState(int Id, string? Name, double? X, double? Y, double? Z, double? SpeedMetresPerSecond, double Confidence);
