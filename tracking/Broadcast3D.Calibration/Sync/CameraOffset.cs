namespace Broadcast3D.Calibration.Sync;

/// <summary>
/// The time offset of one camera against the reference camera: frame f of the reference shows the same instant
/// as frame f + <see cref="Frames"/> of this camera (positive: this camera started recording earlier).
/// <see cref="Seconds"/> = Frames / fps. <see cref="Correlation"/> is the Pearson correlation of the two motion
/// signals at that lag (1 for the reference itself); a low value means a weak estimate. <see cref="FractionalFrames"/>
/// is the sub-frame estimate Frames was rounded from (cameras that are not genlocked are offset by fractions of a
/// frame too).
/// </summary>
public sealed record CameraOffset(string Camera, int Frames, double Seconds, double Correlation, double FractionalFrames);
