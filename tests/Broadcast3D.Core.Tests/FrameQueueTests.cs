using Broadcast3D.Core.Threading;

namespace Broadcast3D.Core.Tests;

public class FrameQueueTests
{
    private sealed class Box
    {
        public int Value = -1;
    }

    [Test]
    public void Read_FramesPublishedInOneTick_EachReadInTurnThenTheLastRepeated()
    {
        var queue = new FrameQueue<Box>(() => new Box(), maxBacklog: 2);
        Assert.That(queue.Read(out bool isNew).Value, Is.EqualTo(-1), "before any frame: a slot as the factory made it");
        Assert.That(isNew, Is.False);
        Publish(queue, 0);
        Publish(queue, 1);
        Assert.That(queue.Read(out isNew).Value, Is.EqualTo(0));
        Assert.That(isNew, Is.True);
        Assert.That(queue.Read(out isNew).Value, Is.EqualTo(1));
        Assert.That(isNew, Is.True);
        Assert.That(queue.Read(out isNew).Value, Is.EqualTo(1), "nothing new: the last frame again");
        Assert.That(isNew, Is.False);
        Assert.That(queue.Dropped, Is.Zero);
    }

    [Test]
    public void Read_WriterJitteringAroundTheReaderTick_OneRepeatThenEveryFrameInOrder()
    {
        // Per reader tick, how many frames the writer managed to publish: same rate, phases meeting, so a frame
        // sometimes lands after the tick and the next one before the following tick.
        int[] perTick = [1, 0, 2, 1, 1, 0, 2, 1, 0, 2, 1, 1, 1, 0, 2];
        var queue = new FrameQueue<Box>(() => new Box(), maxBacklog: 2);
        int next = 0, expected = 0, repeats = 0;
        foreach (int published in perTick)
        {
            for (int k = 0; k < published; k++)
                Publish(queue, next++);
            Box frame = queue.Read(out bool isNew);
            if (!isNew)
            {
                repeats++;
                continue;
            }
            Assert.That(frame.Value, Is.EqualTo(expected++), "frames in order, none lost");
        }
        Assert.That(repeats, Is.EqualTo(1), "the first late frame leaves a cushion that absorbs the others");
        Assert.That(queue.Dropped, Is.Zero);
    }

    [Test]
    public void Publish_BacklogFull_DropsTheOldestUnreadFrame()
    {
        var queue = new FrameQueue<Box>(() => new Box(), maxBacklog: 2);
        for (int v = 0; v < 6; v++)
            Publish(queue, v);
        Assert.That(queue.Dropped, Is.EqualTo(3), "three frames are kept: the next one and a backlog of two");
        Assert.That(queue.Read(out _).Value, Is.EqualTo(3));
        Assert.That(queue.Read(out _).Value, Is.EqualTo(4));
        Assert.That(queue.Read(out _).Value, Is.EqualTo(5));
    }

    [Test]
    public void ReadAndPublish_OnTwoThreads_FramesArriveInOrderAndTheHeldSlotIsNeverRewritten()
    {
        var queue = new FrameQueue<Box>(() => new Box(), maxBacklog: 3);
        const int Frames = 200_000;
        var writer = new Thread(() =>
        {
            for (int v = 0; v < Frames; v++)
                Publish(queue, v);
        });
        writer.Start();
        int last = -1;
        while (writer.IsAlive || last < Frames - 1)
        {
            Box frame = queue.Read(out bool isNew);
            int value = Volatile.Read(ref frame.Value);
            if (!isNew)
            {
                Assert.That(value, Is.EqualTo(last), "a repeated slot still holds the frame read before");
                if (!writer.IsAlive && last >= 0 && value == Frames - 1)
                    break;
                continue;
            }
            Assert.That(value, Is.GreaterThan(last), "in order");
            last = value;
        }
        writer.Join();
        Assert.That(last, Is.EqualTo(Frames - 1), "the newest frame is always delivered");
    }

    private static void Publish(FrameQueue<Box> queue, int value)
    {
        Volatile.Write(ref queue.WriteSlot.Value, value);
        queue.Publish();
    }
}
