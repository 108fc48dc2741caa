namespace Broadcast3D.Calibration.Intrinsics;

/// <summary>
/// One picture of the calibration board: 8-bit grey (luma), tightly packed, <paramref name="Width"/> ×
/// <paramref name="Height"/> bytes, row 0 at the top. <paramref name="Label"/> names it in reports (file name or
/// "frame 120"). The calibrator only reads <paramref name="Gray"/>.
/// </summary>
public sealed record CalibrationImage(string Label, int Width, int Height, byte[] Gray);
