namespace Broadcast3D.Engine.Channels;

/// <summary>What one output of a channel did.</summary>
/// <param name="Name">Output name ("file:programme.mp4", "ndi:B3D").</param>
/// <param name="Sent">Pictures sent.</param>
/// <param name="Dropped">Pictures the output could not take (still busy with earlier ones, or failed).</param>
public sealed record SinkCounters(string Name, long Sent, long Dropped);
