namespace Broadcast3D.Tracking.Calibration;

/// <summary>What to do with the lens distortion coefficients of a Qualisys calibration.</summary>
public enum QualisysDistortion
{
    /// <summary>
    /// Keep QTM's radial and tangential coefficients as they are. They are dimensionless coefficients on
    /// normalised image coordinates, so the 1/64 sub-pixel scale of QTM's focal length and principal point does
    /// not apply to them; a chessboard fit of the demo cameras gives k1 ≈ −0.03…−0.05, matching the raw values
    /// (−0.046…−0.048), not the divided ones (−0.0007). The default.
    /// </summary>
    Raw,

    /// <summary>
    /// Divide the coefficients by 64 (and by the binning factor) as Pose2Sim's <c>read_qca</c> does. Use it only
    /// to reproduce Pose2Sim's <c>Calib_qualisys.toml</c> bit for bit.
    /// </summary>
    Pose2Sim,
}
