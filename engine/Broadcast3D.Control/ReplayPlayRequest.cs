namespace Broadcast3D.Control;

/// <summary><c>POST /api/replay/play</c>: the speed.</summary>
/// <param name="Speed">In (0, 2]: 1 real time, 0.5, 0.33, 0.25 slow motion, up to 2 fast.</param>
public sealed record ReplayPlayRequest(double Speed = 1);
