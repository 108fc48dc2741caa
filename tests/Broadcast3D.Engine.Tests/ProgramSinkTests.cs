using System.Collections.Concurrent;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Live;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The two queue policies of a programme output: live drops when every buffer is in flight (the channel never waits),
/// offline waits for a free buffer (the virtual clock has no deadline, so a dropped picture would be a missing frame).
/// </summary>
public class ProgramSinkTests
{
    private const int Pictures = 20;

    [Test]
    public void TryPush_LiveWithOutputBusy_DropsAndCountsEveryPictureWithoutWaiting()
    {
        using var sending = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var sink = new ProgramSink("live", 16, capacity: 1, (_, _) =>
        {
            sending.Set();
            gate.Wait(); // the output is stuck until every picture was offered
        }, () => { }, new StageTiming("latency"));
        Assert.That(sink.TryPush(new byte[16], 0, 0), Is.True);
        Assert.That(sending.Wait(TimeSpan.FromSeconds(10)), Is.True, "the sink thread takes the first picture");
        for (int i = 1; i < Pictures; i++)
            Assert.That(sink.TryPush(new byte[16], i, 0), Is.False, $"picture {i} while the only buffer is in flight");
        gate.Set();
        sink.Complete();
        Assert.That(sink.Dropped, Is.EqualTo(Pictures - 1));
        Assert.That(sink.Sent, Is.EqualTo(1));
    }

    [Test]
    public void TryPush_WaitForFreeWithOutputBusy_WaitsThenSendsEveryPictureInOrder()
    {
        using var sending = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var sent = new ConcurrentQueue<long>();
        var sink = new ProgramSink("offline", 16, capacity: 1, (_, index) =>
        {
            sending.Set();
            gate.Wait(); // the output is stuck until the test lets it go
            sent.Enqueue(index);
        }, () => { }, new StageTiming("latency"), waitForFree: true);
        Task<bool[]> pushes = Task.Run(() => Enumerable.Range(0, Pictures).Select(i => sink.TryPush(new byte[16], i, 0)).ToArray());
        Assert.That(sending.Wait(TimeSpan.FromSeconds(10)), Is.True, "the sink thread takes the first picture");
        // With the only buffer in flight, the second picture waits: a push that dropped would have finished by now.
        Assert.That(pushes.Wait(TimeSpan.FromMilliseconds(300)), Is.False, "pushes wait for the busy output");
        gate.Set();
        Assert.That(pushes.Wait(TimeSpan.FromSeconds(10)), Is.True, "pushes go on once the output is free");
        sink.Complete();
        Assert.That(pushes.Result, Is.All.True);
        Assert.That(sink.Dropped, Is.Zero);
        Assert.That(sink.Sent, Is.EqualTo(Pictures));
        Assert.That(sent, Is.EqualTo(Enumerable.Range(0, Pictures).Select(i => (long)i)));
    }

    [Test]
    public void TryPush_WaitForFreeAfterOutputFailed_ReturnsFalseInsteadOfWaiting()
    {
        var sink = new ProgramSink("offline", 16, capacity: 1, (_, _) => throw new IOException("disk full"), () => { },
            new StageTiming("latency"), waitForFree: true);
        Assert.That(sink.TryPush(new byte[16], 0, 0), Is.True);
        // The failed output hands its buffer back and every later push, waiting or not, is refused and counted.
        for (int i = 1; i < Pictures; i++)
            Assert.That(sink.TryPush(new byte[16], i, 0), Is.False, $"picture {i} after the failure");
        sink.Complete();
        Assert.That(sink.Failure, Is.TypeOf<IOException>());
        Assert.That(sink.Dropped, Is.EqualTo(Pictures - 1));
        Assert.That(sink.Sent, Is.Zero);
    }
}
