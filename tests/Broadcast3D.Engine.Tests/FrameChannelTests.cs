using System.Diagnostics;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;

namespace Broadcast3D.Engine.Tests;

public class FrameChannelTests
{
    [Test]
    public void Run_VirtualClock_TicksEveryFrameAtExactTimes()
    {
        var times = new List<Rational>();
        var channel = new FrameChannel("pgm", new VirtualFrameClock(FrameRate.Fps59_94), t => times.Add(t.Time));
        long n = channel.Run(600, CancellationToken.None);
        Assert.That(n, Is.EqualTo(600));
        Assert.That(times[599], Is.EqualTo(new Rational(599 * 1001, 60000)));
        Assert.That(channel.Stats.Ticks, Is.EqualTo(600));
    }

    [Test]
    public void Post_FromTickHandler_AppliesBeforeNextFrameInOrder()
    {
        var log = new List<string>();
        FrameChannel? channel = null;
        channel = new FrameChannel("pgm", new VirtualFrameClock(FrameRate.Fps25), t =>
        {
            log.Add($"tick{t.FrameIndex}");
            if (t.FrameIndex == 1)
            {
                channel!.Post(() => log.Add("a"));
                channel.Post(() => log.Add("b"));
            }
        });
        channel.Run(3, CancellationToken.None);
        Assert.That(log, Is.EqualTo(new[] { "tick0", "tick1", "a", "b", "tick2" }));
        Assert.That(channel.Stats.CommandsApplied, Is.EqualTo(2));
    }

    [Test]
    public void Run_Cancelled_StopsBetweenFramesWithoutThrowing()
    {
        using var cts = new CancellationTokenSource();
        var channel = new FrameChannel("pgm", new VirtualFrameClock(FrameRate.Fps25), t =>
        {
            if (t.FrameIndex == 4)
                cts.Cancel();
        });
        Assert.That(channel.Run(null, cts.Token), Is.EqualTo(5));
    }

    [Test]
    public void WaitForFrame_Realtime_NeverReturnsBeforeDeadline()
    {
        var clock = new RealtimeFrameClock(new FrameRate(200, 1));
        for (long n = 0; n < 5; n++)
        {
            clock.WaitForFrame(n, CancellationToken.None);
            Assert.That(Stopwatch.GetTimestamp(), Is.GreaterThanOrEqualTo(clock.DeadlineTicks(n)));
        }
    }

    [Test]
    public void DelayLine_ThreeFrames_ReturnsFrameFromThreePushesAgo()
    {
        var line = new DelayLine<int[]>(3, () => new int[1]);
        var outputs = new List<int?>();
        for (int i = 0; i < 6; i++)
        {
            line.WriteSlot[0] = i;
            outputs.Add(line.Push()?[0]);
        }
        Assert.That(outputs, Is.EqualTo(new int?[] { null, null, null, 0, 1, 2 }));
    }
}
