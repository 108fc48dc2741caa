namespace Broadcast3D.Engine.Offline;

/// <summary>Where an offline run is: <paramref name="Phase"/> ("tracking", "rendering", ...) and frame sets done of the total.</summary>
public readonly record struct OfflineProgress(string Phase, int Done, int Total);
