namespace Broadcast3D.Engine.Pipeline;

/// <summary>One output of the channel: its name (the file relative to the output folder, or <c>ndi:NAME</c>) and its counters.</summary>
/// <param name="Name">Output name.</param>
/// <param name="Sent">Pictures written or sent.</param>
/// <param name="Dropped">Pictures dropped (0 offline unless the output failed).</param>
public sealed record SinkSummary(string Name, long Sent, long Dropped);
