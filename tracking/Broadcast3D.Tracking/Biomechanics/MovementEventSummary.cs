namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>Events of one trial (times in seconds from the first frame, lengths in metres). Immutable.</summary>
/// <param name="GroundHeightMetres">Estimated ground height (Y).</param>
/// <param name="MeanHorizontalSpeed">Mean horizontal mid-hip speed, m/s.</param>
/// <param name="Contacts">Foot contacts of both feet, by start time.</param>
/// <param name="Jumps">Jumps with a flight inside the trial.</param>
/// <param name="Gait">Gait figures when the movement is gait or running, else null.</param>
public sealed record MovementEventSummary(double GroundHeightMetres, double MeanHorizontalSpeed, IReadOnlyList<FootContact> Contacts, IReadOnlyList<Jump> Jumps, GaitSummary? Gait);
