using System.Diagnostics;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Core.Tests;

/// <summary>
/// The channel thread's first real wait (a channel that starts behind real time and catches up later) must not
/// allocate: <see cref="RealtimeFrameClock"/> does the thread's first wait on the first frame (docs/found.md).
/// </summary>
public class RealtimeFrameClockAllocationTests
{
    [Test]
    public void WaitForFrame_FirstBlockingWaitAfterALateFirstFrame_AllocatesNothing()
    {
        long waitBytes = -1;
        double waitedSeconds = 0;
        Exception? failure = null;
        using var cts = new CancellationTokenSource();
        // A fresh thread, like the channel's: nothing has waited on a handle on it yet.
        var thread = new Thread(() =>
        {
            try
            {
                // 10 fps: frame 1 is due 100 ms after the start, so the second call blocks on the token's handle.
                var clock = new RealtimeFrameClock(new FrameRate(10, 1));
                clock.Start();
                clock.WaitForFrame(0, cts.Token); // due now: no time left, nothing to wait for (as when running late)
                long before = GC.GetAllocatedBytesForCurrentThread();
                long start = Stopwatch.GetTimestamp();
                clock.WaitForFrame(1, cts.Token);
                waitedSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                waitBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();

        Assert.That(failure, Is.Null, "the waiting thread failed");
        // Not a speed bound: it shows the second call did block on the handle (so the bytes measured cover a wait).
        Assert.That(waitedSeconds, Is.GreaterThan(0.05), "frame 1 is due 100 ms after the start: the call must have waited");
        Assert.That(waitBytes, Is.Zero, "managed bytes allocated by the thread's first blocking wait for a frame");
    }
}
