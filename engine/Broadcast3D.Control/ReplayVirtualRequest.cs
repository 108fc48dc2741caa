namespace Broadcast3D.Control;

/// <summary><c>POST /api/replay/virtual</c>: a virtual camera shot of the cued clip.</summary>
/// <param name="Move"><c>orbit</c> or <c>fly[:VIEW]</c> (VIEW: side, behind, front, top or an azimuth in degrees).</param>
/// <param name="Freeze">Frames of a freeze at the position shown now (1–600); none or 0: through the rest of the clip.</param>
/// <param name="Dissolve">Frames at the end dissolving into the real camera at the same instant (0 or none: a cut).</param>
/// <param name="Athlete">Track id of the athlete followed; none: the lowest tracked at the shot's first instant.</param>
/// <param name="Speed">Through the clip: speed in (0, 2] (default 1); ignored by a freeze.</param>
public sealed record ReplayVirtualRequest(string? Move, int? Freeze = null, int? Dissolve = null, int? Athlete = null, double? Speed = null);
