using System.Diagnostics;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The automatic programme delay against tracking results of known latency (Stopwatch ticks made up by the test, no
/// clock involved): chosen during warm-up, then at most one frame a second, on command at once; the delay line
/// repeats or skips one picture per frame of change.
/// </summary>
public class ProgrammeDelayTests
{
    private static readonly long s_ms = Stopwatch.Frequency / 1000;

    /// <summary>
    /// Feeds results every <paramref name="intervalMs"/> of set time, each reaching the channel <paramref name="latencyMs"/>
    /// after its set was handed to tracking, ticking the delay at 60 fps in between; returns the tick reached.
    /// </summary>
    private static long Run(ProgrammeDelay delay, long fromTick, int results, int intervalMs, int latencyMs, List<int>? delays = null)
    {
        long tick = fromTick;
        for (int r = 0; r < results; r++)
        {
            long ingest = (1 + (tick * 1000 / 60)) * s_ms;
            for (int t = 0; t < intervalMs * 60 / 1000; t++)
            {
                long now = (tick * 1000 / 60) * s_ms;
                if (t == latencyMs * 60 / 1000)
                    delay.RecordTrackingResult(ingest, now + s_ms);
                int delayNow = delay.Step(tick);
                delays?.Add(delayNow);
                tick++;
            }
        }
        return tick;
    }

    [Test]
    public void Step_AutoAfterWarmUp_DelayIsLatencyPlusIntervalPlusOneFrame()
    {
        var delay = new ProgrammeDelay(auto: true, 0, 120, FrameRate.Fps60);
        var delays = new List<int>();
        Run(delay, 0, 20, intervalMs: 400, latencyMs: 300, delays);

        // 400 ms interval + 300 ms latency = 700 ms = 42 frames, + 1 for the hand-over.
        DelayState state = delay.State;
        Assert.That(state.WarmedUp, Is.True);
        Assert.That(state.DelayFrames, Is.InRange(42, 44), $"required p95 {state.RequiredP95Ms} ms");
        Assert.That(state.TrackingLatencyP50Ms, Is.EqualTo(300).Within(20));
        for (int i = 1; i < delays.Count; i++)
            Assert.That(Math.Abs(delays[i] - delays[i - 1]), Is.LessThanOrEqualTo(1), $"tick {i}: one frame of change per tick at most");
        Assert.That(state.WarmUpSteps, Is.EqualTo(state.DelayFrames), "grown from 0 during warm-up, a picture repeated per frame");
        Assert.That((state.RepeatedOnAir, state.SkippedOnAir), Is.EqualTo((0L, 0L)), "steady tracking: no change on air");
    }

    [Test]
    public void Step_TrackingSlowsDownOnAir_GrowsAtMostOneFramePerSecondAndCountsRepeats()
    {
        var delay = new ProgrammeDelay(auto: true, 0, 120, FrameRate.Fps60);
        long tick = Run(delay, 0, 20, intervalMs: 200, latencyMs: 150);
        int before = delay.DelayFrames;
        var delays = new List<int>();
        Run(delay, tick, 40, intervalMs: 400, latencyMs: 350, delays);

        DelayState state = delay.State;
        Assert.That(state.DelayFrames, Is.GreaterThan(before));
        // 40 results × 400 ms = 16 s: at most 16 changes; consecutive changes a second (60 ticks) apart or more.
        int last = -1000, changes = 0;
        for (int i = 1; i < delays.Count; i++)
        {
            if (delays[i] == delays[i - 1])
                continue;
            changes++;
            Assert.That(i - last, Is.GreaterThanOrEqualTo(60), $"tick {i}: changes on air at most one frame a second");
            last = i;
        }
        Assert.That(state.RepeatedOnAir, Is.EqualTo(changes).And.GreaterThan(0));
        Assert.That(state.SkippedOnAir, Is.Zero);
    }

    [Test]
    public void Fix_OnCommand_ReachesTheFixedDelayAFramePerTickAndStaysThere()
    {
        var delay = new ProgrammeDelay(auto: true, 0, 120, FrameRate.Fps60);
        long tick = Run(delay, 0, 20, intervalMs: 300, latencyMs: 200);
        delay.Fix(5);
        int auto = delay.DelayFrames;
        var delays = new List<int>();
        tick = Run(delay, tick, 5, intervalMs: 300, latencyMs: 200, delays);
        Assert.That(delays[^1], Is.EqualTo(5));
        Assert.That(delays.IndexOf(5), Is.EqualTo(auto - 5 - 1), "one frame a tick on command, not one a second");
        Assert.That(delay.State.Auto, Is.False);

        delay.Auto();
        delays.Clear();
        Run(delay, tick, 5, intervalMs: 300, latencyMs: 200, delays);
        Assert.That(delays[^1], Is.EqualTo(auto), "back to the measured delay");
    }

    [Test]
    public void Fix_BeyondTheLine_ThrowsNamingMaxDelayFrames()
    {
        var delay = new ProgrammeDelay(auto: true, 0, 30, FrameRate.Fps60);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => delay.Fix(31));
        Assert.That(ex!.Message, Does.Contain("0 to 30 frames (maxDelayFrames)"));
    }

    [Test]
    public void Step_TrackingSlowerThanTheMaximum_StopsAtMaxDelayFrames()
    {
        var delay = new ProgrammeDelay(auto: true, 0, 30, FrameRate.Fps60);
        Run(delay, 0, 15, intervalMs: 600, latencyMs: 500);
        Assert.That(delay.DelayFrames, Is.EqualTo(30));
    }

    [Test]
    public void RecordGraphicsAge_AfterWarmUp_CountsPercentilesAndFramesWithinOneFrame()
    {
        var delay = new ProgrammeDelay(auto: false, 2, 2, FrameRate.Fps60);
        delay.RecordGraphicsAge(1.0); // before warm-up: not counted
        Run(delay, 0, 12, intervalMs: 100, latencyMs: 50);
        for (int i = 0; i < 90; i++)
            delay.RecordGraphicsAge(0);
        for (int i = 0; i < 10; i++)
            delay.RecordGraphicsAge(0.1 + (i * 0.01));
        delay.RecordGraphicsAge(double.NaN);

        DelayState state = delay.State;
        Assert.That((state.FramesMeasured, state.FramesWithinOneFrame, state.FramesWithoutGraphics), Is.EqualTo((100L, 90L, 1L)));
        Assert.That(state.GraphicsAgeP50Ms, Is.Zero);
        Assert.That(state.GraphicsAgeP95Ms, Is.EqualTo(140).Within(1), "the 95th of 100 ages: the fifth of the ten late ones");
        Assert.That(state.GraphicsAgeMaxMs, Is.EqualTo(190).Within(1e-6));
    }

    [Test]
    public void Push_DelayChangedByOne_RepeatsOrSkipsOnePicture()
    {
        var line = new DelayLine<int[]>(1, 4, () => new int[1]);
        var shown = new List<int?>();
        for (int i = 0; i < 10; i++)
        {
            line.DelayFrames = i switch { 3 => 2, 4 => 3, 7 => 2, _ => line.DelayFrames };
            line.WriteSlot[0] = i;
            shown.Add(line.Push()?[0]);
        }
        // Delay 1, then 2 at push 3 (picture 1 again), 3 at push 4 (again), 2 at push 7 (picture 4 skipped).
        Assert.That(shown, Is.EqualTo(new int?[] { null, 0, 1, 1, 1, 2, 3, 5, 6, 7 }));
    }

    [Test]
    public void DelayFrames_AboveTheRing_Throws()
    {
        var line = new DelayLine<int[]>(0, 3, () => new int[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => line.DelayFrames = 4);
    }
}
