using Broadcast3D.Core.Threading;

namespace Broadcast3D.Core.Tests;

/// <summary>
/// <see cref="ThreadAccounting.StateChangeDone"/>: a frame that handled a state change (a camera leaving the sets,
/// logged) counts as a frame, and its allocations are reported apart from the per-frame path's.
/// </summary>
public class ThreadAccountingStateChangeTests
{
    [Test]
    public void Cost_StateChangeFrameInTheWindow_ItsBytesApartAndTheOthersCounted()
    {
        var accounting = new ThreadAccounting("ingest", warmUpFrames: 1);
        accounting.Start();
        accounting.FrameDone(); // the warm-up frame: the window opens here
        accounting.FrameDone();
        GC.KeepAlive(new byte[10_000]); // the state change's log line, say
        accounting.StateChangeDone();
        GC.KeepAlive(new byte[500]); // a per-frame allocation
        accounting.FrameDone();

        ThreadCost cost = accounting.Cost;
        Assert.Multiple(() =>
        {
            Assert.That(cost.Frames, Is.EqualTo(3), "the state change's frame is a frame of the window");
            Assert.That(cost.StateChangeFrames, Is.EqualTo(1));
            Assert.That(cost.StateChangeBytes, Is.InRange(10_000, 10_100), "the 10 KB array (and its header)");
            Assert.That(cost.AllocatedBytes, Is.InRange(500, 600), "only the per-frame 500 B array (and its header)");
            Assert.That(cost.ToString(), Does.EndWith($"; 1 state changes, {cost.StateChangeBytes} B apart"));
        });
    }

    [Test]
    public void Cost_StateChangeDuringWarmUp_LeftOutWithTheWarmUp()
    {
        var accounting = new ThreadAccounting("ingest", warmUpFrames: 2);
        accounting.Start();
        GC.KeepAlive(new byte[10_000]);
        accounting.StateChangeDone();
        accounting.FrameDone();
        accounting.FrameDone();

        ThreadCost cost = accounting.Cost;
        Assert.Multiple(() =>
        {
            Assert.That(cost.Frames, Is.EqualTo(1));
            Assert.That(cost.StateChangeFrames, Is.Zero);
            Assert.That(cost.StateChangeBytes, Is.Zero);
            Assert.That(cost.AllocatedBytes, Is.Zero);
            Assert.That(cost.ToString(), Does.Not.Contain("state change"));
        });
    }
}
