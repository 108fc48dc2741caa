namespace Broadcast3D.Control;

/// <summary><c>POST /api/delay</c>: a fixed programme delay, or back to the automatic one (exactly one of the two).</summary>
/// <param name="Frames">Fixed delay, programme frames (0 to the configuration's delay line length); null with <paramref name="Auto"/>.</param>
/// <param name="Auto">True: follow the measured tracking latency again; null with <paramref name="Frames"/>.</param>
public sealed record DelayRequest(int? Frames = null, bool? Auto = null);
