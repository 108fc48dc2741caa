namespace Broadcast3D.Engine.Offline;

/// <summary>One stage's latency over a run.</summary>
/// <param name="Name">Stage name.</param>
/// <param name="Calls">Measurements taken (a stage may run more than once per frame set, or once per run).</param>
/// <param name="TotalSeconds">Time spent in the stage.</param>
/// <param name="MillisecondsPerFrameSet">Total divided by the frame sets of the run.</param>
/// <param name="MaxMilliseconds">Longest single call.</param>
public sealed record StageSummary(string Name, long Calls, double TotalSeconds, double MillisecondsPerFrameSet, double MaxMilliseconds);
