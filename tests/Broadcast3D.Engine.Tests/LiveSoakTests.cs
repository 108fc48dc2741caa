using System.Globalization;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The live soak (<see cref="LiveSoak"/>): a short version in every run, the 8-hour one on request
/// (<c>dotnet test --filter Name~EightSimulatedHours</c>; progress in live-soak.progress.log next to the test assembly;
/// figures in docs/live-reliability.md).
/// </summary>
[NonParallelizable]
public class LiveSoakTests
{
    [Test]
    public void Soak_FourCamerasThreeSimulatedMinutesWithKills_NoFrameMissedCountersAddUpMemoryFlat() =>
        Check(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(1), residentTolerance: 0.03);

    /// <summary>8 simulated hours, or <c>B3D_SOAK_HOURS</c> (a shorter look at the memory trend).</summary>
    [Test]
    [Explicit("8 simulated hours: about an hour of a 2-core machine; run on request")]
    public void Soak_FourCamerasEightSimulatedHoursWithKills_NoFrameMissedCountersAddUpMemoryFlat()
    {
        TimeSpan simulated = TimeSpan.FromHours(Environment.GetEnvironmentVariable("B3D_SOAK_HOURS") is { } hours
            ? double.Parse(hours, CultureInfo.InvariantCulture)
            : 8);

        // glibc's malloc arenas, which FFmpeg's ~38 million allocations per simulated hour go through, keep
        // touching new pages for the first simulated hour or so (+1.2 MB in 61-168 s of wall time on the 2-core
        // VM) and then nearly stop (+0.3 MB over the next 6.6 hours); live native allocations are flat throughout
        // (docs/reliability.md, "Long-soak resident memory"). So a run of 2 hours or more leaves its first hour out.
        Check(simulated, simulated >= TimeSpan.FromHours(2) ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(1), residentTolerance: 0.01);
    }

    /// <param name="simulated">Stream time to run on the virtual clock.</param>
    /// <param name="warmUp">Stream time left out before memory is compared (pools filled, JIT done, arenas settled).</param>
    /// <param name="residentTolerance">
    /// Allowed resident-set growth after warm-up. The managed heap must stay within 1 % in every version. The resident
    /// set is still settling in the first simulated hour (glibc's malloc arenas under the reopened decoders: +0.75 to
    /// +1.33 % over three 3-minute runs on the 2-core VM, nearly flat after the first hour of the 8-hour run), so the
    /// 3-minute CI version allows 3 % and only the long run holds it to the 1 %.
    /// </param>
    private static void Check(TimeSpan simulated, TimeSpan warmUp, double residentTolerance)
    {
        using var tmp = new TempFolder("b3d-soak");
        // Progress goes to a file, not to NUnit: the test adapter keeps every output event (an XmlDocument each, ~3 KB)
        // until the test ends, which a gcdump of the first 8-hour run showed as the heap's slow growth.
        string progress = Path.Combine(TestContext.CurrentContext.WorkDirectory, "live-soak.progress.log");
        File.Delete(progress);
        LiveSoakResult r = LiveSoak.Run(tmp, simulated, line => File.AppendAllText(progress, line + Environment.NewLine));
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
        // After the warm-up (pools filled, JIT done, arenas settled), memory stays within 1 %. Compared as the
        // floor of the first and last thirds of the samples after warm-up: at any instant the heap holds however many
        // 32 KB frame buffers the decoders' pools happen to have filled (±300 KB on a 1.3 MB heap), while anything held
        // per frame or per reconnect raises the floor.
        var after = r.Memory.Where(m => m.SimulatedSeconds > warmUp.TotalSeconds).ToList();
        Assert.That(after, Has.Count.GreaterThanOrEqualTo(6), "memory samples after warm-up");
        int third = Math.Max(1, after.Count / 3);
        (long heapFirst, long rssFirst) = (after.Take(third).Min(m => m.ManagedBytes), after.Take(third).Min(m => m.ResidentBytes));
        (long heapLast, long rssLast) = (after.TakeLast(third).Min(m => m.ManagedBytes), after.TakeLast(third).Min(m => m.ResidentBytes));
        TestContext.Out.WriteLine($"floors: heap {heapFirst} → {heapLast} B, RSS {rssFirst} → {rssLast} B");
        Assert.That((double)(heapLast - heapFirst) / heapFirst, Is.LessThan(0.01), "managed heap growth after warm-up");
        Assert.That((double)(rssLast - rssFirst) / rssFirst, Is.LessThan(residentTolerance), "resident memory growth after warm-up");
    }
}
