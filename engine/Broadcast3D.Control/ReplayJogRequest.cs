namespace Broadcast3D.Control;

/// <summary><c>POST /api/replay/jog</c>: how far to move, paused.</summary>
/// <param name="Frames">Recorded frames, −600 to 600, not 0 (negative: back).</param>
public sealed record ReplayJogRequest(int Frames);
