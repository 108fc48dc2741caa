using Broadcast3D.Engine.Scene;

namespace Broadcast3D.Engine.Control;

/// <summary>What the control API reports of a live run (<c>GET /api/state</c>, and the WebSocket's state messages).</summary>
/// <param name="Running">True while the programme channel runs and takes commands.</param>
/// <param name="Channel">The channel's counters; null before it starts.</param>
/// <param name="Counters">Cameras, outputs, sync, tracking and latencies; null before the run starts them.</param>
/// <param name="Graphics">What the graphics show; null before the channel starts.</param>
/// <param name="People">The people last drawn.</param>
/// <param name="Delay">The programme delay and the graphics age; null when the run has no commandable delay.</param>
public sealed record LiveState(bool Running, ChannelState? Channel, LiveCounters? Counters, GraphicsState? Graphics, IReadOnlyList<PersonState> People,
    DelayLineState? Delay);
