using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>
/// The cameras posed from a board: the world is the board's frame in the placement most cameras saw (origin at its
/// first corner, X along its columns, Z up towards the cameras, metres); the RMS reprojection error per camera over
/// its views (pixels, with distortion); the placements used. Immutable.
/// </summary>
public sealed record BoardCalibrationResult(CameraRig Rig, IReadOnlyList<double> RmsPixels, int Placements, int ReferencePlacement);
