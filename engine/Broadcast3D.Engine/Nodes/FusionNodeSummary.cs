namespace Broadcast3D.Engine.Nodes;

/// <summary>What a fusion node did: sets fused and published, cameras missing, messages dropped, latency.</summary>
/// <param name="Sets">Frame sets fused and published.</param>
/// <param name="IncompleteSets">Sets fused with at least one camera missing.</param>
/// <param name="CameraMissingSets">Per camera id: sets fused without it.</param>
/// <param name="Dropped">2D messages refused (malformed, wrong version, unknown camera, wrong layout, late).</param>
/// <param name="AlreadyFused">2D messages of sets a previous run of the node had published (a resumed node skips them).</param>
/// <param name="Duplicates">3D sets the server had already stored (published again after a restart).</param>
/// <param name="FirstFrame">Frame index the node started at (0, or one after the last set it found in the stream).</param>
/// <param name="MeanLatencyMilliseconds">Mean time from the first 2D of a set published to its 3D published (wall clocks of the nodes).</param>
public sealed record FusionNodeSummary(long Sets, long IncompleteSets, IReadOnlyDictionary<string, long> CameraMissingSets, long Dropped,
    long AlreadyFused, long Duplicates, long FirstFrame, double MeanLatencyMilliseconds)
{
    /// <summary>Mean size of the 2D messages read (bytes, one camera's frame).</summary>
    public double Mean2DBytes { get; init; }

    /// <summary>Mean size of the 3D messages published (bytes, one frame set).</summary>
    public double Mean3DBytes { get; init; }
}
