namespace Broadcast3D.Engine.Pipeline;

/// <summary>
/// The counters of the channel that drew an offline run's pictures (serialised as <c>channel</c> in
/// <c>summary.json</c>). Under the virtual clock every frame set becomes one picture per output, so a complete run
/// reads frames / 0 / 0 and every sink 0 dropped. Immutable.
/// </summary>
/// <param name="FramesOut">Ticks that put a picture out.</param>
/// <param name="Repeated">Ticks whose frame set repeated a camera's earlier frame (no new picture from it).</param>
/// <param name="Dropped">Pictures the outputs could not take (offline they wait, so only a failed output drops).</param>
/// <param name="Sinks">Per output: pictures sent and dropped.</param>
public sealed record ChannelSummary(long FramesOut, long Repeated, long Dropped, IReadOnlyList<SinkSummary> Sinks);
