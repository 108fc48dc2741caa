namespace Broadcast3D.Calibration.Intrinsics;

/// <summary>
/// What became of one picture: used (with its RMS reprojection error, pixels) or rejected (with the reason).
/// <see cref="Sharpness"/> is the variance of the Laplacian over the board region (0 when no board was found).
/// </summary>
public sealed record ViewReport(string Label, bool Used, string? Rejection, int Corners, double Sharpness, double RmsPixels);
