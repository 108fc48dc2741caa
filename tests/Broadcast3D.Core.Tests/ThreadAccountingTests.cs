using System.Diagnostics;
using Broadcast3D.Core.Threading;

namespace Broadcast3D.Core.Tests;

public class ThreadAccountingTests
{
    [Test]
    public void CurrentThreadNanoseconds_BusyLoop_AdvancesByAboutTheWork()
    {
        // The thread's clock counts this thread's CPU, so a busy loop of ~50 ms wall time adds at most that much
        // (less when other processes share the core: the lower bound allows a 2-core machine shared 20 ways).
        long cpu0 = ThreadCpuClock.CurrentThreadNanoseconds();
        var wall = Stopwatch.StartNew();
        Spin(TimeSpan.FromMilliseconds(50));
        long cpu = ThreadCpuClock.CurrentThreadNanoseconds() - cpu0;
        Assert.That(cpu, Is.GreaterThan(1_000_000).And.LessThanOrEqualTo(wall.Elapsed.Ticks * 100 + 1_000_000));
    }

    [Test]
    public void CurrentThreadNanoseconds_WhileBlocked_BarelyAdvances()
    {
        // A waiting thread spends no CPU: this is per-thread time, not wall time or the process's.
        using var never = new ManualResetEventSlim();
        long cpu0 = ThreadCpuClock.CurrentThreadNanoseconds();
        never.Wait(TimeSpan.FromMilliseconds(100));
        Assert.That(ThreadCpuClock.CurrentThreadNanoseconds() - cpu0, Is.LessThan(10_000_000));
    }

    [Test]
    public void Cost_AfterWarmUp_CountsOnlyTheWindowsFramesAndAllocations()
    {
        var accounting = new ThreadAccounting("channel", warmUpFrames: 2);
        accounting.Start();
        for (int i = 0; i < 2; i++)
        {
            GC.KeepAlive(new byte[100_000]); // warm-up garbage: left out
            Spin(TimeSpan.FromMilliseconds(1)); // and Spin's first-use costs
            accounting.FrameDone();
        }
        Assert.That(accounting.Cost.Frames, Is.Zero);
        for (int i = 0; i < 4; i++)
        {
            GC.KeepAlive(new byte[10_000]);
            Spin(TimeSpan.FromMilliseconds(5));
            accounting.FrameDone();
        }

        ThreadCost cost = accounting.Cost;
        Assert.That(cost.Frames, Is.EqualTo(4));
        // 10 000 bytes + the array header per frame, plus a few hundred bytes the runtime allocates on this thread
        // while the loops are still being tiered up; nothing of the warm-up's 100 000 (that would add 50 000 a frame).
        Assert.That(cost.AllocatedBytesPerFrame, Is.InRange(10_000, 11_000));
        Assert.That(cost.CpuMillisecondsPerFrame, Is.GreaterThan(0.1).And.LessThan(50));
        Assert.That(cost.ToString(), Does.Match(@"^cpu channel thread: \d+\.\d\d ms/frame, 10\d\d\d B/frame \(4 frames\)$"));
    }

    [Test]
    public void FrameDone_SteadyState_AllocatesNothing()
    {
        var accounting = new ThreadAccounting("ingest", warmUpFrames: 1);
        accounting.Start();
        accounting.FrameDone(); // first call: JIT and P/Invoke stub set-up
        _ = accounting.Cost;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            accounting.FrameDone();
        ThreadCost cost = accounting.Cost;
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That((cost.Frames, cost.AllocatedBytes), Is.EqualTo((1000L, 0L)));
    }

    [Test]
    public void FrameDone_FromAnotherThread_ThrowsNamingTheRole()
    {
        var accounting = new ThreadAccounting("tracking", warmUpFrames: 0);
        var thread = new Thread(accounting.Start);
        thread.Start();
        thread.Join();
        var ex = Assert.Throws<InvalidOperationException>(accounting.FrameDone);
        Assert.That(ex!.Message, Does.Contain("tracking role is owned by thread"));
    }

    [Test]
    public void Cost_NoWarmUp_WindowOpensAtStart()
    {
        var accounting = new ThreadAccounting("sink file", warmUpFrames: 0);
        accounting.Start();
        GC.KeepAlive(new byte[50_000]);
        accounting.FrameDone();
        Assert.That(accounting.Cost.Frames, Is.EqualTo(1));
        Assert.That(accounting.Cost.AllocatedBytes, Is.InRange(50_000, 50_100));
    }

    [Test]
    public void Per_ProgrammeFrames_SpreadsTheCost()
    {
        var cost = new ThreadCost("ingest", 120, 240_000_000, 1200);
        ThreadCost perProgramme = cost.Per(240);
        Assert.That((perProgramme.CpuMillisecondsPerFrame, perProgramme.AllocatedBytesPerFrame), Is.EqualTo((1.0, 5.0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => cost.Per(0));
    }

    [Test]
    public void Cost_SampleProcess_CountsOtherThreadsWork()
    {
        // The pacing thread waits while another thread burns ~60 ms: its own clock barely moves, the process's does.
        var accounting = new ThreadAccounting("channel", warmUpFrames: 0, sampleProcess: true);
        accounting.Start();
        var worker = new Thread(() => Spin(TimeSpan.FromMilliseconds(60)));
        worker.Start();
        worker.Join();
        accounting.FrameDone();

        ThreadCost cost = accounting.Cost;
        Assert.That(cost.ProcessCpuNanoseconds, Is.GreaterThan(cost.CpuNanoseconds + 1_000_000));
        Assert.That(cost.ToString(), Does.Match(@"; whole process \d+\.\d\d ms/frame$"));
    }

    [Test]
    public void Cost_ProcessNotSampled_HasNoProcessFigure()
    {
        var accounting = new ThreadAccounting("ingest", warmUpFrames: 0);
        accounting.Start();
        accounting.FrameDone();
        Assert.That((accounting.Cost.ProcessCpuNanoseconds, double.IsNaN(accounting.Cost.ProcessCpuMillisecondsPerFrame)), Is.EqualTo(((long?)null, true)));
        Assert.That(accounting.Cost.ToString(), Does.Not.Contain("whole process"));
    }

    [Test]
    public void ProcessNanoseconds_IsAtLeastThisThreads() =>
        Assert.That(ThreadCpuClock.ProcessNanoseconds(), Is.GreaterThanOrEqualTo(ThreadCpuClock.CurrentThreadNanoseconds()));

    [Test]
    public void Cost_NoFrames_SaysSo() =>
        Assert.That(new ThreadAccounting("channel", 10).Cost.ToString(), Is.EqualTo("cpu channel thread: no steady-state frames measured"));

    // Allocation-free (no Stopwatch instance): the window's allocations are the test's own arrays only.
    private static void Spin(TimeSpan duration)
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < duration)
            Thread.SpinWait(100);
    }
}
