using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>
/// One camera's view of the board in one placement: the corners' pixels as detected (lens distortion not removed)
/// and the same corners' board coordinates (metres, z = 0), pairwise. Immutable.
/// </summary>
public sealed record BoardView(IReadOnlyList<(double U, double V)> Pixels, IReadOnlyList<Vector3d> Corners);
