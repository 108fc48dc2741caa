namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>Gait figures: mean horizontal speed (m/s), stride lengths (m), cadence (steps/min), mean ground contact time (s).</summary>
public sealed record GaitSummary(double SpeedMetresPerSecond, IReadOnlyList<double> StrideLengthsMetres, double CadenceStepsPerMinute, double MeanContactSeconds);
