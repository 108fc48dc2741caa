namespace Broadcast3D.Engine.Control;

/// <summary>One measured stage of the live path.</summary>
/// <param name="Name">The stage, e.g. <c>composite</c>, <c>ingest → ndi B3D Programme</c>.</param>
/// <param name="MeanMilliseconds">Mean over the run, ms.</param>
/// <param name="MaxMilliseconds">Largest, ms.</param>
/// <param name="Count">Samples.</param>
public sealed record LatencyState(string Name, double MeanMilliseconds, double MaxMilliseconds, long Count);
