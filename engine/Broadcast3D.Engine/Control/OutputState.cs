namespace Broadcast3D.Engine.Control;

/// <summary>An output's counters.</summary>
/// <param name="Name">Kind and target, e.g. <c>ndi:B3D Programme</c>.</param>
/// <param name="Sent">Pictures sent.</param>
/// <param name="Dropped">Pictures it could not take (its queue was full).</param>
/// <param name="Failure">Why it stopped, or null while it works.</param>
public sealed record OutputState(string Name, long Sent, long Dropped, string? Failure);
