using System.Globalization;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The live soak (<see cref="LiveSoak"/>): a short version in every run, the 8-hour one on request
/// (<c>dotnet test --filter Name~EightSimulatedHours</c>; figures in docs/live-reliability.md).
/// </summary>
[NonParallelizable]
public class LiveSoakTests
{
    [Test]
    public void Soak_FourCamerasThreeSimulatedMinutesWithKills_NoFrameMissedCountersAddUpMemoryFlat() =>
        Check(TimeSpan.FromMinutes(3));

    [Test]
    [Explicit("8 simulated hours: about an hour or more of a 2-core machine; run on request")]
    public void Soak_FourCamerasEightSimulatedHoursWithKills_NoFrameMissedCountersAddUpMemoryFlat() =>
        Check(TimeSpan.FromHours(8));

    private static void Check(TimeSpan simulated)
    {
        using var tmp = new TempFolder("b3d-soak");
        LiveSoakResult r = LiveSoak.Run(tmp, simulated, line => TestContext.Progress.WriteLine(line));
        long ticks = (long)(simulated.TotalSeconds * 60);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Ticks} ticks ({simulated.TotalMinutes:0} simulated min) in {r.WallSeconds:0.0} s: {r.Shown} shown, {r.Repeated} repeated, " +
            $"{r.PicturesPublished} pictures published, {r.PicturesDropped} dropped, {r.IncompleteSets} incomplete sets, {r.Kills} kills"));
        foreach (var c in r.Cameras)
            TestContext.Out.WriteLine($"{c.Id}: {c.Read} read, {c.Fresh} fresh in the sets, {c.Dropped} dropped, {c.Failures} failures, {c.Reconnects} reconnects");
        foreach (var m in r.Memory)
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.SimulatedSeconds / 60:0} min: heap {m.ManagedBytes} B, RSS {m.ResidentBytes} B"));

        Assert.That(r.Ticks, Is.EqualTo(ticks));
        Assert.That(r.Kills, Is.EqualTo((int)(simulated.TotalSeconds / 10)), "a camera killed every simulated 10 s");
        // The programme misses no frame, and the counters add up.
        Assert.That(r.Repeated, Is.Zero, "programme frames repeated (missed)");
        Assert.That(r.Shown + r.Repeated, Is.EqualTo(r.Ticks), "ticks = shown + repeated");
        Assert.That(r.PicturesPublished, Is.EqualTo(r.Shown + r.PicturesDropped), "pictures in = shown + dropped");
        Assert.That(r.IncompleteSets, Is.Zero);
        for (int c = 0; c < r.Cameras.Count; c++)
        {
            var cam = r.Cameras[c];
            int killed = (r.Kills / r.Cameras.Count) + (c < r.Kills % r.Cameras.Count ? 1 : 0);
            Assert.That(cam.Fresh, Is.EqualTo(r.Ticks), $"{cam.Id}: a fresh frame in every set");
            Assert.That(cam.Dropped, Is.Zero, $"{cam.Id}: frames dropped");
            // Frames in = shown + dropped + the few still queued or held by the sync when the run stopped.
            Assert.That(cam.Read - cam.Fresh - cam.Dropped, Is.InRange(0, 8), $"{cam.Id}: frames read and never accounted for");
            Assert.That(cam.Failures, Is.EqualTo(killed), $"{cam.Id}: each kill is one failure");
            Assert.That(cam.Reconnects, Is.EqualTo(killed), $"{cam.Id}: and one restart");
        }
        // After the first simulated minute (warm-up: pools filled, JIT done), memory stays within 1 %.
        Assert.That(r.Memory, Has.Count.GreaterThanOrEqualTo(2));
        var warm = r.Memory[0];
        var last = r.Memory[^1];
        Assert.That((double)(last.ManagedBytes - warm.ManagedBytes) / warm.ManagedBytes, Is.LessThan(0.01), "managed heap growth after warm-up");
        Assert.That((double)(last.ResidentBytes - warm.ResidentBytes) / warm.ResidentBytes, Is.LessThan(0.01), "resident memory growth after warm-up");
    }
}
