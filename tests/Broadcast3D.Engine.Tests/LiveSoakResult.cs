namespace Broadcast3D.Engine.Tests;

/// <summary>What a <see cref="LiveSoak"/> run did: its counters and the memory it held over simulated time.</summary>
/// <param name="Ticks">Programme ticks run (simulated seconds × 60).</param>
/// <param name="Shown">Ticks that showed a new programme picture.</param>
/// <param name="Repeated">Ticks that repeated the last picture (a missed programme frame).</param>
/// <param name="PicturesPublished">Programme pictures handed to the channel.</param>
/// <param name="PicturesDropped">Pictures replaced before the channel showed them.</param>
/// <param name="IncompleteSets">Frame sets with a camera missing.</param>
/// <param name="Kills">Cameras killed (each restarted by its reader).</param>
/// <param name="Cameras">Per camera: frames read, frames fresh in the sets, dropped by the reader, failures, reconnects.</param>
/// <param name="Memory">Samples every 10 simulated seconds: simulated seconds, managed heap after a full collection, resident set (bytes).</param>
/// <param name="WallSeconds">Real time the run took.</param>
internal sealed record LiveSoakResult(long Ticks, long Shown, long Repeated, long PicturesPublished, long PicturesDropped, long IncompleteSets, int Kills,
    IReadOnlyList<(string Id, long Read, long Fresh, long Dropped, int Failures, int Reconnects)> Cameras,
    IReadOnlyList<(double SimulatedSeconds, long ManagedBytes, long ResidentBytes)> Memory, double WallSeconds);
