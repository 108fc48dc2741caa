namespace Broadcast3D.Calibration.Check;

/// <summary>
/// One camera's agreement with a trial: how many observations (confidence ≥ 0.3, at a triangulated marker) were
/// compared, the median and mean pixel distance between each observation and the projection (with distortion) of
/// its triangulated marker, and whether the camera looks moved since calibration (<see cref="Drifted"/>).
/// </summary>
public sealed record CameraCheck(string Camera, int Observations, double MedianPixels, double MeanPixels, bool Drifted);
