using Broadcast3D.Core.Threading;

namespace Broadcast3D.Core.Tests;

public class TripleBufferTests
{
    private sealed class Box
    {
        public long Value;
        public long Check;
    }

    [Test]
    public void Read_NothingPublished_IsNotNew()
    {
        var tb = new TripleBuffer<Box>(() => new Box());
        tb.Read(out bool isNew);
        Assert.That(isNew, Is.False);
    }

    [Test]
    public void Read_AfterTwoPublishes_ReturnsLatestOnce()
    {
        var tb = new TripleBuffer<Box>(() => new Box());
        tb.WriteSlot.Value = 1;
        tb.Publish();
        tb.WriteSlot.Value = 2;
        tb.Publish();
        Box b = tb.Read(out bool isNew);
        Assert.That((b.Value, isNew), Is.EqualTo((2L, true)));
        b = tb.Read(out isNew);
        Assert.That((b.Value, isNew), Is.EqualTo((2L, false)));
    }

    [Test]
    public void ReadAndPublish_Concurrent_NeverTearsAndNeverGoesBack()
    {
        var tb = new TripleBuffer<Box>(() => new Box());
        const long count = 200_000;
        var writer = Task.Run(() =>
        {
            for (long i = 1; i <= count; i++)
            {
                Box w = tb.WriteSlot;
                w.Value = i;
                w.Check = -i;
                tb.Publish();
            }
        });
        long last = 0;
        long torn = 0, backwards = 0;
        while (last < count)
        {
            Box r = tb.Read(out bool isNew);
            if (!isNew)
                continue;
            if (r.Check != -r.Value)
                torn++;
            if (r.Value < last)
                backwards++;
            last = r.Value;
        }
        writer.Wait();
        Assert.That((torn, backwards), Is.EqualTo((0L, 0L)));
    }
}
