using Broadcast3D.Engine.Sync;

namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// How live cameras are grouped into frame sets: placed by arrival (default; senders with unrelated clocks, ±1
/// frame) or by their own timestamps (senders sharing a clock, e.g. genlocked encoders stamping a common time), and
/// how long a set waits for a late camera before going on without it.
/// </summary>
public sealed record SyncConfig(OffsetEstimate Placement, TimeSpan StallTimeout)
{
    /// <summary>Arrival placement, 100 ms stall timeout.</summary>
    public static SyncConfig Default { get; } = new(OffsetEstimate.Arrival, TimeSpan.FromMilliseconds(100));
}
