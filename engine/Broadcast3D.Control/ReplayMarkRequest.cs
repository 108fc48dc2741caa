namespace Broadcast3D.Control;

/// <summary><c>POST /api/replay/mark-in</c>, <c>/mark-out</c>: where the mark goes.</summary>
/// <param name="At">A timecode <c>HH:MM:SS:FF</c> or seconds like <c>12.5s</c> on the capture clock; null (or no body): the programme picture on air now.</param>
public sealed record ReplayMarkRequest(string? At = null);
