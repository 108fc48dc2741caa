namespace Broadcast3D.Engine.Plugins;

/// <summary>
/// One plugin's record in a host: calls made, exceptions caught, calls over the per-frame time budget, whether it
/// was disabled after repeated failures, and its CPU time per call (mean and worst, microseconds).
/// </summary>
public sealed record PluginCounters(string Name, long Calls, int Failures, long OverBudget, bool Disabled, double MeanMicroseconds, double MaxMicroseconds);
