using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>
/// The cameras posed from the athlete, with the RMS reprojection error per camera over its inlier observations
/// (pixels, after distortion removal), the share of observations kept as inliers, and the points used. Immutable.
/// </summary>
public sealed record AthleteCalibrationResult(CameraRig Rig, IReadOnlyList<double> RmsPixels, IReadOnlyList<double> InlierShare, int Points, double ScaleMetresPerUnit);
