namespace Broadcast3D.Engine.Channels;

/// <summary>
/// What a channel put out, for summaries (the demo's <c>summary.json</c> <c>channel</c> object, the live run's report).
/// Offline, under the virtual clock, every frame goes out: <see cref="Repeated"/> and <see cref="Dropped"/> are 0.
/// </summary>
/// <param name="FramesOut">Programme frames put out (a delay line's filling not counted).</param>
/// <param name="Repeated">Ticks where no new camera picture had come and the last one was shown again.</param>
/// <param name="Dropped">Ticks skipped to stay on the wall clock: no frame was made for them.</param>
/// <param name="Sinks">Per output, in configuration order.</param>
public sealed record ChannelCounters(long FramesOut, long Repeated, long Dropped, IReadOnlyList<SinkCounters> Sinks);
